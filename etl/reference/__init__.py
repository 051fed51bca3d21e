"""Reference data: the gazetteer and the lexicons in `data/` (general knowledge of the genre)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=None)
def lexicon(name: str) -> tuple[str, ...]:
    """Lines of `data/<name>.txt`, without blanks and `#` comments, in file order."""
    lines = (DATA_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return tuple(s for line in lines if (s := line.split("#", 1)[0].strip()))
