"""Small text helpers shared by the section extractors."""
from __future__ import annotations

import re
from functools import lru_cache

from etl.reference import lexicon

CJK = re.compile(r"[\u4e00-\u9fff]")
CLAUSE_BREAK = re.compile(r"[,，:：;；。!！?？\s]")


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def clauses(text: str) -> list[str]:
    """`text` cut at commas, colons, sentence stops and whitespace, empty pieces dropped."""
    return [c for c in CLAUSE_BREAK.split(text) if c]


@lru_cache(maxsize=None)
def alternation(name: str) -> re.Pattern:
    """A regex matching any entry of lexicon `name` (first column), longest entries first."""
    words = sorted({line.split("\t")[0].split()[0] for line in lexicon(name)}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


@lru_cache(maxsize=None)
def table(name: str) -> dict[str, tuple[str, ...]]:
    """Lexicon `name` as `key<TAB>value…` lines: key → the other columns."""
    out: dict[str, tuple[str, ...]] = {}
    for line in lexicon(name):
        parts = line.split("\t")
        out[parts[0].strip()] = tuple(p.strip() for p in parts[1:])
    return out
