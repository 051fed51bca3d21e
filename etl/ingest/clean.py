"""Page → Document: repair, simplify and normalize the text, then cut the article body out of the page.

Order matters: pinyin glosses go first (they are checked against the reading
of the character before them, in the page's own script), then traditional →
simplified, then `?` debris (its byline and gazetteer rules are written in
simplified script), then width and punctuation (a full-width `？` on the
page is a real question mark, only an ASCII `?` can be debris). See
normalize.py for each step and boilerplate.py for the body.
"""
from __future__ import annotations

import re

from etl.ingest import Document, IngestError
from etl.ingest.boilerplate import article_lines
from etl.ingest.normalize import (
    normalize_width,
    repair_question_marks,
    script_of,
    strip_pinyin,
    tidy_line,
    tidy_spans,
    to_simplified,
)
from etl.ingest.unwrap import Page

_CJK = re.compile(r"[\u3400-\u9fff]")


def normalize(text: str, *, traditional: bool = True) -> str:
    """Page text → simplified, repaired, width-normalized text (lines kept, not yet tidied).

    OpenCC runs only on traditional pages: on simplified text its phrase rules can still
    rewrite a correct word (a name such as 沈思 would become 沉思).
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = strip_pinyin(text)
    if traditional:
        text = to_simplified(text)
    text = repair_question_marks(text)
    return normalize_width(text)


def page_lines(text: str) -> list[str]:
    """Non-empty, tidied lines of normalized text (each as `tidy_line` makes it)."""
    return [line for line in map(str.strip, tidy_spans(text).split("\n")) if line]


def clean(page: Page, *, file: str, path: str, sha256: str, encoding: str) -> Document:
    """Build the Document of one unwrapped page; raise IngestError when it holds no Chinese text."""
    if not _CJK.search(page.text):
        raise IngestError(f"no Chinese text in the {page.container} page (decoded as {encoding})")
    script = script_of(page.text)
    traditional = script == "traditional"
    lines = page_lines(normalize(page.text, traditional=traditional))
    body = article_lines(lines)
    if not body:
        raise IngestError("no article text: every line of the page is site boilerplate")
    meta = {key: tidy_line(normalize(value, traditional=traditional or script_of(value) == "traditional"))
            for key, value in page.meta.items() if value}
    return Document(file=file, path=path, sha256=sha256, encoding=encoding, container=page.container,
                    script=script, meta=meta, lines=lines, body="\n".join(body))
