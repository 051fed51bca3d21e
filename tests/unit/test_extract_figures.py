from etl.extract.figures import cn_number, extract_figures
from etl.extract.sentences import SentenceIndex, split_sentences


def figures(body):
    found = extract_figures(body, SentenceIndex(split_sentences(body)))
    return [(f["kind"], f["value"], f["unit"]) for f in found]


def test_money_counts_percent_points_rank_duration():
    body = ("今年以来,全县签约项目32个,总投资56.8亿元,同比增长12.5%,高于全市平均水平3个百分点,"
            "居全市第3位。项目从签约到投产仅用了8个月,为期两天。")
    assert figures(body) == [
        ("count", 32, "个"), ("money", 5680000000, "元"), ("percent", 12.5, "%"),
        ("points", 3, "百分点"), ("rank", 3, "位"), ("duration", 8, "个月"), ("duration", 2, "天")]


def test_ranges_give_two_figures_and_chinese_numerals_count():
    assert figures("分别奖励3万元至20万元。") == [("money", 30000, "元"), ("money", 200000, "元")]
    assert figures("奖励1至5万元。") == [("money", 10000, "元"), ("money", 50000, "元")]
    assert figures("新建厂房一百二十套。") == [("count", 120, "套")]
    assert cn_number("十四") == 14 and cn_number("两") == 2 and cn_number("一百零五") == 105


def test_ordinals_dates_codes_slogans_are_not_figures():
    body = ("10月8日,召开第十五次周例会,落实“3461”工作机制,深化“三个一批”活动,"
            "2023年工作全面铺开,县委十三届三次全会,一个细节也不放过。")
    assert figures(body) == []


def test_repeated_figure_in_the_same_words_is_one():
    assert figures("建设8000万只蛋鸡项目。8000万只蛋鸡项目投产。") == [("count", 80000000, "只")]


def test_figure_search_only_where_a_figure_can_start_finds_the_same():
    import random
    import re

    from etl.extract._text import table
    from etl.extract.figures import _matches, _pattern

    units = list(table("figure_units"))
    alphabet = list("第0123456789,.零〇一二两三四五六七八九十百千万亿至到~-—－分之年度来多津天,。“”") + ["٣"]
    rnd = random.Random(9)
    for _ in range(20000):
        text = "".join(rnd.choice(units) if rnd.random() < 0.15 else rnd.choice(alphabet)
                       for _ in range(rnd.randint(0, 10)))
        everywhere = [(m.span(), m.groupdict()) for m in _pattern().finditer(text)]
        assert [(m.span(), m.groupdict()) for m in _matches(text)] == everywhere, text
    assert re.fullmatch(r"\d", "٣")  # digits of any script count, as \d does


def test_figure_context_stops_at_punctuation_or_six_characters():
    from etl.extract.figures import _context

    body = "全县,签约项目32个,总投资为五十六亿元"
    assert _context(body, body.index("32")) == "签约项目"
    assert _context(body, body.index("五十六")) == "总投资为"
    assert _context("一二三四五六七八9", 8) == "三四五六七八"
    assert _context("9", 0) == ""
