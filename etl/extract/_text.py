"""Small text helpers shared by the section extractors."""
from __future__ import annotations

import re
from collections.abc import Iterable
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
    return re.compile(trie_pattern({line.split("\t")[0].split()[0] for line in lexicon(name)}))


def trie_pattern(words: Iterable[str]) -> str:
    """Regex source matching any of `words`, trying the longest first where several match at a position.

    It matches as `|`.join of the words sorted longest first does, but is written as a trie (word[0](rest…)|…):
    re tries the branches of an alternation one by one, and a trie has one branch per first character
    rather than one per word, so scanning text is several times faster.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return _trie_source(trie)


def _trie_source(node: dict) -> str:
    branches = [re.escape(ch) + _trie_source(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body  # greedy: the longer words first, then the word ending here


@lru_cache(maxsize=None)
def table(name: str) -> dict[str, tuple[str, ...]]:
    """Lexicon `name` as `key<TAB>value…` lines: key → the other columns."""
    out: dict[str, tuple[str, ...]] = {}
    for line in lexicon(name):
        parts = line.split("\t")
        out[parts[0].strip()] = tuple(p.strip() for p in parts[1:])
    return out
