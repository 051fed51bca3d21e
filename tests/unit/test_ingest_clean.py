"""Cleaning: width, pinyin and `?` debris, traditional → simplified, boilerplate, the body."""
from __future__ import annotations

import pytest

from etl.ingest import read_document
from etl.ingest.boilerplate import article_lines, find_lead, is_boilerplate
from etl.ingest.clean import normalize, page_lines
from etl.ingest.normalize import (
    normalize_width,
    repair_question_marks,
    script_of,
    strip_pinyin,
    tidy_line,
    to_simplified,
)


def test_width_follows_nfkc_for_fullwidth_forms_and_keeps_chinese_punctuation():
    assert normalize_width("会议指出：要加快（试点）建设，确保Ａ级目标；共１２个。") == \
        "会议指出:要加快(试点)建设,确保A级目标;共12个。"
    assert normalize_width("“项目为王”、《规划》——好\u3000开\xa0工\u200b") == "“项目为王”、《规划》——好 开 工"
    assert normalize_width("①号㎡") == "①号㎡"  # not NFKC: circled numbers and unit signs stay


def test_tidy_line_collapses_spaces_and_doubled_punctuation():
    assert tidy_line("  会议要求,,要加快。。 建设、、推进::  ") == "会议要求,要加快。 建设、推进:"
    assert tidy_line("等等……——好") == "等等……——好"


@pytest.mark.parametrize("raw,clean", [
    ("市委副書(shū)記、市長(zhǎng)", "市委副書記、市長"),
    ("人工智能(AI)产业", "人工智能(AI)产业"),
    ("重庆(chóngqìng)的", "重庆的"),
    ("长(chang)江", "长江"),         # toneless, but the reading of 长
    ("能(ai)力", "能(ai)力"),         # toneless and not a reading of 能: an ordinary bracket
    ("项目(二期)", "项目(二期)"),
    ("会议(huì)", "会议"),
])
def test_pinyin_glosses_are_removed_only_where_they_are_pinyin(raw, clean):
    assert strip_pinyin(raw) == clean


def test_traditional_to_simplified():
    assert to_simplified("許昌市長主持召開會議") == "许昌市长主持召开会议"


def test_every_henan_county_round_trips_through_traditional():
    import opencc

    from etl.reference.gazetteer import divisions

    henan = [d for d in divisions() if d.admin_code.startswith("41")]
    assert len(henan) > 150
    converters = [opencc.OpenCC(c) for c in ("s2t", "s2tw", "s2hk")]
    wrong = []
    for d in henan:
        for form in {d.name, *(c.convert(d.name) for c in converters)}:
            if to_simplified(f"在{form}召开") != f"在{d.name}召开":
                wrong.append((d.name, form))
    assert wrong == []


def test_names_opencc_gets_wrong_are_protected_in_running_text():
    assert to_simplified("衞輝市和濬縣的項目") == "卫辉市和浚县的项目"
    assert to_simplified("乾安县") == "乾安县"


@pytest.mark.parametrize("raw,clean", [
    ("????本报讯(记者?孟凡东)3月12日", "本报讯(记者 孟凡东)3月12日"),
    ("  ??  第二段", "第二段"),
    ("(记者 孟凡东?邱雅琴)", "(记者 孟凡东 邱雅琴)"),
    ("在濮?县召开", "在濮阳县召开"),             # the gazetteer fills it
    ("遇到难题怎么办?大家商量", "遇到难题怎么办?大家商量"),  # a real question mark
    ("项目??建设", "项目 建设"),
    ("总投资5?元", "总投资5?元"),                  # cannot be repaired: left as it is
    ("首页 >> 许昌日?qǐng)?bào) >> 内容", "首页 >> 许昌日报 >> 内容"),
    ("网址 http://e.example/a?id=1", "网址 http://e.example/a?id=1"),
])
def test_question_mark_debris(raw, clean):
    assert repair_question_marks(raw) == clean


def test_script_of():
    assert script_of("市委副書記、市長主持召開會議,要求強化責任") == "traditional"
    assert script_of("市委副书记、市长主持召开会议,要求强化责任") == "simplified"
    assert script_of("于是瞭望乾坤,市长主持召开会议,要求强化责任,加快项目建设进度") == "simplified"


PAGE = """金鼎融资租赁有限公司
讲文明 树新风 文明上网
首页 >> 本地新闻 >> 正文
许昌市重点项目集中开工
2023-03-12 18:30 来源:许昌网 浏览次数:1024 责任编辑:苗晓燕
发送短信 XC 到 10658000 即可订阅《许昌手机报》
摘要:3月12日,全市重点项目集中开工。
许昌网讯(记者 孟凡东 通讯员 邱雅琴)3月12日上午,全市重点项目集中开工活动在建安区举行,市长郝文斌主持。
1
本次集中开工项目共48个,总投资326.5亿元。(责任编辑:苗晓燕)
扫一扫 在手机打开当前页
会议强调,要加快项目建设进度。
分享
金湖县| 韶关市| 胶南市| 墨玉县|
上一篇:全市召开春季植树动员会
责任编辑:苗晓燕
查看心情排行你看到此篇文章的感受是:
点赞
版权声明:
1.凡本网注明“来源:许昌网”的所有作品,均为本网合法拥有版权的作品,未经书面授权不得转载。
许昌网法律顾问单位:河南某某律师事务所
返回首页
相关新闻
返回顶部"""

BODY = [
    "许昌网讯(记者 孟凡东 通讯员 邱雅琴)3月12日上午,全市重点项目集中开工活动在建安区举行,市长郝文斌主持。",
    "本次集中开工项目共48个,总投资326.5亿元。",
    "会议强调,要加快项目建设进度。",
]


def test_body_is_lead_to_footer_without_boilerplate():
    lines = page_lines(normalize(PAGE))
    assert lines[find_lead(lines)] == BODY[0]
    assert article_lines(lines) == BODY


def test_boilerplate_lines_in_the_middle_of_the_body_are_dropped():
    for line in ["金湖县| 韶关市| 胶南市| 墨玉县|", "首页 新闻 政务", "分享", "12", "<http://e.example/a>",
                 "浏览次数:88", "扫一扫 在手机打开当前页", "首页 | 要闻 | 时政 | 县区"]:
        assert is_boilerplate(line), line
    for line in BODY + ["市领导王某、李某出席。", "一是加快项目建设。"]:
        assert not is_boilerplate(line), line


def test_page_without_a_lead_keeps_its_prose():
    lines = ["项目建设观摩会召开", "会议要求各地加快项目建设,确保一季度开门红。", "返回首页"]
    assert article_lines(lines) == ["会议要求各地加快项目建设,确保一季度开门红。"]


def test_read_document_keeps_header_lines_and_cleans_the_body(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(PAGE.replace(",", "，").replace(":", "："), encoding="utf-8")
    doc = read_document(path)
    assert doc.body == "\n".join(BODY)
    assert doc.lines[3] == "许昌市重点项目集中开工"
    assert doc.lines[4] == "2023-03-12 18:30 来源:许昌网 浏览次数:1024 责任编辑:苗晓燕"
    assert (doc.container, doc.script, doc.encoding) == ("text", "simplified", "utf-8")


TRADITIONAL_PAGE = """\
????許昌廣電融媒體消息:3月12日,市委副書(shū)記、市長(zhǎng)郝文斌主持召開會(huì)議,研究衞輝市合作項目。
????會議強調(diào),要加快項目建設,,確保取得實效。(記者 孟凡東 邱雅琴)
免責聲明:凡本網注明“來源:XXX(非許昌網)”的作品,均轉載自其它媒體。
責任編輯 / 苗曉燕"""


def test_traditional_page_with_debris(tmp_path):
    path = tmp_path / "trad.txt"
    path.write_bytes(TRADITIONAL_PAGE.encode("utf-8"))
    doc = read_document(path)
    assert doc.script == "traditional"
    assert doc.body == ("许昌广电融媒体消息:3月12日,市委副书记、市长郝文斌主持召开会议,研究卫辉市合作项目。\n"
                        "会议强调,要加快项目建设,确保取得实效。(记者 孟凡东 邱雅琴)")
    assert doc.lines[-1] == "责任编辑 / 苗晓燕"


def test_mood_widget_with_bullets_ends_the_article_and_keeps_the_closing_byline():
    lines = ["本报讯 3月12日,全市重点项目集中开工活动举行。",
             "会议要求加快建设进度,确保取得实效。(记者 孟凡东)",
             "读完这篇文章后,您心情如何?", "• 点赞", "• 高兴", "主办:许昌网 版权所有"]
    assert article_lines(lines) == lines[:2]
    assert is_boilerplate("• 点赞")


def test_hidden_spam_links_in_html_are_not_page_text(tmp_path):
    places = "| ".join(f'<a href="/{i}.html">{p}</a>' for i, p in enumerate(["潜山市", "莱山区", "头屯河区",
                                                                             "义县"]))
    path = tmp_path / "spam.html"
    path.write_text(f"<html><body><p>本报讯 3月12日,全市重点项目集中开工活动举行,市长主持。</p>"
                    f'<div class="links" style="display:none">{places}</div></body></html>', encoding="utf-8")
    doc = read_document(path)
    assert "潜山市" not in doc.body and not any("莱山区" in line for line in doc.lines)


def test_long_spam_place_list_with_an_autonomous_county():
    line = "| ".join(["烈山区", "拜城县", "积石山保安族东乡族撒拉族自治县", "义县", "南浔区", "番禺区"]) + "|"
    assert is_boilerplate(line)


# --- the fast paths give what the plain definitions give ------------------------------------------

def test_width_is_the_translation_table_for_every_character_it_maps():
    from etl.ingest.normalize import _WIDTH

    mapped = "".join(map(chr, _WIDTH))
    mixed = "会议，，要求：\r\n加快（试点）\u200b建设\u3000。１２ａ\xa0b\r"
    for text in [mapped, mapped[::-1], mixed, "没有要换的字。", ""]:
        assert normalize_width(text) == text.replace("\r\n", "\n").translate(_WIDTH)


def test_tidy_spans_collapses_spaces_and_doubled_marks_as_the_patterns_do():
    import random
    import re

    from etl.ingest.normalize import tidy_spans

    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choice("  a,。\n、;:：\u3000") for _ in range(rng.randint(0, 16)))
        assert tidy_spans(text) == re.sub(r"([,。、;:])\1+", r"\1", re.sub(r" {2,}", " ", text)), repr(text)


def test_page_lines_tidy_every_line_as_tidy_line_does():
    text = "  会议要求,,要加快。。  建设、、推进::  \n\n 第二段  ;;好 \n \t\n第三段 , , 完"
    assert page_lines(text) == [line for line in (tidy_line(raw) for raw in text.split("\n")) if line]
    assert page_lines("甲  乙\n丙,,丁") == ["甲 乙", "丙,丁"]


@pytest.mark.parametrize("text", [
    "市委副書記、市長主持召開會議,要求強化責任",
    "市委副书记、市长主持召开会议,要求强化责任",
    "于是瞭望乾坤,市长主持召开会议",
    "㐀㑇 書 abc 记者",  # CJK extension A
    "no Chinese at all",
    "",
])
def test_traditional_share_counts_the_characters_t2s_changes_one_by_one(text):
    from etl.ingest.normalize import _t2s, traditional_share

    chars = [ch for ch in text if "\u3400" <= ch <= "\u9fff"]
    changed = sum(_t2s().convert(ch) != ch for ch in chars)
    assert traditional_share(text) == (changed / len(chars) if chars else 0.0)


@pytest.mark.parametrize("raw,clean", [
    ("書(shū)記(jì)、市長(zhǎng)", "書記、市長"),   # one gloss after another
    ("(shū)開頭", "(shū)開頭"),                    # no character before the bracket
    ("項目（xiàng mù）建設", "項目建設"),              # full-width brackets, two syllables
    ("abc(shū)", "abc(shū)"),
])
def test_pinyin_glosses_next_to_each_other_and_at_the_edges(raw, clean):
    assert strip_pinyin(raw) == clean


def test_footer_and_notes_after_list_numbers_and_before_trailing_spaces():
    from etl.ingest.boilerplate import is_footer

    assert is_footer("1.版权声明:本网所有作品")
    assert is_footer("(责任编辑:苗晓燕)")
    assert not is_footer("1.会议要求加快项目建设。")
    lines = ["本报讯 3月12日,全市重点项目集中开工活动举行。(责任编辑:苗晓燕)  ", "会议要求加快建设进度。"]
    assert article_lines(lines) == ["本报讯 3月12日,全市重点项目集中开工活动举行。", "会议要求加快建设进度。"]


def test_warm_up_builds_the_lazy_tables():
    from etl.ingest import normalize, warm_up

    tables = (normalize._t2s_changed, normalize._protected_names, normalize._pinyin_tables,
              normalize._masked_names, normalize._two_char_words)
    for table in tables:
        table.cache_clear()
    warm_up()
    for table in tables:
        assert table.cache_info().currsize == 1, table.__name__
