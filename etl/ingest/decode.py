"""Bytes → str. The bytes decide the encoding; a page's `<meta charset>` is never read.

Order: byte-order marks (UTF-8, UTF-16, UTF-32), UTF-16 without a BOM (NUL
bytes in every other position), strict UTF-8, strict GB18030 (a superset of
GBK and GB2312) when Big5 does not also fit, then charset-normalizer. Every
decode is strict: bytes that no candidate decodes raise `IngestError`, they
are never replaced. Decoded text full of control characters (a binary file
that happens to decode) is refused too.
"""
from __future__ import annotations

import codecs
import re

from etl.ingest import IngestError

# UTF-32 marks first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# How much of the text may be control characters before we call it binary.
_MAX_CONTROL_SHARE = 0.01
# A file whose first invalid UTF-8 byte comes after this many valid non-ASCII
# characters is corrupted UTF-8, not GBK: reading it as GB18030 would yield mojibake.
_UTF8_EVIDENCE = 20


def decode(raw: bytes) -> tuple[str, str]:
    """Return (text, encoding name) for raw bytes; raise IngestError when they are empty or undecodable."""
    if not raw.strip(b" \t\r\n\x00\f\v"):
        raise IngestError("empty file")
    text, encoding = _decode(raw)
    _refuse_binary(text, encoding)
    return text, encoding


def _decode(raw: bytes) -> tuple[str, str]:
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return _strict(raw, name, f"{name} byte-order mark"), name
    utf16 = _utf16_without_bom(raw)
    if utf16:
        return _strict(raw, utf16, "NUL bytes in every other position"), utf16
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        _refuse_corrupted_utf8(raw, exc)
    gb = _try(raw, "gb18030")
    if gb is not None and _try(raw, "big5") is None:
        return gb, "gb18030"
    return _charset_normalizer(raw, prefer=("gb18030", "big5") if gb is not None else None)


def _strict(raw: bytes, name: str, why: str) -> str:
    try:
        return raw.decode(name)
    except UnicodeDecodeError as exc:
        raise IngestError(f"undecodable bytes: {why} but invalid {name} at byte {exc.start}") from exc


def _try(raw: bytes, name: str) -> str | None:
    try:
        return raw.decode(name)
    except UnicodeDecodeError:
        return None


def _utf16_without_bom(raw: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when NUL bytes fill one byte of most ASCII-range code units."""
    sample = raw[:4000]
    if len(sample) < 4 or len(sample) % 2 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _refuse_corrupted_utf8(raw: bytes, exc: UnicodeDecodeError) -> None:
    valid = raw[: exc.start].decode("utf-8", errors="ignore")
    non_ascii = len(valid) - len(valid.encode("ascii", errors="ignore"))  # characters above U+007F
    if non_ascii >= _UTF8_EVIDENCE:
        raise IngestError(
            f"undecodable bytes: invalid UTF-8 at byte {exc.start} "
            f"after {non_ascii} valid non-ASCII characters"
        ) from exc


def _charset_normalizer(raw: bytes, prefer: tuple[str, ...] | None) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    matches = from_bytes(raw, cp_isolation=list(prefer) if prefer else None)
    best = matches.best()
    if best is None:
        raise IngestError(
            "undecodable bytes: not UTF-8, UTF-16, GB18030 or any encoding charset-normalizer knows")
    text = raw.decode(best.encoding)  # strict: charset-normalizer's pick must decode every byte
    return text, best.encoding.replace("_", "-")


def _refuse_binary(text: str, encoding: str) -> None:
    controls = len(_CONTROL.findall(text))
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise IngestError(f"binary content: {controls} control characters after decoding as {encoding}")
