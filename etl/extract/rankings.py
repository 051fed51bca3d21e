"""Rankings: ordered lists that the article presents as a ranking.

A ranking is a marker from `ranking_markers.txt` (排名先后顺序为, 依次为 …) followed by
items separated by 、 up to the end of the sentence; its list name is the clause in front
of the marker plus 排名 (七县三区 + 排名先后顺序为 → 七县三区排名). Lists of fewer than two
items are not rankings. Text without markers gives an empty list.
"""
from __future__ import annotations

import re
from functools import lru_cache

from etl.extract._text import alternation
from etl.extract.sentences import SentenceIndex

_ITEM_END = re.compile(r"[。;；,，\n!！?？]")
_CLAUSE_END = ",，。;；:：!！?？\n"


@lru_cache(maxsize=1)
def _marker() -> re.Pattern:
    return re.compile(rf"(?:{alternation('ranking_markers').pattern})[:：]?")


def extract_rankings(body: str, index: SentenceIndex) -> list[dict]:
    """Ranked lists of `body` in text order: list name, items in rank order, span."""
    out = []
    for m in _marker().finditer(body):
        stop = _ITEM_END.search(body, m.end())
        tail = body[m.end():stop.start() if stop else len(body)]
        items = [re.sub(r"等$", "", i.strip()) for i in tail.split("、")]
        items = [i for i in items if i]
        if len(items) < 2:
            continue
        start = m.start()
        while start > 0 and body[start - 1] not in _CLAUSE_END:
            start -= 1
        head = body[start:m.start()].strip()
        name = head if head.endswith(("排名", "排序")) else head + "排名"
        out.append({"list": name, "items": items, "span": index.span(m.start())})
    return out
