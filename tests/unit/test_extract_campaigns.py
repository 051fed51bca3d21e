from etl.extract.campaigns import extract_campaigns, judge_quote
from etl.extract.sentences import SentenceIndex, split_sentences


def campaigns(body):
    return [c["text"] for c in extract_campaigns(body, SentenceIndex(split_sentences(body)))]


def test_lexicon_and_discovered_campaigns_in_order():
    body = ("坚持项目为王,深化“三个一批”活动,落实“3461”重点工作机制,开展“营商环境提升年”活动,"
            "推行“拿地即开工”服务模式,实行“日督导、周通报”制度,确保首季开门红。")
    assert campaigns(body) == ["项目为王", "三个一批", "3461", "营商环境提升年", "拿地即开工",
                               "日督导、周通报", "开门红"]


def test_metaphors_honours_and_speech_are_not_campaigns():
    assert judge_quote("强引擎", "作用") == []
    assert judge_quote("全省信访工作先进集体", "") == []
    assert judge_quote("我们的项目顺利推进", "") == []
    assert judge_quote("只争朝夕、不负韶华", "的精神") == []
    assert judge_quote("五个不放过", "") == ["五个不放过"]


def test_mentions_carry_count_and_span():
    body = "落实“项目为王”理念。项目为王要落到实处。"
    got = extract_campaigns(body, SentenceIndex(split_sentences(body)))
    assert got == [{"text": "项目为王", "span": [0, 11], "count": 2}]
