"""The `article` section of the record (without `region`, which the regions extractor fills).

`extract_article(doc)` reads the Document's `meta` (what the container
states), its page `lines` (header lines above the lead, footer lines below
the body) and its `body`. What it cannot find it leaves null or empty, never
guessed: a title only from the container or a title-like line above the lead,
dates only as precise as written (a year only when stated), a source only
when the page names an outlet, a URL only when the page states the
article's own link.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from etl.ingest import Document
from etl.ingest.boilerplate import DATELINE_FOLLOWER, find_lead, is_boilerplate, is_link_list, is_summary
from etl.reference import lexicon

CJK_NAME = r"[\u4e00-\u9fff]{2,4}"
_CJK_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")
_NAME = re.compile(rf"^{CJK_NAME}$")

# --- dates -----------------------------------------------------------------

_DATETIME = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?"
    r"(?:\s*T?\s*(\d{1,2})\s*[:时]\s*(\d{1,2})(?:\s*[:分]\s*(\d{1,2}))?)?"
    r"(?:\s*(Z|[+-]\d{2}:?\d{2})(?!\d))?")
_MONTH_DAY = re.compile(r"(?:(?<!\d)((?:19|20)\d{2})年|(去年|前年|今年))?(?<!\d)(\d{1,2})月(\d{1,2})日")
_EPOCH_DEFAULT_OFFSET = "+08:00"  # Chinese sites state local time without an offset
# An event after publication by more than this is last year's (a January article about 12月28日).
_FUTURE_SLACK = timedelta(days=7)


def parse_published(text: str) -> str | None:
    """`2022-02-19 20:08` → `2022-02-19T20:08:00+08:00`; a date alone stays a date; None if no valid date."""
    for m in _DATETIME.finditer(text):
        year, month, day, hour, minute, second, offset = m.groups()
        try:
            day_value = date(int(year), int(month), int(day))
        except ValueError:
            continue
        if hour is None:
            return day_value.isoformat()
        try:
            moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
        except ValueError:
            return day_value.isoformat()
        return moment.isoformat() + _offset(offset)
    return None


def _offset(raw: str | None) -> str:
    if raw is None:
        return _EPOCH_DEFAULT_OFFSET
    if raw == "Z":
        return "+00:00"
    digits = raw[1:].replace(":", "")
    return f"{raw[0]}{digits[:2]}:{digits[2:]}"


def event_date(body: str, published_at: str | None) -> str | None:
    """The lead's first `M月D日`: with the stated year, else the publication year, else `--MM-DD`."""
    lead = body.split("\n", 1)[0]
    pub = date.fromisoformat(published_at[:10]) if published_at else None
    for m in _MONTH_DAY.finditer(lead):
        year_text, relative, month, day = m.group(1), m.group(2), int(m.group(3)), int(m.group(4))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        year = int(year_text) if year_text else None
        if year is None and pub is not None:
            year = pub.year - {"去年": 1, "前年": 2}.get(relative or "", 0)
            this_year = _safe_date(year, month, day)
            if relative is None and this_year is not None and this_year > pub + _FUTURE_SLACK:
                year -= 1
        if year is None:
            return f"--{month:02d}-{day:02d}"
        found = _safe_date(year, month, day)
        if found is not None:
            return found.isoformat()
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# --- page regions ------------------------------------------------------------

def _regions(doc: Document) -> tuple[list[str], list[str], list[str]]:
    """(header lines above the lead, body lines, footer lines below the body) of the page."""
    body = doc.body.split("\n") if doc.body else []
    lead = None
    if body:
        lead = next((i for i, line in enumerate(doc.lines) if line.startswith(body[0])), None)
    if lead is None:
        lead = find_lead(doc.lines) or 0
    end = lead
    if body:
        for i in range(lead, len(doc.lines)):
            if doc.lines[i].startswith(body[-1]):
                end = i
                break
    return doc.lines[:lead], body, doc.lines[end + 1:]


# --- title -------------------------------------------------------------------

_TITLE_SPLIT = re.compile(r"\s*(?:_|\||\s-\s|-{1,2}|—{1,2}|–)\s*")
_BANNER = re.compile(r"^[\u4e00-\u9fff]{2,12}(?: [\u4e00-\u9fff]{2,12})+$")
_SUBTITLE = re.compile(r"^(?:—|-|——)")
_TITLE_MIN, _TITLE_MAX = 5, 80


@lru_cache(maxsize=None)
def _alternation(name: str) -> re.Pattern:
    return re.compile("|".join(map(re.escape, sorted(lexicon(name), key=len, reverse=True))))


def _is_org_name(line: str) -> bool:
    return len(line) <= 30 and _CJK_ONLY.match(line) is not None and \
        any(line.endswith(suffix) for suffix in lexicon("boilerplate_seo"))


def _is_outlet(token: str) -> bool:
    """A token naming an outlet: two or more characters before an outlet ending (某某日报, 某某网)."""
    endings = lexicon("sources")
    return token.endswith(endings) and any(token.endswith(s) and len(token) - len(s) >= 2 for s in endings)


# Page lines repeat from article to article (a site's header and footer), and a page asks about its
# header lines more than once: the line tests below keep their answers for recent lines.
_LINE_CACHE = 4096


@lru_cache(maxsize=_LINE_CACHE)
def _is_meta_line(line: str) -> bool:
    return _DATETIME.search(line) is not None or _alternation("boilerplate_header").search(line) is not None


@lru_cache(maxsize=_LINE_CACHE)
def _title_like(line: str) -> bool:
    if not (_TITLE_MIN <= len(line) <= _TITLE_MAX) or line.endswith("。"):
        return False
    if is_boilerplate(line) or is_summary(line) or is_link_list(line) or _is_org_name(line):
        return False
    if _is_meta_line(line) or (_CJK_ONLY.match(line) and _is_outlet(line) and len(line) <= 10):
        return False
    return True


def title(doc: Document, header: list[str]) -> str | None:
    """The headline: the container's title, else the title-like line above the meta line; None when none."""
    stated = doc.meta.get("title")
    if stated:
        return _match_title(stated, doc.lines) or stated
    candidates = [(i, line) for i, line in enumerate(header) if _title_like(line)]
    page_title = doc.meta.get("page_title")
    if page_title:
        matched = _match_title(page_title, [line for _, line in candidates])
        if matched:
            return matched
    if not candidates:
        if page_title:
            first = _TITLE_SPLIT.split(page_title)[0]
            return first if len(first) >= _TITLE_MIN else None
        return None
    texts = [line for _, line in candidates]
    repeated = [line for line in texts if texts.count(line) > 1]
    if repeated:
        return repeated[0]
    first = candidates[0][0]
    meta_line = next((i for i, line in enumerate(header) if i > first and _is_meta_line(line)), None)
    if meta_line is not None:
        above = [line for i, line in candidates if i < meta_line and not _SUBTITLE.match(line)]
        if above:
            return above[-1]
    # Banner, navigation, headline: the headline is the first title-like line below the navigation.
    nav = next((i for i, line in enumerate(header) if _is_navigation(line)), None)
    below_nav = [line for i, line in candidates if nav is not None and i > nav and not _SUBTITLE.match(line)]
    if below_nav:
        return below_nav[0]
    plain = [line for line in texts if not _BANNER.match(line) and not _SUBTITLE.match(line)]
    return (plain or texts)[0]


def _is_navigation(line: str) -> bool:
    return is_link_list(line) or _alternation("boilerplate_nav").match(line) is not None


def _match_title(stated: str, lines: list[str]) -> str | None:
    """The page line that a container title names, when the title carries a site suffix (`标题_某某网`)."""
    if stated in lines:
        return stated
    for part in _TITLE_SPLIT.split(stated):
        if len(part) >= _TITLE_MIN and part in lines:
            return part
    return None


# --- source --------------------------------------------------------------------

_SOURCE_IN_HEADER = re.compile(r"(?:来源|稿源)\s*[:]\s*([^\s|,;:()<>“”\"]{2,30})")
_SOURCE_NOTE = re.compile(r"^[(\[【]?(?:文章|稿件|信息|新闻)?来源\s*[:]\s*([^\s()\[\]【】]{2,30})[)\]】]?$")
_DATELINE_SOURCE = re.compile(
    rf"^[(\[【]?([\u4e00-\u9fffA-Za-z]{{1,20}}?)(?:讯|消息){DATELINE_FOLLOWER}"
    r"|^([\u4e00-\u9fff]{2,12}?)(?:[\u4e00-\u9fff]{2,6})?\d{1,2}月\d{1,2}日电")
_BYLINE_OUTLET = re.compile(r"[(\[【]\s*([\u4e00-\u9fff]{2,14}?)(?:全媒体|融媒体|首席|特约|见习)?记者")
_TOKEN_SPLIT = re.compile(r"\s*(?:\s|>>|>|»|\||_)\s*")


def source(doc: Document, header: list[str], body: list[str], footer: list[str]) -> str | None:
    """The outlet: stated by the container, a `来源:` line, a `(文章来源:X)` note, or the lead's dateline."""
    stated = doc.meta.get("source")
    if stated and not stated.startswith(("http", "www.")):
        return stated
    for line in header:
        m = _SOURCE_IN_HEADER.search(line)
        if m:
            return m.group(1)
    for line in [*body[-1:], *footer]:
        m = _SOURCE_NOTE.match(line)
        if m:
            return m.group(1)
    dateline = _DATELINE_SOURCE.match(body[0]) if body else None
    if dateline is None:
        return None
    name = (dateline.group(1) or dateline.group(2) or "").removeprefix("据")
    if name and name not in lexicon("sources_self") and not name.startswith(lexicon("sources_self")):
        return name
    return _outlet_named_on_page(doc, header, body)


def _outlet_named_on_page(doc: Document, header: list[str], body: list[str]) -> str | None:
    """The outlet behind `本报讯`: named before `记者` in the byline, in the page title or the header."""
    byline = _BYLINE_OUTLET.search(body[0]) if body else None
    if byline and _is_outlet(byline.group(1)):
        return byline.group(1)
    tokens = _TOKEN_SPLIT.split(doc.meta.get("page_title", "")) + \
        [t for line in header for t in _TOKEN_SPLIT.split(line)]
    for token in tokens:
        if _CJK_ONLY.match(token) and len(token) <= 12 and _is_outlet(token):
            return token
    return None


# --- people ----------------------------------------------------------------------

_EDITOR = re.compile(r"(?:^|(?<=[\s(\[【|]))(?:责任编辑|值班编辑|编辑)\s*(?:[:/]\s*|\s+)"
                     r"((?:[\u4e00-\u9fff]{2,4}(?=$|[\s、,)\]】|/])[\s、,]*)+)")
_LONG_ROLE = re.compile(
    r"(?:本报|本台|本网)?(?:全媒体|融媒体|首席|特约|见习|实习)?(?:记者|通讯员|实习生|撰稿人?|摄影|摄像|报道)")
_SHORT_ROLE = re.compile(r"(?<![\u4e00-\u9fff])(?:文图|图文|文|图|摄)(?![\u4e00-\u9fff])")
_BRACKET = re.compile(r"[(\[【]([^()\[\]【】]{2,80})[)\]】]")
_ROLE_HINT = re.compile(
    r"记者|通讯员|实习生|撰稿|摄影|摄像|(?<![\u4e00-\u9fff])(?:文|图|摄)(?![\u4e00-\u9fff])")
_ROLE_LINE = re.compile(
    r"^(?:本报|本台|本网)?(?:全媒体|融媒体|首席|特约|见习)?(?:记者|通讯员|实习生|撰稿|摄影|文|图)\s*[:/ ]")
_DATELINE_TAIL = re.compile(r"^[^(\[【]{0,24}?(?:讯|消息)\s*(.{0,40}?)(?=\d|[,。:])")
_NAME_SPLIT = re.compile(r"[\s/、,;:|()\[\]【】]+")
# Words that sit where a byline's names do: role words and the time words of a dateline (记者 某某 日前,…).
_NOT_NAMES = frozenset({
    "报道", "文字", "图片", "摄影", "综合", "联合", "整理", "编辑", "通讯", "日前", "近日", "近期",
    "目前", "当天", "今天", "今日", "昨天", "昨日", "前天", "上午", "下午", "晚上", "近来", "连日",
    "日内", "此前", "现场", "获悉", "报道称"})
# A bracketed byline sits at a paragraph's start or end, not in its middle.
_BYLINE_EDGE = 30


@lru_cache(maxsize=_LINE_CACHE)
def _names(segment: str) -> tuple[str, ...]:
    """Person names (2–4 CJK characters) in a byline segment, role words and outlet names removed."""
    if segment == "":  # the container's empty author or editor field
        return ()
    segment = _SHORT_ROLE.sub("|", _LONG_ROLE.sub("|", segment))
    out = []
    for token in _NAME_SPLIT.split(segment):
        if _NAME.match(token) and token not in _NOT_NAMES and not _is_outlet(token) \
                and token not in lexicon("sources_self"):
            out.append(token)
    return tuple(out)


def editors(doc: Document) -> list[str]:
    """Names after 责任编辑 / 编辑 in any line of the page, and the container's editor field."""
    found = []
    for line in doc.lines:
        if "编辑" not in line:  # every editor cue holds it
            continue
        for m in _EDITOR.finditer(line):
            found += _names(m.group(1).strip())
    found += _names(doc.meta.get("editor", ""))
    return _unique(found)


def reporters(doc: Document, header: list[str], body: list[str], footer: list[str],
              editors_found: list[str] | None = None) -> list[str]:
    """Writers and photographers in page order: bracketed bylines, byline lines, dateline, container.

    `editors_found` is `editors(doc)` when the caller has it already; editors are never reporters.
    """
    found: list[str] = []
    last = len(body) - 1
    zones = [*(("header", line) for line in header),
             *(("lead" if i == 0 else "end" if i == last else "body", line) for i, line in enumerate(body)),
             *(("footer", line) for line in footer)]
    for zone, line in zones:
        if zone == "lead":
            tail = _DATELINE_TAIL.match(line)
            if tail and _ROLE_HINT.search(tail.group(1)):
                found += _names(tail.group(1))
        if len(line) <= 40 and _ROLE_LINE.match(line):
            found += _names(line)
            continue
        if "(" not in line and "[" not in line and "【" not in line:  # no bracket, no bracketed byline
            continue
        for m in _BRACKET.finditer(line):
            at_edge = m.start() <= _BYLINE_EDGE or len(line) - m.end() <= 1
            if _ROLE_HINT.search(m.group(1)) and (zone in ("header", "footer") or at_edge):
                found += _names(m.group(1))
    found += _names(doc.meta.get("author", ""))
    not_reporters = set(editors(doc) if editors_found is None else editors_found)
    return _unique([name for name in found if name not in not_reporters])


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


# --- url -------------------------------------------------------------------------

_AUTOLINK_LINE = re.compile(r"^<(https?://[^\s<>]+)>")
_LINK_NOTE = re.compile(r"(?:本文链接|原文链接|文章链接|本文地址|原文地址|原文网址)\s*:?\s*(https?://[^\s,;()<>\"“”，。；]+)")


def url(doc: Document) -> str | None:
    """The article's own link: the container's canonical URL, a `<http://…>` line, or a `本文链接:` note."""
    stated = doc.meta.get("url")
    if stated and stated.startswith(("http://", "https://")):
        return stated
    for line in doc.lines:
        if "http" not in line:  # both patterns hold a link
            continue
        m = _AUTOLINK_LINE.match(line) or _LINK_NOTE.search(line)
        if m:
            return m.group(1).rstrip(".:;")
    return None


# --- the section -----------------------------------------------------------------

def extract_article(doc: Document) -> dict:
    """The spec's `article` object for one Document, without `region`."""
    header, body, footer = _regions(doc)
    published = doc.meta.get("date")
    published_at = parse_published(published) if published else None
    if published_at is None:
        published_at = _published_on_page(header, footer)
    editors_found = editors(doc)
    return {
        "title": title(doc, header),
        "published_at": published_at,
        "event_date": event_date(doc.body, published_at),
        "source": source(doc, header, body, footer),
        "editors": editors_found,
        "reporters": reporters(doc, header, body, footer, editors_found),
        "url": url(doc),
        "script": doc.script,
        "body": doc.body,
    }


def _published_on_page(header: list[str], footer: list[str]) -> str | None:
    """The first full date in a header meta line, else in a short footer line naming the publish time."""
    for line in header:
        if _is_meta_line(line) and len(line) <= 80 and not is_summary(line) and "。" not in line:
            found = parse_published(line)
            if found:
                return found
    for line in footer:
        if len(line) <= 60 and re.search(r"发布|时间|日期", line):
            found = parse_published(line)
            if found:
                return found
    return None
