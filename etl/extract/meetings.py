"""Meetings: the meetings the article reports as taking place.

A meeting is a name ending in a head word (`meeting_heads.txt`: 会议, 推进会, 议事会 …)
that the sentence says is held: after 召开 / 举行(的) / 在…上, or before 召开 / 举行 at the
end of a clause (…观摩点评工作会议召开). Names followed by 制度, 精神 … (`meeting_not_events.txt`)
are rules or references, and habitual ones (每周一召开…) are not events. Repeated mentions
of one meeting (its name within another's, or the same type on the same date) are merged.
Type: the first keyword of `meeting_types.txt` found in the name. Date: the last M月D日 in
front of the name in its sentence (year from the text, else from `published_at`, else
`--MM-DD`), for the first meeting falling back to the article's event date. Host: the official
who 主持 in the meeting's sentence (for the first meeting, anywhere). Form from
`meeting_forms.txt` cues. Text without such meetings gives an empty list.
"""
from __future__ import annotations

import re
from functools import lru_cache

from etl.extract._text import alternation, table, trie_pattern
from etl.extract.sentences import Sentence
from etl.reference import lexicon

_TRIGGER = re.compile(r"(?:主持召开|组织召开|召开了|召开|举行了|举行)(?:的)?|在")
_HABIT = re.compile(r"(?:每周.|每月|每季度?|每年|定期|每次)$")
_NAME_CHARS = re.compile(r"[^,，。;；:：!！?？、\s()（）]*$")
_LAST_BREAK = re.compile(r".*[,，。;；:：!！?？、\s()（）]", re.DOTALL)  # up to the last non-name character
_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
_ISO_MONTH = re.compile(r"\d{4}-\d\d")
_HELD_AFTER = re.compile(r"(?:在[^,，。;；]{0,15})?(?:召开|举行)(?=[,，。;；\s]|$)")


@lru_cache(maxsize=1)
def _heads() -> re.Pattern:
    return alternation("meeting_heads")


def meeting_type(name: str) -> str | None:
    """The generic kind of a meeting from its name (…观摩点评工作会议 → 观摩点评会).

    The keyword found first in the name decides, the longest where several start there.
    """
    m = _type_keys().search(name)
    return table("meeting_types")[m.group()][0] if m else None


@lru_cache(maxsize=1)
def _type_keys() -> re.Pattern:
    """The keywords of `meeting_types.txt`: a search finds the leftmost, and the longest there."""
    return re.compile(trie_pattern(table("meeting_types")))


def _names(sent: Sentence) -> list[tuple[int, str]]:
    """(offset in sentence, name) of the meetings a sentence says are held."""
    text = sent.text
    out = []
    not_events = lexicon("meeting_not_events")
    for m in _heads().finditer(text):
        end = m.end() + 1 if text.startswith("议", m.end()) else m.end()  # 交办会|议
        after = text[end:]
        if after.startswith(not_events) or after.startswith(("”", "’")):
            continue
        front_start = _front_start(text, m.start())
        front = text[front_start:m.start()]
        triggers = list(_TRIGGER.finditer(front))
        if triggers:
            t = triggers[-1]
            if _HABIT.search(text[:front_start + t.start()]):
                continue
            start = front_start + t.end()
            if t.group() == "在" and not after.startswith("上"):
                continue
        elif _HELD_AFTER.match(after):
            start = front_start
        else:
            continue
        name = text[start:end].strip("“”‘’ ")
        if len(name) > 2 and name not in (m.group(), "会议", "大会"):
            out.append((start, name))
    return out


def _front_start(text: str, end: int) -> int:
    """Where the run of name characters before `end` begins: `end - len(_NAME_CHARS.search(text[:end])[0])`.

    Searching `_NAME_CHARS` tries every start and runs each to the next break (quadratic in the
    clause); matching up to the last break backtracks only over the run itself.
    """
    if text.endswith("\n", 0, end):  # `$` also matches before a final line break: keep the search
        return end - len(_NAME_CHARS.search(text[:end]).group())
    last = _LAST_BREAK.match(text, 0, end)
    return last.end() if last else 0


def _date(text: str, published: str | None) -> str | None:
    found = list(_DATE.finditer(text))
    if not found:
        return None
    year, month, day = found[-1].groups()
    month, day = int(month), int(day)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if not year and published and _ISO_MONTH.match(published):
        pub_year, pub_month = int(published[:4]), int(published[5:7])
        year = pub_year if month <= pub_month else pub_year - 1
    return f"{int(year):04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def _form(text: str) -> str | None:
    for cue, (form,) in table("meeting_forms").items():
        if cue in text:
            return form
    return None


def extract_meetings(sentences: list[Sentence], officials: list[dict],
                     published_at: str | None = None, event_date: str | None = None) -> list[dict]:
    """Meetings in order of first mention: name, type, date, host, form, span."""
    found: list[dict] = []
    heads = _heads()
    for sent in sentences:
        if heads.search(sent.text) is None:  # no head word, no meeting
            continue
        for at, name in _names(sent):
            date = _date(sent.text[:at], published_at)
            meeting = {"name": name, "type": meeting_type(name), "date": date,
                       "host": _host(officials, sent.span), "form": _form(sent.text), "span": sent.span}
            same = next((f for f in found if _same(f, meeting)), None)
            if same is None:
                found.append({**meeting, "_dated": date is not None})
                continue
            if date and not same["_dated"]:
                # the mention that states the date is the report of the event: keep its name
                same.update(name=name, type=meeting["type"], span=sent.span, _dated=True)
            for key in ("date", "host", "form"):
                same[key] = same[key] or meeting[key]
    if found:
        main = found[0]
        main["date"] = main["date"] or event_date
        main["host"] = main["host"] or _host(officials, None)
        if main["form"] is None:
            main["form"] = next((f for s in sentences if "会" in s.text and (f := _form(s.text))), None)
    for f in found:
        del f["_dated"]
    return found


def _same(a: dict, b: dict) -> bool:
    if a["name"] in b["name"] or b["name"] in a["name"]:
        return True
    return bool(a["date"] and a["date"] == b["date"] and a["type"] == b["type"])


def _host(officials: list[dict], span: list[int] | None) -> str | None:
    for o in officials:
        for m in o.get("mentions", []):
            if m["role"] == "host" and (span is None or m["span"] == span):
                return o["name"]
    return None
