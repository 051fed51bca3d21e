"""The generator's own vocabulary and templates, read from `etl/generate/data/*.txt`.

Each file holds one entry a line; `#` starts a comment; tab-separated columns where
the file's header says so. Nothing here is taken from a particular article: these
are the genre's common words and the frames this generator writes its text with.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=None)
def lines(name: str) -> tuple[str, ...]:
    """Entries of `data/<name>.txt` in file order, without blanks and `#` comments.

    Raises FileNotFoundError for an unknown name: a typo must not yield an empty list.
    """
    text = (DATA_DIR / f"{name}.txt").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        entry = line.split("#", 1)[0].rstrip()
        if entry.strip():
            out.append(entry.strip(" "))
    if not out:
        raise ValueError(f"data/{name}.txt has no entries")
    return tuple(out)


@lru_cache(maxsize=None)
def columns(name: str, width: int) -> tuple[tuple[str, ...], ...]:
    """Entries of `data/<name>.txt` split at tabs; every line must have `width` columns."""
    rows = []
    for entry in lines(name):
        row = tuple(entry.split("\t"))
        if len(row) != width:
            raise ValueError(f"data/{name}.txt: {entry!r} has {len(row)} columns, want {width}")
        rows.append(row)
    return tuple(rows)


@lru_cache(maxsize=None)
def grouped(name: str) -> dict[str, tuple[str, ...]]:
    """Two-column `data/<name>.txt` as {first column: (second columns in order)}."""
    out: dict[str, list[str]] = {}
    for key, value in columns(name, 2):
        out.setdefault(key, []).append(value)
    return {k: tuple(v) for k, v in out.items()}


@dataclass(frozen=True)
class FigureFrame:
    kind: str
    unit: str
    spec: str      # yi:1-900, int:2-400 ...
    frame: str     # clause with {v}


@lru_cache(maxsize=1)
def figure_frames() -> tuple[FigureFrame, ...]:
    return tuple(FigureFrame(*row) for row in columns("figures", 4))


@lru_cache(maxsize=1)
def campaign_classes() -> dict[str, str]:
    """Lexicon campaign → the class of frame that fits it."""
    return dict(columns("campaigns", 2))
