"""Containers → metadata + text: HTML, crawler JSON, Markdown with front matter, plain text."""
from __future__ import annotations

import json

import pytest

from etl.ingest import IngestError, read_document
from etl.ingest.unwrap import markdown_to_text, unwrap

LEAD = "许昌网讯(记者 孟凡东 通讯员 邱雅琴)3月12日上午,全市重点项目集中开工活动在建安区举行。"
SECOND = "本次集中开工项目共48个,总投资326.5亿元。"

PAGE = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>许昌市重点项目集中开工_许昌网</title>
<meta property="og:title" content="许昌市重点项目集中开工">
<meta property="article:published_time" content="2023-03-12T18:30:00+08:00">
<meta property="og:site_name" content="许昌网">
<link rel="canonical" href="https://www.xcnews.example/2023/0312/123.html">
<script>var t = "<p>脚本里的字</p>";</script><style>p {{ color: red }}</style></head>
<body><div class="nav"><a href="/">首页</a> &gt;&gt; 本地新闻</div>
<h1>许昌市重点项目集中开工</h1>
<div class="content"><p>{LEAD}</p>
<p>{SECOND}<br>会议强调,要加快
项目建设进度。</p></div></body></html>"""


def test_html_meta_and_block_lines():
    page = unwrap(PAGE, "a.html")
    assert page.container == "html"
    assert page.meta == {
        "title": "许昌市重点项目集中开工",
        "page_title": "许昌市重点项目集中开工_许昌网",
        "date": "2023-03-12T18:30:00+08:00",
        "source": "许昌网",
        "url": "https://www.xcnews.example/2023/0312/123.html",
    }
    lines = [line.strip() for line in page.text.split("\n") if line.strip()]
    assert lines[1:] == ["许昌市重点项目集中开工", LEAD, SECOND, "会议强调,要加快 项目建设进度。"]
    assert "脚本里的字" not in page.text and "color" not in page.text


def test_html_relative_og_url_is_not_a_url():
    page = unwrap('<html><head><meta property="og:url" content="/a/1.html"></head>'
                  "<body><p>正文</p></body></html>", "x")
    assert "url" not in page.meta


def test_crawler_json_with_escapes_and_html_content():
    record = {"title": "许昌市重点项目集中开工", "content": f"<p>{LEAD}</p><p>{SECOND}</p>",
              "url": "http://news.example/a/1.html", "publish_time": "2023-03-12 18:30:05",
              "site": "许昌日报", "editor": "苗晓燕", "author": "孟凡东", "crawl_time": "2023-03-13 01:00:00"}
    page = unwrap(json.dumps(record, ensure_ascii=True), "a.json")
    assert page.container == "json"
    assert page.meta == {"title": "许昌市重点项目集中开工", "url": "http://news.example/a/1.html",
                         "date": "2023-03-12 18:30:05", "source": "许昌日报", "author": "孟凡东",
                         "editor": "苗晓燕"}
    assert [line for line in page.text.split("\n") if line] == [LEAD, SECOND]


def test_crawler_json_nested_record_list_content_and_epoch_milliseconds():
    record = {"status": 0, "data": {"headline": "开工", "body": [LEAD, SECOND], "pubTime": 1678617000000}}
    page = unwrap(json.dumps(record), "b.json")
    assert page.meta["title"] == "开工"
    assert page.meta["date"] == "2023-03-12T18:30:00+08:00"
    assert page.text == f"{LEAD}\n{SECOND}"


@pytest.mark.parametrize("text,reason", [
    ('{"title": "开工", "content": "正文', "malformed JSON"),
    ('{"title": "开工", "tags": ["项目"]}', "no object with a content"),
    ('[{"content": "甲"}, {"content": "乙"}]', "holds 2 articles"),
])
def test_bad_json_is_an_ingest_error(text, reason):
    with pytest.raises(IngestError, match=reason):
        unwrap(text, "x.json")


FRONT = """---
layout: post
title: "许昌市重点项目集中开工: 48个项目"
date: 2023-03-12 18:30:00 +0800
source: 许昌日报
url: https://md.example/p/1
---
<p>本报讯 {lead}</p>
 <p>{second}</p>

<https://md.example/share?id=9_1>

[返回首页](//md.example/)｜[返回列表](//md.example/list)
"""


def test_markdown_front_matter_keeps_date_as_written_and_html_blocks_as_lines():
    page = unwrap(FRONT.format(lead=LEAD[4:], second=SECOND), "c.md")
    assert page.container == "markdown"
    assert page.meta == {"title": "许昌市重点项目集中开工: 48个项目", "date": "2023-03-12 18:30:00 +0800",
                         "source": "许昌日报", "url": "https://md.example/p/1"}
    lines = [line.strip() for line in page.text.split("\n") if line.strip()]
    assert lines == ["本报讯 " + LEAD[4:], SECOND, "<https://md.example/share?id=9_1>", "返回首页｜返回列表"]
    assert "layout" not in page.text and "<p>" not in page.text


def test_front_matter_that_is_not_yaml_is_read_line_by_line():
    page = unwrap("---\ntitle: 开工: 项目 [一]: 二\ndate: 2023-03-12\n---\n正文。", "d.md")
    assert page.meta == {"title": "开工: 项目 [一]: 二", "date": "2023-03-12"}


def test_markdown_links_emphasis_and_marks_are_unwrapped():
    text = markdown_to_text("## 小标题\n> 引用的话\n"
                            "- 详见[项目清单](https://e.example/l \"清单\")和**重点**、*次要*内容 "
                            "<http://e.example/a_b_c>\n![图片](p.png)\n***")
    assert text.split("\n") == ["小标题", "引用的话",
                                "详见项目清单和重点、次要内容 <http://e.example/a_b_c>", ""]


def test_plain_text_is_passed_through_with_entities_unescaped():
    page = unwrap("开工&nbsp;仪式\n第二行", "e.txt")
    assert (page.container, page.meta, page.text) == ("text", {}, "开工\xa0仪式\n第二行")


def test_read_document_on_each_container(tmp_path):
    html = tmp_path / "a.html"
    html.write_text(PAGE, encoding="utf-8")
    doc = read_document(html)
    assert (doc.container, doc.file, doc.path) == ("html", "a.html", str(html))
    assert doc.body.split("\n")[0] == LEAD
    assert len(doc.sha256) == 64


# --- the fast paths give what the plain definitions give ------------------------------------------

def _front_matter_blocks(n: int, seed: int) -> list[str]:
    """Front matter blocks, plain and not: quotes, colons, comments, tabs, lists, indicators, odd spaces."""
    import random

    rng = random.Random(seed)
    pieces = ["许昌", "开工", "2023-03-12 18:30:00 +0800", "http://e.example/a?b=c#d", ":", ": ", " ", "  ", "\t", '"',
              "'", "#", " #", "-", "- ", "[", "]", "{", "}", ",", "?", "|", ">", "&a", "*a", "!", "%", "@", "`", "\\",
              "~", "null", "\ufeff", "\xa0", "，", "“"]
    blocks = []
    for _ in range(n):
        lines = []
        for _ in range(rng.randint(1, 5)):
            value = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 4)))
            quote = rng.choice(["", "", '"', "'"])
            lines.append(f"{rng.choice(['title', 'date', 'url', 'source', 'tags'])}:{rng.choice(['', ' ', '  '])}"
                         f"{quote}{value}{quote}{rng.choice(['', ' '])}")
        blocks.append("\n".join(lines))
    return blocks


def test_front_matter_is_read_as_pyyaml_reads_it():
    import yaml

    from etl.ingest.unwrap import _load_yaml, _plain_front_matter

    blocks = _front_matter_blocks(3000, seed=7)
    assert sum(_plain_front_matter(b) is not None for b in blocks) > 300  # both paths are exercised
    for block in blocks:
        try:
            expected = yaml.load(block, Loader=yaml.BaseLoader)
        except yaml.YAMLError:
            expected = None
        assert _load_yaml(block) == expected, block


def test_whitespace_collapses_as_the_regular_expression_does():
    import re

    from etl.ingest.unwrap import _collapse_whitespace

    for text in ["", " ", "\n\t ", "a", " a ", "a  b\n\nc", "\u3000开\xa0工\u2028 ", "\x1c甲\x85乙\x1f"]:
        assert _collapse_whitespace(text) == re.sub(r"\s+", " ", text)


def test_html_canonical_link_case_and_nested_dropped_tags():
    page = unwrap('<html><head><LINK REL="Canonical" href="http://e.example/1"><TITLE>题</TITLE></head><body>'
                  "<p>正文一</p><svg><style>svg样式</style><text>图中字</text></svg>"
                  "<object><iframe>框里</iframe>对象</object><SCRIPT>脚本</SCRIPT><p>正文二</p></body></html>", "x")
    assert page.meta == {"url": "http://e.example/1", "page_title": "题"}
    assert [line for line in page.text.split("\n") if line] == ["正文一", "正文二"]
