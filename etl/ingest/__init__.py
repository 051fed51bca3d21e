"""Raw file → `Document`: decoded, unwrapped, cleaned, normalized text.

`read_document(path)` is the one entry point: decode.py (bytes → str),
unwrap.py (container → metadata + text lines), clean.py (normalize.py:
pinyin and `?` debris, traditional → simplified, width and punctuation;
boilerplate.py: lead, footer and site furniture → the body). A file that
cannot be read raises `IngestError` with a reason; the pipeline quarantines it.

Normalized text uses ASCII for the full-width forms (`,` `:` `;` `(` `)` `?`
`!`), as NFKC does, and keeps Chinese punctuation outside that block
(`。` `、` `“”` `《》` `——`): extractors match `,` and `:`, not `，` and `：`.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path


class IngestError(ValueError):
    """A raw file that cannot be turned into text; the message is the quarantine reason."""


@dataclass
class Document:
    file: str                 # base name of the input file
    path: str                 # where it was read from
    sha256: str               # of the raw bytes
    encoding: str             # detected encoding of the raw bytes (utf-8, gb18030, utf-16 …)
    container: str            # text | html | markdown | json
    script: str               # simplified | traditional: script of the input
    meta: dict = field(default_factory=dict)   # what the container states (title, date, url …), simplified
    lines: list[str] = field(default_factory=list)  # page lines, simplified and normalized, boilerplate kept
    body: str = ""            # cleaned, normalized body: the text every span points into


def sha256_bytes(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def read_document(path: str | Path) -> Document:
    """Read one raw file into a Document (raises IngestError for unreadable input)."""
    from etl.ingest.clean import clean
    from etl.ingest.decode import decode
    from etl.ingest.unwrap import unwrap

    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read {path.name}: {exc.strerror or exc}") from exc
    text, encoding = decode(raw)
    page = unwrap(text, path.name)
    return clean(page, file=path.name, path=str(path), sha256=sha256_bytes(raw), encoding=encoding)
