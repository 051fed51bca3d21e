"""Figures: numbers with a unit in the body, normalized (90.2亿元 → money 9020000000 元).

A figure is a number (Arabic, or Chinese numerals such as 两, 十四, 一百二十), an optional
multiplier (万, 亿, 千万 …) and a unit from `figure_units.txt`, whose kind it takes
(money, count, percent, points, duration); 第N位 / 第N名 is a rank. A range (5万元至30万元,
5至30万元) gives one figure per end. Not figures: ordinals of events (第十四次), dates and
years (2022年, 10月份), numbers without a unit (slogan codes such as 863110), numbers
inside short quoted slogans (“三个一批”), and small Chinese-numeral counts (一个, 三项),
which in this genre are idioms and enumerations rather than measurements. The same
figure written the same way (number, unit and the two characters after) is kept once.
Text without figures gives an empty list.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from etl.extract._text import table, trie_pattern
from etl.extract.sentences import SentenceIndex

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_MULT = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4}
_CN_NUMERALS = "零〇一二两三四五六七八九十百千"
_NUM = rf"\d+(?:,\d{{3}})*(?:\.\d+)?|[{_CN_NUMERALS}]+"
_MULTS = trie_pattern(_MULT)
_RANGE = "至|到|~|-|—|－"  # 5至30万元
_SHORT_QUOTE = re.compile(r"[“‘\"「][^”’\"」]{1,12}[”’\"」]")
_YEAR = re.compile(r"(19|20)\d\d")
# Up to six characters before a figure, back to the nearest punctuation: its context
_CONTEXT = re.compile(r"[^,，。;；:：、“”‘’()（）!！?？ \n]{0,6}\Z")


def cn_number(text: str) -> float | None:
    """Value of a Chinese numeral (十四 → 14, 一百二十 → 120, 两 → 2); None if it is not one."""
    total, digit = 0, None
    for ch in text:
        if ch in "零〇" and total and digit is None:
            continue  # 一百零五: the zero only holds a place
        if ch in _CN_DIGITS:
            if digit is not None:  # 二零二二: digit by digit
                if not all(c in _CN_DIGITS for c in text):
                    return None
                return float("".join(str(_CN_DIGITS[c]) for c in text))
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            return None
    return float(total + (digit or 0))


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    units = trie_pattern(table("figure_units"))  # (a trie: the longest unit first, as sorted alternatives)
    return re.compile(
        rf"(?P<ord>第)?(?P<n1>{_NUM})(?P<m1>{_MULTS})?"
        rf"(?:(?P<u1>{units})?(?P<sep>{_RANGE})(?P<n2>{_NUM})(?P<m2>{_MULTS})?)?(?P<u>{units})"
        rf"|百分之(?P<pct>{_NUM})")


@lru_cache(maxsize=1)
def _starts() -> re.Pattern:
    """Where `_pattern()` may match (a superset of it), cheap to find: re skips to the first character.

    A figure starts with 第, a digit or a Chinese numeral, and is 百分之… or goes on with number and
    multiplier characters only until a unit or a range separator begins.
    """
    number = rf"第\d,.{_CN_NUMERALS}万亿"
    unit_or_range = "".join(sorted({u[0] for u in table("figure_units")} | set(_RANGE.split("|"))))
    return re.compile(rf"[第\d{_CN_NUMERALS}](?:(?<=百)(?=分之)|(?=[{number}]*?[{re.escape(unit_or_range)}]))")


def _matches(body: str) -> list[re.Match]:
    """What `_pattern().finditer(body)` finds, tried only where a figure can begin.

    The pattern starts with an optional group, so `re` cannot skip ahead by itself and would try
    every offset; a match starts at the leftmost candidate at or after the previous match's end.
    """
    match = _pattern().match
    out: list[re.Match] = []
    free = 0
    for c in _starts().finditer(body):
        if c.start() >= free and (m := match(body, c.start())):
            out.append(m)
            free = m.end()
    return out


def _value(num: str, mult: str | None) -> tuple[float | None, bool]:
    """(value, written in Chinese numerals)."""
    if num[0].isdigit():
        value, chinese = float(num.replace(",", "")), False
    else:
        value, chinese = cn_number(num), True
    if value is None:
        return None, chinese
    return value * _MULT.get(mult or "", 1.0), chinese


def _clean(value: float) -> int | float:
    value = round(value, 4)
    return int(value) if value == int(value) else value


def extract_figures(body: str, index: SentenceIndex) -> list[dict]:
    """Figures of `body` in text order: kind, value, unit, text (with a little context), span."""
    units = table("figure_units")
    quotes = [m.span() for m in _SHORT_QUOTE.finditer(body)]  # in order, never overlapping
    quote_starts = [start for start, _ in quotes]
    out: list[dict] = []
    seen: set[tuple] = set()
    for m in _matches(body):
        k = bisect_right(quote_starts, m.start()) - 1
        if k >= 0 and m.start() < quotes[k][1]:  # inside a short quote
            continue
        written = body[m.start():m.end() + 2]
        for fig in _figures_of(m, units, body):
            key = (fig["kind"], fig["value"], fig["unit"], written)
            if key not in seen:
                seen.add(key)
                out.append({**fig, "span": index.span(m.start())})
    return out


def _figures_of(m: re.Match, units: dict, body: str) -> list[dict]:
    text = _context(body, m.start()) + m.group()
    if m.group("pct"):
        value, _ = _value(m.group("pct"), None)
        if value is None:
            return []
        return [{"kind": "percent", "value": _clean(value), "unit": "%", "text": text}]
    unit = m.group("u")
    kind, recorded = units[unit]
    if m.group("ord"):
        if unit not in ("位", "名"):
            return []  # 第十四次: the ordinal of an event
        kind, recorded = "rank", unit
    if body[m.start() - 1:m.start()] in ("前", "后") and unit in ("名", "位"):
        return []
    first_mult = m.group("m1")
    if m.group("sep") and not m.group("u1") and not first_mult:
        first_mult = m.group("m2")  # 5至30万元: the multiplier is written once, at the end
    ends = [(m.group("n1"), first_mult)]
    if m.group("sep"):
        ends.append((m.group("n2"), m.group("m2")))
    out = []
    for num, mult in ends:
        value, chinese = _value(num, mult)
        if value is None or _not_a_figure(num, unit, kind, value, chinese, body, m):
            return []
        out.append({"kind": kind, "value": _clean(value), "unit": recorded, "text": text})
    return out


def _not_a_figure(num: str, unit: str, kind: str, value: float, chinese: bool, body: str, m) -> bool:
    if unit == "年" and (_YEAR.fullmatch(num) or body.startswith("度", m.end())):
        return True  # a year, not a duration
    if unit == "年" and chinese and len(num) == 4:
        return True
    if chinese and kind == "count" and value < 10:
        return True
    if chinese and num == "一" and (kind != "duration" or body.startswith(("来", "度", "多"), m.end())):
        return True  # 一个, 一批 are idioms; 建设周期一年 is a duration, 一年来 is not
    if unit in ("天",) and body.startswith("津", m.end()):
        return True
    return False


def _context(body: str, start: int) -> str:
    return _CONTEXT.search(body, max(start - 6, 0), start).group()
