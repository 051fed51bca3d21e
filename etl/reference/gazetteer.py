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


def _jionlp_dictionary(name: str) -> Path:
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jionlp is not installed; it provides the gazetteer")
    return Path(list(spec.submodule_search_locations)[0]) / "dictionary" / name


@lru_cache(maxsize=1)
def divisions() -> tuple[Division, ...]:
    """Every province, prefecture and county, parents first, one row per admin code."""
    out: dict[str, Division] = {}
    parents: list[str | None] = [None, None, None]
    for line in _jionlp_dictionary("china_location.txt").read_text(encoding="utf-8").splitlines():
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
