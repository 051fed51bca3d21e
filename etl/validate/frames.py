"""Flatten a batch of extraction records into one table per record section.

Each table is a dict of columns (plain lists; pandas is left to the caller),
every row carrying `record_index`, the position of its record in the batch, so
that a failing row leads back to its record. Sections that are missing, null or of the
wrong type give no rows; values of the wrong type are kept as text so that the
expectations, not this module, reject them. Derived columns (parsed dates, body
checks, body length for span bounds) are computed here because GX compares
columns, it cannot call OpenCC.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache
from typing import Any

FRAMES = (
    "articles",
    "officials",
    "official_mentions",
    "regions",
    "figures",
    "rankings",
    "campaigns",
    "meetings",
)

# Tone-marked vowels (and the syllabic nasals), lower and upper case.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙǕǗǙǛŃŇǸḾ"
_PINYIN_LETTER = f"A-Za-züÜ{_TONED}"
# A bracketed run of Latin syllables with at least one tone mark: （xiàngmù）, (Zhù Mǎ).
# Brackets holding plain Latin (GDP, PPP) are not debris.
_PINYIN_DEBRIS = re.compile(rf"[(（\[【]\s*[{_PINYIN_LETTER}\s'’·-]*[{_TONED}][{_PINYIN_LETTER}\s'’·-]*[)）\]】]")
_CALENDAR_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:$|T)")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def warm_up() -> None:
    """Build the lazy tables the derived columns need (OpenCC t2s, the gazetteer's codes)."""
    from etl.reference import gazetteer

    _t2s()
    gazetteer.by_code()


def is_simplified(text: str | None) -> bool | None:
    """True when OpenCC's t2s leaves the text unchanged; None for no text."""
    if not isinstance(text, str):
        return None
    return _t2s().convert(text) == text


def has_pinyin_debris(text: str | None) -> bool | None:
    """True when the text holds a bracketed tone-marked syllable, e.g. （xiàngmù）; None for no text."""
    if not isinstance(text, str):
        return None
    return _PINYIN_DEBRIS.search(text) is not None


def is_known_code(code: str | None) -> bool | None:
    """True when the admin code is in the gazetteer; None for no code (a zone without one)."""
    if code is None:
        return None
    from etl.reference import gazetteer

    return code in gazetteer.by_code()


def calendar_date(value: Any) -> dt.datetime | None:
    """The calendar day of `YYYY-MM-DD` or an ISO timestamp (as written, time zone ignored), at midnight.

    None for null, `--MM-DD` (no year, so it cannot be placed in time) and anything
    that is not a real date; the format expectation reports those separately.
    """
    if not isinstance(value, str):
        return None
    m = _CALENDAR_DATE.match(value)
    if not m:
        return None
    try:
        return dt.datetime(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _text(value: Any) -> str | None:
    """Strings as they are, null as null, anything else as its text (so that a regex can reject it)."""
    if value is None or isinstance(value, str):
        return value
    return str(value)


def _number(value: Any) -> float | None:
    """Numbers as float; null, booleans and non-numbers as null (a not-null expectation catches them)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _count(value: Any) -> int | None:
    """Whole numbers as int (a float is truncated); null, booleans, non-numbers, NaN and infinity as null."""
    if type(value) is int:
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return int(value)


def _span(item: dict) -> tuple[int | None, int | None]:
    """(span_start, span_end) of an item's `span`; a malformed span gives start -1 so that it fails."""
    span = item.get("span")
    if span is None:
        return None, None
    if not isinstance(span, (list, tuple)) or len(span) != 2:
        return -1, None
    return _count(span[0]), _count(span[1])


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> list:
    return value if isinstance(value, list) else []


def _dicts(value: Any) -> list[dict]:
    return [v for v in _items(value) if isinstance(v, dict)]


# Each *_row(s) function gives one record's rows of its frame as tuples in the order of
# COLUMNS[frame]: a batch has tens of thousands of rows, and tuples moved into column
# lists cost a fraction of dicts made into a table. flatten() checks their length.


def article_row(i: int, record: dict) -> tuple:
    """The record's article section and file identity as one row."""
    article = _dict(record.get("article"))
    region = _dict(article.get("region"))
    body = article.get("body")
    published_at, event_date = article.get("published_at"), article.get("event_date")
    region_code = _text(region.get("admin_code"))
    return (
        i,
        _text(record.get("file")),
        _text(record.get("source_path")),
        _text(record.get("sha256")),
        _text(article.get("script")),
        _text(article.get("title")),
        _text(published_at),
        _text(event_date),
        calendar_date(published_at),
        calendar_date(event_date),
        _text(article.get("source")),
        _text(article.get("url")),
        _text(region.get("name")),
        region_code,
        is_known_code(region_code),
        body if isinstance(body, str) else None,
        is_simplified(body),
        has_pinyin_debris(body),
    )


def body_length(record: dict) -> int | None:
    """Length of the record's body (the bound of every span); None without a body."""
    body = _dict(record.get("article")).get("body")
    return len(body) if isinstance(body, str) else None


def official_rows(i: int, record: dict) -> list[tuple]:
    """One row per (official, role); an official without roles gives one row with role null."""
    return [
        (i, _text(official.get("name")), _text(role))
        for official in _dicts(record.get("officials"))
        for role in _items(official.get("roles")) or [None]
    ]


def official_mention_rows(i: int, record: dict, length: int | None) -> list[tuple]:
    """One row per official mention (docs/RECORD.md), with the body length to bound its span."""
    return [
        (i, _text(official.get("name")), _text(m.get("role")), _text(m.get("title")), *_span(m), length)
        for official in _dicts(record.get("officials"))
        for m in _dicts(official.get("mentions"))
    ]


def region_rows(i: int, record: dict, length: int | None) -> list[tuple]:
    rows = []
    for r in _dicts(record.get("regions")):
        code = _text(r.get("admin_code"))
        rows.append(
            (
                i,
                _text(r.get("name")),
                code,
                is_known_code(code),
                _text(r.get("level")),
                _count(r.get("count")),
                *_span(r),
                length,
            )
        )
    return rows


def figure_rows(i: int, record: dict, length: int | None) -> list[tuple]:
    """One row per figure; money_value/percent_value repeat the value for those kinds only."""
    rows = []
    for f in _dicts(record.get("figures")):
        value, kind = _number(f.get("value")), _text(f.get("kind"))
        rows.append(
            (
                i,
                kind,
                value,
                _text(f.get("unit")),
                _text(f.get("text")),
                value if kind == "money" else None,
                value if kind == "percent" else None,
                *_span(f),
                length,
            )
        )
    return rows


def ranking_rows(i: int, record: dict, length: int | None) -> list[tuple]:
    """One row per ranked item; rank is its 1-based position, list_index the ranking's position."""
    rows = []
    for k, r in enumerate(_dicts(record.get("rankings"))):
        name, (start, end) = _text(r.get("list")), _span(r)
        rows += [
            (i, k, name, rank, _text(item), start, end, length)
            for rank, item in enumerate(_items(r.get("items")), start=1)
        ]
    return rows


def campaign_rows(i: int, record: dict, length: int | None) -> list[tuple]:
    """One row per campaign, joined by position with `campaign_mentions` when present."""
    mentions = _items(record.get("campaign_mentions"))
    rows = []
    for k, text in enumerate(_items(record.get("campaigns"))):
        mention = _dict(mentions[k]) if k < len(mentions) else {}
        rows.append((i, _text(text), _count(mention.get("count")), *_span(mention), length))
    return rows


def meeting_rows(i: int, record: dict, length: int | None) -> list[tuple]:
    return [
        (
            i,
            _text(m.get("name")),
            _text(m.get("type")),
            _text(m.get("date")),
            calendar_date(m.get("date")),
            _text(m.get("host")),
            _text(m.get("form")),
            *_span(m),
            length,
        )
        for m in _dicts(record.get("meetings"))
    ]


# Every frame's columns, in the order of its row function's tuples, and how they are typed,
# so that an empty frame still has its columns (GX fails an expectation on a missing column)
# and dates compare as dates.
COLUMNS: dict[str, dict[str, str]] = {
    "articles": {
        "record_index": "number",
        "file": "text",
        "source_path": "text",
        "sha256": "text",
        "script": "text",
        "title": "text",
        "published_at": "text",
        "event_date": "text",
        "published_on": "date",
        "event_on": "date",
        "source": "text",
        "url": "text",
        "region_name": "text",
        "region_code": "text",
        "region_code_known": "bool",
        "body": "text",
        "body_is_simplified": "bool",
        "body_has_pinyin_debris": "bool",
    },
    "officials": {"record_index": "number", "name": "text", "role": "text"},
    "official_mentions": {
        "record_index": "number",
        "name": "text",
        "role": "text",
        "title": "text",
        "span_start": "number",
        "span_end": "number",
        "body_length": "number",
    },
    "regions": {
        "record_index": "number",
        "name": "text",
        "admin_code": "text",
        "admin_code_known": "bool",
        "level": "text",
        "count": "number",
        "span_start": "number",
        "span_end": "number",
        "body_length": "number",
    },
    "figures": {
        "record_index": "number",
        "kind": "text",
        "value": "number",
        "unit": "text",
        "text": "text",
        "money_value": "number",
        "percent_value": "number",
        "span_start": "number",
        "span_end": "number",
        "body_length": "number",
    },
    "rankings": {
        "record_index": "number",
        "list_index": "number",
        "list": "text",
        "rank": "number",
        "item": "text",
        "span_start": "number",
        "span_end": "number",
        "body_length": "number",
    },
    "campaigns": {
        "record_index": "number",
        "text": "text",
        "count": "number",
        "span_start": "number",
        "span_end": "number",
        "body_length": "number",
    },
    "meetings": {
        "record_index": "number",
        "name": "text",
        "type": "text",
        "date": "text",
        "meeting_on": "date",
        "host": "text",
        "form": "text",
        "span_start": "number",
        "span_end": "number",
        "body_length": "number",
    },
}

_ROWS = {
    "official_mentions": official_mention_rows,
    "regions": region_rows,
    "figures": figure_rows,
    "rankings": ranking_rows,
    "campaigns": campaign_rows,
    "meetings": meeting_rows,
}


def flatten(records: list[dict]) -> dict[str, dict[str, list]]:
    """Frame name → column name → one value per row, for every name in FRAMES and every column of
    COLUMNS (possibly no rows). A non-dict record gives only an article row of nulls, which the
    articles suite rejects."""
    tables = {name: {column: [] for column in COLUMNS[name]} for name in FRAMES}
    for i, record in enumerate(records):
        record = _dict(record)
        _extend(tables["articles"], [article_row(i, record)])
        _extend(tables["officials"], official_rows(i, record))
        length = body_length(record)
        for name, make in _ROWS.items():
            _extend(tables[name], make(i, record, length))
    return tables


def _extend(table: dict[str, list], rows: list[tuple]) -> None:
    """Append one record's rows (tuples in the order of the table's columns) to the table's columns.

    Rows go into the columns record by record so that no row object outlives its record:
    a batch's tens of thousands of live tuples would set off Python's cyclic collector
    again and again, each time walking the whole heap (half the cost of flattening
    10,000 records in a process holding them)."""
    if rows:
        # strict: a row function out of step with COLUMNS raises instead of shifting a column
        for column, values in zip(table.values(), zip(*rows, strict=True), strict=True):
            column.extend(values)


def row_count(table: dict[str, list]) -> int:
    """Rows of a flattened table."""
    return len(table["record_index"])
