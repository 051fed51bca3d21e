"""China's administrative divisions (GB/T 2260) from jionlp's maintained dictionary.

jionlp ships `dictionary/china_location.txt`: one line per division, indented by
level (province, prefecture, county, then towns and villages, which we skip),
each `name<TAB>code<TAB>alias`. We read the file directly rather than through
`import jionlp`, which loads far more than we need.
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LEVELS = ("province", "prefecture", "county")


@dataclass(frozen=True)
class Division:
    name: str            # full name: 驻马店市
    admin_code: str      # six digits: 411700
    level: str           # province | prefecture | county
    parent_code: str | None
    aliases: tuple[str, ...]  # short names: 驻马店


def jionlp_text(name: str) -> str:
    """The text of one of jionlp's dictionary files, e.g. `china_location.txt`.

    jionlp ships its large dictionaries zipped (`china_location.zip`) and unzips them on
    first use; we read the zip directly, so a fresh install works without that step.
    """
    import zipfile

    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jionlp is not installed; it provides the gazetteer")
    folder = Path(list(spec.submodule_search_locations)[0]) / "dictionary"
    plain = folder / name
    if plain.exists():
        return plain.read_text(encoding="utf-8")
    archive = folder / f"{Path(name).stem}.zip"
    if not archive.exists():
        raise FileNotFoundError(f"jionlp has neither {plain} nor {archive}")
    with zipfile.ZipFile(archive) as z:
        return z.read(name).decode("utf-8")


@lru_cache(maxsize=1)
def divisions() -> tuple[Division, ...]:
    """Every province, prefecture and county, parents first, one row per admin code."""
    out: dict[str, Division] = {}
    parents: list[str | None] = [None, None, None]
    for line in jionlp_text("china_location.txt").splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip().split("\t")
        if depth > 2 or len(fields) != 3:
            continue
        name, code, alias = fields
        parent = parents[depth - 1] if depth else None
        parents[depth] = code
        if code in out:  # municipalities repeat themselves as their own prefecture
            continue
        aliases = tuple(a for a in alias.split("/") if a and a != name)
        out[code] = Division(name, code, LEVELS[depth], parent, aliases)
    return tuple(out.values())


@lru_cache(maxsize=1)
def by_code() -> dict[str, Division]:
    return {d.admin_code: d for d in divisions()}


@lru_cache(maxsize=1)
def by_name() -> dict[str, tuple[Division, ...]]:
    """Full names and aliases → the divisions they may mean (several when ambiguous)."""
    index: dict[str, list[Division]] = {}
    for d in divisions():
        for key in (d.name, *d.aliases):
            index.setdefault(key, []).append(d)
    return {k: tuple(v) for k, v in index.items()}
