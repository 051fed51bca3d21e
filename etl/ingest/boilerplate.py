"""Which page lines are the article: find the lead, cut the footer, drop site furniture.

Works on normalized, simplified lines (see normalize.py). The article body is
the lead paragraph (a dateline such as `X讯`/`X消息`/`X电`, a byline in
brackets, a date opening, else the first line of prose) up to the first
footer line (`责任编辑`, `版权声明`, `相关新闻` … from
`boilerplate_footer.txt`), minus boilerplate lines inside it: markers from
`boilerplate.txt`, widget labels, navigation and link lists (`A | B | C`,
`首页 >> X`), lines holding only a URL or a number, and the trailing
`(责任编辑:X)` or `(来源:X)` note of a paragraph. A page without any line
that looks like a lead keeps all its non-boilerplate lines.
"""
from __future__ import annotations

import re
from functools import lru_cache

from etl.reference import lexicon

# Only a short line is judged by a marker it contains; a long one must start with it.
SHORT_LINE = 40
# A line of prose: a sentence stop, or a long line with commas.
_PROSE_STOP = re.compile(r"[。!?！？;；]")
_PROSE_MIN = 20
_PROSE_COMMA_MIN = 50

_NUMBERING = re.compile(r"^(?:[(（\[【]?\d{1,3}[)）\]】.、]?\s*|[【\[(（]\s*)")
# What follows `X讯`/`X消息` in a dateline: a bracket, colon, date, byline or time word.
DATELINE_FOLLOWER = r"(?=\s*[(（:\d\s]|记者|通讯员|日前|近日|近期|连日|今天|今日|昨天|昨日|本周|上周|截至|$)"
_DATELINE = re.compile(
    rf"^(?:[(（\[【]?[\u4e00-\u9fffA-Za-z]{{1,20}}(?:讯|消息){DATELINE_FOLLOWER}"
    r"|[\u4e00-\u9fffA-Za-z]{2,20}\d{1,2}月\d{1,2}日电"
    r"|[(（\[【]\s*(?:[\u4e00-\u9fff]{0,10}(?:记者|通讯员)))")
_DATE_OPENING = re.compile(r"^(?:\d{4}年)?\d{1,2}月\d{1,2}日")
_SUMMARY = re.compile(r"^[【\[]?(?:摘要|导读|核心提示|内容提要|编者按|提要)[】\]]?[:\s]")
_LONE_NUMBER = re.compile(r"^[(（\[【]?(?:\d{1,3}|[一二三四五六七八九十]{1,3})[)）\]】.、]?$")
_URL_ONLY = re.compile(r"^<?(?:https?:)?//\S+>?$|^www\.\S+$")
_LINK_SEPARATOR = re.compile(r"\s*(?:\||>>|»|›|>|/)\s*")
_SEPARATOR_CHAR = re.compile(r"[|>»›/]")
_TRAILING_NOTE = re.compile(
    r"\s*[(（【\[](?:责任编辑|编辑|校对|审核|来源|文章来源|稿件来源)\s*[:/ ]"
    r"[^()（）【】\[\]]{1,30}[)）】\]]\s*$")
_NAV_SEGMENT = re.compile(r"^[\u4e00-\u9fffA-Za-z]{1,5}$")
# Link lists: items short enough to be menu entries or place names (a long autonomous
# county name may exceed it; most items must fit).
_LINK_ITEM_MAX = 12
_LINK_SHARE = 0.8
_BULLET = re.compile(r"^[•·▪●◆■□○◇\-*]\s*")


@lru_cache(maxsize=None)
def _markers(name: str) -> tuple[str, ...]:
    return tuple(entry.replace("：", ":") for entry in lexicon(name))


@lru_cache(maxsize=None)
def _marker_pattern(name: str) -> re.Pattern:
    return re.compile("|".join(map(re.escape, sorted(_markers(name), key=len, reverse=True))))


@lru_cache(maxsize=1)
def _widgets() -> frozenset[str]:
    return frozenset(_markers("boilerplate_widgets"))


def warm_up() -> None:
    """Read the marker lists now rather than on the first page."""
    for name in ("boilerplate", "boilerplate_footer"):
        _marker_pattern(name)
    _widgets()


def _starts_with_marker(line: str, pattern: re.Pattern) -> bool:
    """Whether the line, or the line after a leading list number or bracket (`1.凡本网…`), starts with a marker."""
    if pattern.match(line) is not None:
        return True
    numbering = _NUMBERING.match(line)
    # Markers are plain strings: matching at the end of the numbering is matching the line without it.
    return numbering is not None and pattern.match(line, numbering.end()) is not None


def _without_bullet(line: str) -> str:
    bullet = _BULLET.match(line)
    return line[bullet.end():] if bullet else line


def _has_marker(line: str, name: str) -> bool:
    pattern = _marker_pattern(name)
    if len(line) <= SHORT_LINE:
        return pattern.search(line) is not None
    return _starts_with_marker(line, pattern)


def is_footer(line: str) -> bool:
    """Whether the line opens the block that follows an article (editor line, notices, related links …)."""
    return _starts_with_marker(line, _marker_pattern("boilerplate_footer"))


def is_link_list(line: str) -> bool:
    """Navigation, breadcrumbs and spam link lists: three or more short items joined by | > » or /."""
    if _PROSE_STOP.search(line):
        return False
    if _SEPARATOR_CHAR.search(line):  # split only then: the split pattern is tried at every position
        parts = [p for p in _LINK_SEPARATOR.split(line) if p]
        if len(parts) >= 3 and sum(len(p) <= _LINK_ITEM_MAX for p in parts) >= _LINK_SHARE * len(parts):
            return True
    if len(line) > SHORT_LINE or line.count(" ") < 2:
        return False
    # 首页 新闻 政务: a row of menu words, each too short to be a phrase of prose.
    return all(_NAV_SEGMENT.match(w) for w in line.split(" "))


def is_boilerplate(line: str) -> bool:
    """Whether a whole line is site furniture rather than article text."""
    if _without_bullet(line) in _widgets() or _LONE_NUMBER.match(line) or _URL_ONLY.match(line):
        return True
    if _has_marker(line, "boilerplate") or is_link_list(line):
        return True
    return len(line) <= SHORT_LINE and is_footer(line)


def is_summary(line: str) -> bool:
    """An abstract above the article (`摘要:`, `导读:`, `编者按:` …), which repeats or precedes the lead."""
    return _SUMMARY.match(line) is not None


def is_prose(line: str) -> bool:
    """A line that reads as running text rather than a headline, menu or label."""
    if len(line) >= _PROSE_MIN and _PROSE_STOP.search(line):
        return True
    return len(line) >= _PROSE_COMMA_MIN and ("," in line or "、" in line)


def is_lead(line: str) -> bool:
    """Whether the line opens an article: a dateline (`X讯`, `X消息`, `X电`), a bracketed byline or a date."""
    if _DATELINE.match(line):
        return True
    return _DATE_OPENING.match(line) is not None and is_prose(line)


def find_lead(lines: list[str]) -> int | None:
    """Index of the article's lead line, or None when no line looks like one."""
    first_prose = None
    for i, line in enumerate(lines):
        if is_summary(line) or is_boilerplate(line):
            continue
        if is_lead(line):
            return i
        if first_prose is None and is_prose(line):
            first_prose = i
    return first_prose


def _without_trailing_note(line: str) -> str:
    """The line without its trailing `(责任编辑:X)` or `(来源:X)` note."""
    if not line.rstrip().endswith((")", "）", "】", "]")):
        return line  # no note can end it: skip the regular expression, which tries every position
    return _TRAILING_NOTE.sub("", line)


def article_lines(lines: list[str]) -> list[str]:
    """The article body's lines: from the lead to the footer, boilerplate lines and notes removed."""
    lead = find_lead(lines)
    start = lead if lead is not None else 0
    out = []
    for i in range(start, len(lines)):
        line = lines[i]
        if i > start and is_footer(line):
            break
        line = _without_trailing_note(line)
        if line and (i == lead or not (is_boilerplate(line) or is_summary(line))):
            out.append(line)
    return out
