"""Bytes → text: the bytes decide the encoding, nothing is replaced silently."""
from __future__ import annotations

import codecs

import pytest

from etl.ingest import IngestError, read_document
from etl.ingest.decode import decode

TEXT = "许昌网讯(记者 孟凡东)3月12日,全市重点项目集中开工活动在建安区举行,市长郝文斌主持。"
TRADITIONAL = "許昌廣電融媒體消息:3月12日,市長郝文斌主持召開會議,研究重點項目建設。"


def test_utf8_without_and_with_bom():
    assert decode(TEXT.encode("utf-8")) == (TEXT, "utf-8")
    assert decode(codecs.BOM_UTF8 + TEXT.encode("utf-8")) == (TEXT, "utf-8-sig")


def test_gbk_bytes_decode_as_gb18030():
    assert decode(TEXT.encode("gbk")) == (TEXT, "gb18030")


def test_gb18030_only_characters():
    text = TEXT + "𠀀"  # outside GBK: four-byte GB18030
    assert decode(text.encode("gb18030")) == (text, "gb18030")


@pytest.mark.parametrize("bom,codec", [(codecs.BOM_UTF16_LE, "utf-16-le"),
                                       (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_utf16_with_bom(bom, codec):
    text, encoding = decode(bom + TEXT.encode(codec))
    assert (text, encoding) == (TEXT, "utf-16")


def test_utf16_without_bom_is_recognised_by_its_nul_bytes():
    raw = ("Title: 项目\n" + TEXT).encode("utf-16-le")
    assert decode(raw)[0] == "Title: 项目\n" + TEXT


def test_big5_traditional_text():
    text, encoding = decode(TRADITIONAL.encode("big5"))
    assert text == TRADITIONAL
    assert encoding.startswith("big5")


def test_traditional_text_in_gbk_stays_gbk():
    assert decode(TRADITIONAL.encode("gbk")) == (TRADITIONAL, "gb18030")


def test_corrupted_utf8_is_refused_not_read_as_gbk():
    raw = (TEXT * 3).encode("utf-8") + b"\xff\xfe" + TEXT.encode("utf-8")
    with pytest.raises(IngestError, match="invalid UTF-8 at byte"):
        decode(raw)


@pytest.mark.parametrize("raw", [b"", b"   \r\n\t\n"])
def test_empty_input(raw):
    with pytest.raises(IngestError, match="empty file"):
        decode(raw)


def test_binary_input():
    with pytest.raises(IngestError, match="undecodable|binary"):
        decode(bytes(range(256)) * 16)


def test_html_with_a_lying_meta_charset_is_read_by_its_bytes(tmp_path):
    page = (f'<html><head><meta charset="utf-8"><title>开工</title></head>'
            f"<body><p>{TEXT}</p></body></html>")
    path = tmp_path / "lying.html"
    path.write_bytes(page.encode("gbk"))
    doc = read_document(path)
    assert doc.encoding == "gb18030"
    assert "市长郝文斌主持" in doc.body

    path.write_bytes(page.replace("utf-8", "gb2312").encode("utf-8"))
    doc = read_document(path)
    assert doc.encoding == "utf-8"
    assert "市长郝文斌主持" in doc.body


def test_missing_file_is_an_ingest_error(tmp_path):
    with pytest.raises(IngestError, match="cannot read"):
        read_document(tmp_path / "absent.txt")


def test_text_without_chinese_is_refused(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_text("Just an English page with no article.", encoding="utf-8")
    with pytest.raises(IngestError, match="no Chinese text"):
        read_document(path)


@pytest.mark.parametrize("raw", ["a", "/a/b.txt", "a/b", "./a", "a/./b", "a//b", "//a/b", "///a", "a/", "a/.", ".",
                                 "", "..", "a/..", "/", "/.", "a/b/", "ä/中.txt", " a ", "a\\b", "a/.b", "a./b"])
def test_file_name_and_path_are_pathlibs(raw):
    from pathlib import Path

    from etl.ingest import _name_and_path

    assert _name_and_path(raw) == (Path(raw).name, str(Path(raw)))
    assert _name_and_path(Path(raw)) == (Path(raw).name, str(Path(raw)))


def test_a_path_with_a_doubled_slash_is_named_as_pathlib_names_it(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("本报讯 3月12日,全市重点项目集中开工活动举行,市长主持。", encoding="utf-8")
    doc = read_document(f"{tmp_path}//page.txt")
    assert (doc.file, doc.path) == ("page.txt", str(path))


def test_read_documents_hands_back_each_failure_in_its_place(tmp_path):
    """Step by step over the files, a file that fails at any step leaves the others alone."""
    from etl.ingest import read_documents

    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "latin.txt").write_text("no Chinese here at all", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(TRADITIONAL.encode("big5"))
    names = ["a.txt", "empty.txt", "gone.txt", "latin.txt", "b.txt"]

    docs = read_documents([tmp_path / name for name in names])

    assert [type(d).__name__ for d in docs] == ["Document", "IngestError", "IngestError", "IngestError", "Document"]
    assert "cannot read gone.txt" in str(docs[2])
    assert docs[4].script == "traditional" and docs[4].file == "b.txt"
    with pytest.raises(IngestError, match="cannot read gone.txt"):
        read_document(tmp_path / "gone.txt")
    # an object-store URL (etl.storage) is read through ObjectStoragePath, named by its last part
    [by_url] = read_documents([f"file://{tmp_path}/a.txt"])
    assert by_url.file == "a.txt" and by_url.body == docs[0].body and by_url.path == f"file://{tmp_path}/a.txt"
