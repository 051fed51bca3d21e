"""Flatten a batch of extraction records into one table per record section.

Each table is a list of row dicts (pandas is left to the caller), every row
carrying `record_index`, the position of its record in the batch, so that a
failing row leads back to its record. Sections that are missing, null or of the
wrong type give no rows; values of the wrong type are kept as text so that the
expectations, not this module, reject them. Derived columns (parsed dates, body
checks, body length for span bounds) are computed here because GX compares
columns, it cannot call OpenCC.
"""

from __future__ import annotations

import datetime as dt
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
_PINYIN_DEBRIS = re.compile(
    rf"[(（\[【]\s*[{_PINYIN_LETTER}\s'’·-]*[{_TONED}][{_PINYIN_LETTER}\s'’·-]*[)）\]】]"
)
_CALENDAR_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:$|T)")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


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
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return int(value)


def _span(item: dict) -> dict:
    """span_start/span_end of an item's `span`; a malformed span gives start -1 so that it fails."""
    span = item.get("span")
    if span is None:
        return {"span_start": None, "span_end": None}
    if not isinstance(span, (list, tuple)) or len(span) != 2:
        return {"span_start": -1, "span_end": None}
    return {
        "span_start": _count(span[0]) if span[0] is not None else None,
        "span_end": _count(span[1]) if span[1] is not None else None,
    }


def _items(value: Any) -> list:
    return value if isinstance(value, list) else []


def _dicts(value: Any) -> list[dict]:
    return [v for v in _items(value) if isinstance(v, dict)]


def article_row(i: int, record: dict) -> dict:
    """The record's article section and file identity as one row."""
    article = record.get("article") if isinstance(record.get("article"), dict) else {}
    region = article.get("region") if isinstance(article.get("region"), dict) else {}
    body = article.get("body")
    return {
        "record_index": i,
        "file": _text(record.get("file")),
        "source_path": _text(record.get("source_path")),
        "sha256": _text(record.get("sha256")),
        "script": _text(article.get("script")),
        "title": _text(article.get("title")),
        "published_at": _text(article.get("published_at")),
        "event_date": _text(article.get("event_date")),
        "published_on": calendar_date(article.get("published_at")),
        "event_on": calendar_date(article.get("event_date")),
        "source": _text(article.get("source")),
        "url": _text(article.get("url")),
        "region_name": _text(region.get("name")),
        "region_code": _text(region.get("admin_code")),
        "region_code_known": is_known_code(_text(region.get("admin_code"))),
        "body": body if isinstance(body, str) else None,
        "body_is_simplified": is_simplified(body),
        "body_has_pinyin_debris": has_pinyin_debris(body),
    }


def _body_length(record: dict) -> int | None:
    article = record.get("article") if isinstance(record.get("article"), dict) else {}
    body = article.get("body")
    return len(body) if isinstance(body, str) else None


def official_rows(i: int, record: dict) -> list[dict]:
    """One row per (official, role); an official without roles gives one row with role null."""
    rows = []
    for official in _dicts(record.get("officials")):
        roles = _items(official.get("roles")) or [None]
        rows += [
            {"record_index": i, "name": _text(official.get("name")), "role": _text(role)} for role in roles
        ]
    return rows


def official_mention_rows(i: int, record: dict) -> list[dict]:
    """One row per official mention (docs/RECORD.md), with the body length to bound its span."""
    length = _body_length(record)
    return [
        {
            "record_index": i,
            "name": _text(official.get("name")),
            "role": _text(m.get("role")),
            "title": _text(m.get("title")),
            **_span(m),
            "body_length": length,
        }
        for official in _dicts(record.get("officials"))
        for m in _dicts(official.get("mentions"))
    ]


def region_rows(i: int, record: dict) -> list[dict]:
    length = _body_length(record)
    return [
        {
            "record_index": i,
            "name": _text(r.get("name")),
            "admin_code": _text(r.get("admin_code")),
            "admin_code_known": is_known_code(_text(r.get("admin_code"))),
            "level": _text(r.get("level")),
            "count": _count(r.get("count")),
            **_span(r),
            "body_length": length,
        }
        for r in _dicts(record.get("regions"))
    ]


def figure_rows(i: int, record: dict) -> list[dict]:
    """One row per figure; money_value/percent_value repeat the value for those kinds only."""
    length = _body_length(record)
    rows = []
    for f in _dicts(record.get("figures")):
        value, kind = _number(f.get("value")), _text(f.get("kind"))
        rows.append(
            {
                "record_index": i,
                "kind": kind,
                "value": value,
                "unit": _text(f.get("unit")),
                "text": _text(f.get("text")),
                "money_value": value if kind == "money" else None,
                "percent_value": value if kind == "percent" else None,
                **_span(f),
                "body_length": length,
            }
        )
    return rows


def ranking_rows(i: int, record: dict) -> list[dict]:
    """One row per ranked item; rank is its 1-based position, list_index the ranking's position."""
    length = _body_length(record)
    return [
        {
            "record_index": i,
            "list_index": k,
            "list": _text(r.get("list")),
            "rank": rank,
            "item": _text(item),
            **_span(r),
            "body_length": length,
        }
        for k, r in enumerate(_dicts(record.get("rankings")))
        for rank, item in enumerate(_items(r.get("items")), start=1)
    ]


def campaign_rows(i: int, record: dict) -> list[dict]:
    """One row per campaign, joined by position with `campaign_mentions` when present."""
    length = _body_length(record)
    mentions = _items(record.get("campaign_mentions"))
    rows = []
    for k, text in enumerate(_items(record.get("campaigns"))):
        mention = mentions[k] if k < len(mentions) and isinstance(mentions[k], dict) else {}
        rows.append(
            {
                "record_index": i,
                "text": _text(text),
                "count": _count(mention.get("count")),
                **_span(mention),
                "body_length": length,
            }
        )
    return rows


def meeting_rows(i: int, record: dict) -> list[dict]:
    length = _body_length(record)
    return [
        {
            "record_index": i,
            "name": _text(m.get("name")),
            "type": _text(m.get("type")),
            "date": _text(m.get("date")),
            "meeting_on": calendar_date(m.get("date")),
            "host": _text(m.get("host")),
            "form": _text(m.get("form")),
            **_span(m),
            "body_length": length,
        }
        for m in _dicts(record.get("meetings"))
    ]


# Every frame's columns and how they are typed, so that an empty frame still has its columns
# (GX fails an expectation on a missing column) and dates compare as dates.
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
    "officials": official_rows,
    "official_mentions": official_mention_rows,
    "regions": region_rows,
    "figures": figure_rows,
    "rankings": ranking_rows,
    "campaigns": campaign_rows,
    "meetings": meeting_rows,
}


def flatten(records: list[dict]) -> dict[str, list[dict]]:
    """Frame name → rows, for every name in FRAMES (possibly no rows). A non-dict record gives only
    an article row of nulls, which the articles suite rejects."""
    tables: dict[str, list[dict]] = {name: [] for name in FRAMES}
    for i, record in enumerate(records):
        record = record if isinstance(record, dict) else {}
        tables["articles"].append(article_row(i, record))
        for name, rows in _ROWS.items():
            tables[name].extend(rows(i, record))
    return tables
