"""Page → Document: traditional → simplified, width, whitespace. First version."""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from etl.ingest import Document
from etl.ingest.unwrap import Page


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def clean(page: Page, *, file: str, path: str, sha256: str, encoding: str) -> Document:
    text = unicodedata.normalize("NFKC", page.text)
    simplified = to_simplified(text)
    changed = sum(a != b for a, b in zip(text, simplified))
    script = "traditional" if changed > max(3, len(text) // 200) else "simplified"
    lines = [line.strip() for line in simplified.splitlines()]
    lines = [line for line in lines if line]
    meta = {k: to_simplified(v) for k, v in page.meta.items()}
    return Document(file=file, path=path, sha256=sha256, encoding=encoding, container=page.container,
                    script=script, meta=meta, lines=lines, body="\n".join(lines))
