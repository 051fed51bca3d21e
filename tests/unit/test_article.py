"""The `article` section: title, dates, source, editors, reporters, url, script, body."""
from __future__ import annotations

import json

import pytest

from etl.extract.article import event_date, extract_article, parse_published
from etl.ingest import Document, read_document
from etl.ingest.boilerplate import article_lines


def make_doc(lines: list[str], meta: dict | None = None, script: str = "simplified") -> Document:
    return Document(file="x.txt", path="x.txt", sha256="0" * 64, encoding="utf-8", container="text",
                    script=script, meta=meta or {}, lines=lines, body="\n".join(article_lines(lines)))


LEAD = ("许昌网讯(记者 孟凡东 邱雅琴/文 韩冰/图)3月12日上午,"
        "全市重点项目集中开工活动在建安区举行,市长郝文斌主持。")
PAGE = [
    "讲文明 树新风 文明上网",
    "首页 新闻 政务",
    "许昌市重点项目集中开工",
    "2023-03-12 18:30 来源:许昌网 责任编辑:苗晓燕",
    "以项目建设的新成效 推动高质量发展",
    LEAD,
    "本次集中开工项目共48个,总投资326.5亿元。",
    "责任编辑:苗晓燕",
    "版权声明:凡本网注明“来源:许昌网”的作品,未经授权不得转载。",
]


def test_a_scraped_page():
    article = extract_article(make_doc(PAGE))
    assert {k: v for k, v in article.items() if k != "body"} == {
        "title": "许昌市重点项目集中开工",
        "published_at": "2023-03-12T18:30:00+08:00",
        "event_date": "2023-03-12",
        "source": "许昌网",
        "editors": ["苗晓燕"],
        "reporters": ["孟凡东", "邱雅琴", "韩冰"],
        "url": None,
        "script": "simplified",
    }
    assert article["body"] == LEAD + "\n本次集中开工项目共48个,总投资326.5亿元。"
    assert "region" not in article


@pytest.mark.parametrize("text,expected", [
    ("2022-02-19 20:08 来源:某网", "2022-02-19T20:08:00+08:00"),
    ("发布时间:2022年02月19日 20时08分", "2022-02-19T20:08:00+08:00"),
    ("2022-02-08 10:34:53 +0800", "2022-02-08T10:34:53+08:00"),
    ("2022-02-08T10:34:53Z", "2022-02-08T10:34:53+00:00"),
    ("2022-02-08T10:34:53-05:00", "2022-02-08T10:34:53-05:00"),
    ("发布时间:2022-03-08", "2022-03-08"),
    ("2022/3/8", "2022-03-08"),
    ("2022-13-40 第一季度", None),
    ("第一季度", None),
])
def test_parse_published(text, expected):
    assert parse_published(text) == expected


@pytest.mark.parametrize("lead,published,expected", [
    ("本报讯 2月19日上午,会议召开。", "2022-02-20T08:00:00+08:00", "2022-02-19"),
    ("本报讯 2月19日上午,会议召开。", "2022-03-01", "2022-02-19"),
    ("本报讯 12月28日,会议召开。", "2023-01-03", "2022-12-28"),   # published in January: last December
    ("本报讯 12月25日,会议召开。", None, "--12-25"),               # no year anywhere: never guessed
    ("本报讯 2021年12月25日,会议召开。", None, "2021-12-25"),
    ("本报讯 去年12月25日,会议召开。", "2023-03-01", "2022-12-25"),
    ("近日,会议召开。", "2023-03-01", None),
])
def test_event_date(lead, published, expected):
    assert event_date(lead + "\n第二段。", published) == expected


def test_no_title_line_gives_null_title():
    doc = make_doc(["许昌广电融媒体消息:12月25日,市长郝文斌主持召开会议,研究重点项目建设。",
                    "会议要求加快进度。(记者 孟凡东 邱雅琴)",
                    "责任编辑 / 苗晓燕"])
    article = extract_article(doc)
    assert article["title"] is None
    assert article["published_at"] is None
    assert article["event_date"] == "--12-25"
    assert article["source"] == "许昌广电融媒体"
    assert article["editors"] == ["苗晓燕"]
    assert article["reporters"] == ["孟凡东", "邱雅琴"]


def test_repeated_headline_under_a_banner():
    doc = make_doc(["加快项目建设 领跑区域发展", "县发改委召开重点工作谋划会议",
                    "县发改委召开重点工作谋划会议", "发布时间:2023-03-08",
                    "3月5日,县发改委召开重点工作谋划会议,对全年工作进行部署安排。"])
    article = extract_article(doc)
    assert article["title"] == "县发改委召开重点工作谋划会议"
    assert article["published_at"] == "2023-03-08"
    assert article["event_date"] == "2023-03-05"
    assert article["source"] is None
    assert article["reporters"] == [] and article["editors"] == []


def test_seo_company_line_is_not_the_title_and_bao_xun_is_resolved_from_the_page():
    doc = make_doc(["金鼎融资租赁有限公司", "首页 >> 许昌日报 >> 内容", "许昌推进重点项目建设“加速度”",
                    "许昌日报 查看原文 我要分享",
                    "本报讯(记者 孟凡东)11月1日,许昌生物医药产业园举行揭牌仪式,项目签约总额52亿元。"])
    article = extract_article(doc)
    assert article["title"] == "许昌推进重点项目建设“加速度”"
    assert article["source"] == "许昌日报"
    assert article["event_date"] == "--11-01"
    assert article["reporters"] == ["孟凡东"]


def test_html_page_title_with_site_suffix_names_the_headline_line():
    doc = make_doc(["首页 | 要闻 | 时政 | 县区", "许昌市重点项目集中开工", "以项目建设推动高质量发展",
                    "本报讯 3月12日,全市重点项目集中开工活动在建安区举行,市长郝文斌主持。"],
                   meta={"page_title": "许昌市重点项目集中开工_许昌日报_许昌网"})
    assert extract_article(doc)["title"] == "许昌市重点项目集中开工"


@pytest.mark.parametrize("lead,reporters", [
    ("本报讯(记者 孟凡东 实习生 邱雅琴)3月12日,会议召开。", ["孟凡东", "邱雅琴"]),
    ("本报讯 (许昌日报全媒体记者韩冰)3月12日,会议召开。", ["韩冰"]),
    ("本报讯 全媒体记者 韩冰 通讯员 刘晓文 3月12日,会议召开。", ["韩冰", "刘晓文"]),
    ("本报讯(记者 孟凡东?邱雅琴)3月12日,会议召开。", ["孟凡东", "邱雅琴"]),
    ("3月12日,记者从市发改委获悉,全市重点项目集中开工。", []),
])
def test_reporters_in_their_forms(lead, reporters):
    from etl.ingest.clean import normalize, page_lines

    doc = make_doc(page_lines(normalize(lead)))
    assert extract_article(doc)["reporters"] == reporters


def test_byline_lines_and_editor_forms():
    doc = make_doc(["3月12日,全市重点项目集中开工活动在建安区举行,市长郝文斌主持。", "文/孟凡东 图/韩冰",
                    "编辑:苗晓燕 审核:周立"])
    article = extract_article(doc)
    assert article["reporters"] == ["孟凡东", "韩冰"]
    assert article["editors"] == ["苗晓燕"]


@pytest.mark.parametrize("lines,meta,expected", [
    (["3月12日,会议召开,研究部署全年工作。", "<http://e.example/news/1.html>"], {}, "http://e.example/news/1.html"),
    (["3月12日,会议召开,研究部署全年工作。",
      "转载请添加本文链接:http://e.example/show-1-2.html,否则追责。"], {},
     "http://e.example/show-1-2.html"),
    (["3月12日,会议召开,研究部署全年工作。"], {"url": "https://e.example/c/9"}, "https://e.example/c/9"),
    (["3月12日,会议召开,研究部署全年工作。", "返回列表|返回首页 //e.example/list"], {}, None),
])
def test_url(lines, meta, expected):
    assert extract_article(make_doc(lines, meta))["url"] == expected


def test_source_note_after_the_body():
    doc = make_doc(["本报讯 3月12日,全市重点项目集中开工活动在建安区举行,市长郝文斌主持。",
                    "(文章来源:许昌日报)"])
    assert extract_article(doc)["source"] == "许昌日报"


def test_each_container_end_to_end(tmp_path):
    lead = "本报讯(记者 孟凡东)3月12日上午,全市重点项目集中开工活动在建安区举行,市长郝文斌主持。"
    record = {"title": "许昌市重点项目集中开工", "content": f"<p>{lead}</p>", "url": "http://news.example/a/1.html",
              "pub_time": "2023-03-12 18:30", "source": "许昌日报", "editor": "苗晓燕"}
    (tmp_path / "a.json").write_text(json.dumps(record), encoding="utf-8")
    (tmp_path / "b.md").write_text(
        f"---\ntitle: 许昌市重点项目集中开工\ndate: 2023-03-12 18:30:00 +0800\n"
        f"source: 许昌日报\n---\n\n{lead}\n\n"
        "<http://news.example/a/1.html>\n", encoding="utf-8")
    (tmp_path / "c.html").write_bytes(
        ('<html><head><meta charset="utf-8"><title>许昌市重点项目集中开工_许昌日报</title>'
         '<link rel="canonical" href="http://news.example/a/1.html"></head><body>'
         '<h1>许昌市重点项目集中开工</h1><div>2023-03-12 18:30 来源：许昌日报</div>'
         f'<p>{lead}</p><p>责任编辑：苗晓燕</p></body></html>').encode("gbk"))
    for name in ("a.json", "b.md", "c.html"):
        article = extract_article(read_document(tmp_path / name))
        assert article["title"] == "许昌市重点项目集中开工", name
        assert article["published_at"] == "2023-03-12T18:30:00+08:00", name
        assert article["event_date"] == "2023-03-12", name
        assert article["source"] == "许昌日报", name
        assert article["reporters"] == ["孟凡东"], name
        assert article["url"] == "http://news.example/a/1.html", name
        assert article["body"] == lead, name


def test_headline_below_navigation_when_there_is_no_date_line():
    doc = make_doc(["弘扬社会主义核心价值观 共筑中国梦", "首页 | 要闻 | 时政 | 县区 | 专题",
                    "项目谋划专题会召开",
                    "安阳网讯:8月6日,市发改委召开项目谋划专题会,对重点项目建设进行再动员、再部署。"])
    assert extract_article(doc)["title"] == "项目谋划专题会召开"


def test_dateline_followed_by_a_time_word_names_the_outlet():
    doc = make_doc(["市长议事会召开", "2019年09月11日",
                    "濮阳发布讯日前,市长主持召开市长议事会,要求各级各有关部门抓好重大项目签约履约。"])
    article = extract_article(doc)
    assert article["source"] == "濮阳发布"
    assert article["published_at"] == "2019-09-11"
    assert article["event_date"] is None


def test_summary_line_dates_are_not_the_publication_time():
    doc = make_doc(["周例会召开", "责任编辑:闫恒雪",
                    "摘要:本报讯 2022年2月14日,副市长主持召开周例会,研究解决项目推进中的问题。",
                    "本报讯(记者 郑勇)2022年2月14日,副市长主持召开周例会,研究解决项目推进中的问题。"])
    article = extract_article(doc)
    assert article["published_at"] is None
    assert article["event_date"] == "2022-02-14"
    assert article["reporters"] == ["郑勇"]
