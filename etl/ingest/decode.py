"""Bytes → str. First version: BOMs, strict UTF-8, then GB18030, then charset-normalizer."""
from __future__ import annotations

import codecs

from etl.ingest import IngestError


def decode(raw: bytes) -> tuple[str, str]:
    """Return (text, encoding). Never replaces undecodable bytes silently."""
    if not raw.strip():
        raise IngestError("empty file")
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return raw.decode(name), name
    for name in ("utf-8", "gb18030"):
        try:
            return raw.decode(name), name
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise IngestError("undecodable bytes: not UTF-8, GB18030 or any encoding charset-normalizer knows")
    return str(best), best.encoding
