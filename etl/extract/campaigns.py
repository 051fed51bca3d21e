"""Campaigns: named policy campaigns, mechanisms, targets and slogans, as written.

Two sources:
1. the lexicon `campaigns.txt` (general knowledge of the genre: 项目为王, 三个一批 …),
   matched anywhere in the body, longest first;
2. quoted phrases (“…” or ‘…’, 2–12 characters) that look like a campaign: a numeric code
   (“2345”), a numbered slogan (“两个确保”, “四个不介绍”), a phrase ending in a programme word
   (`campaign_suffixes.txt`: 建设年, 工程, 机制 …) or followed by one (`campaign_cues.txt`:
   “一窗通办”服务模式), a parallel slogan whose parts all start with a numeral or a period
   word (“周交办、月讲评”), and parts built like 产业兴县 (`campaign_affixes.txt`).
Quotes holding an honour, a pronoun, a particle or punctuation (`campaign_rejects.txt`) are
quoted speech, honours or sentences and never campaigns; metaphors (“金融活水”) match none
of the rules. Text without campaigns gives an empty list.
"""
from __future__ import annotations

import re
from functools import lru_cache

from etl.extract._text import alternation
from etl.extract.sentences import SentenceIndex
from etl.reference import lexicon

_QUOTES = (re.compile(r"“([^“”]{2,24})”"), re.compile(r"‘([^‘’]{2,24})’"),
           re.compile(r"\"([^\"]{2,24})\""))
_NUMERAL_START = re.compile(r"^[一二两三四五六七八九十百千万双]")
_PERIOD_START = re.compile(r"^[日周旬月季年]")
_CODE = re.compile(r"^\d{2,8}$")
_PUNCT = re.compile(r"[,，。:：;；!！?？()（）《》]")


@lru_cache(maxsize=1)
def _cue() -> re.Pattern:
    return re.compile(rf"[的等]?(?:{alternation('campaign_cues').pattern})")


@lru_cache(maxsize=1)
def _rejects() -> re.Pattern:
    """Any word of `campaign_rejects.txt` (a pattern that never matches when the list is empty)."""
    words = lexicon("campaign_rejects")
    return re.compile("|".join(map(re.escape, words)) if words else "(?!)")


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    return frozenset(lexicon("campaigns"))


def _rejected(phrase: str) -> bool:
    return bool(_PUNCT.search(phrase)) or _rejects().search(phrase) is not None


def _affixed(part: str) -> bool:
    return len(part) == 4 and part.endswith(lexicon("campaign_affixes"))


def judge_quote(phrase: str, after: str) -> list[str]:
    """The campaigns a quoted `phrase` names, given the text `after` its closing quote."""
    phrase = phrase.strip().strip("“”‘’\"")
    if _rejected(phrase):
        return []
    known = _known()
    parts = [p for p in phrase.split("、") if p]
    if len(parts) > 1:
        out = [p for p in parts if p in known or _affixed(p)]
        if all(2 <= len(p) <= 8 and (_NUMERAL_START.match(p) or _PERIOD_START.match(p)) for p in parts):
            out.insert(0, phrase)
        return out
    if not 2 <= len(phrase) <= 12:
        return []
    if (phrase in known or _CODE.match(phrase) or _affixed(phrase)
            or (_NUMERAL_START.match(phrase) and 3 <= len(phrase) <= 8)
            or phrase.endswith(lexicon("campaign_suffixes")) or _cue().match(after)):
        return [phrase]
    return []


def extract_campaigns(body: str, index: SentenceIndex) -> list[dict]:
    """Campaign mentions of `body` in order of first appearance: text, span (first sentence), count."""
    found: dict[str, int] = {}
    for m in alternation("campaigns").finditer(body):
        found.setdefault(m.group(), m.start())
    for pattern in _QUOTES:
        for m in pattern.finditer(body):
            for text in judge_quote(m.group(1), body[m.end():m.end() + 8]):
                found.setdefault(text, m.start(1) + max(m.group(1).find(text), 0))
    ordered = sorted(found.items(), key=lambda kv: kv[1])
    return [{"text": t, "span": index.span(at), "count": max(body.count(t), 1)} for t, at in ordered]
