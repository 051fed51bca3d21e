from etl.extract.meetings import extract_meetings, meeting_type
from etl.extract.officials import extract_officials
from etl.extract.sentences import split_sentences


def meetings(body, published=None, event=None):
    sentences = split_sentences(body)
    out = extract_meetings(sentences, extract_officials(sentences), published, event)
    return [{k: m[k] for k in ("name", "type", "date", "host", "form")} for m in out]


def test_held_meeting_with_date_host_and_video_form():
    body = ("4月12日上午,2023年第二季度全县重点项目建设观摩点评会议召开。县长任国梁主持。"
            "会议以视频形式召开,各乡镇在分会场收听收看。")
    assert meetings(body, published="2023-04-13") == [{
        "name": "2023年第二季度全县重点项目建设观摩点评会议", "type": "观摩点评会",
        "date": "2023-04-12", "host": "任国梁", "form": "video"}]


def test_repeat_mentions_merge_and_rules_are_not_meetings():
    body = ("9月3日,县委召开全县“三个一批”暨项目推进会。县委在开学第一天召开项目推进会。"
            "建立周例会制度,每周一召开周调度会。")
    got = meetings(body)
    assert [(m["name"], m["date"], m["type"]) for m in got] == [
        ("全县“三个一批”暨项目推进会", "--09-03", "推进会")]


def test_types_come_from_the_first_keyword_of_the_name():
    assert meeting_type("重点工作第三次月讲评暨第九次周交办会议") == "讲评会"
    assert meeting_type("区长议事会") == "议事会"
    assert meetings("会议强调,要抓落实。") == []


def test_meeting_name_runs_back_to_the_last_punctuation():
    import random
    import re

    from etl.extract.meetings import _front_start

    name_chars = re.compile(r"[^,，。;；:：!！?？、\s()（）]*$")
    rnd = random.Random(3)
    alphabet = list("ab会议，。、 ()\n\t\u3000（）:：!？") + ["\x85", "\u2028"]
    for _ in range(5000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12)))
        for end in range(len(text) + 1):
            assert _front_start(text, end) == end - len(name_chars.search(text[:end]).group()), (text, end)


def test_meeting_type_is_the_first_keyword_and_the_longest_there():
    from etl.extract._text import table

    for name in ("全县重点项目建设观摩点评工作会议", "县委常委会会议", "项目推进会", "签约仪式", "某某活动"):
        best = None  # the definition: the smallest (offset, -length) over all keywords
        for key, (kind,) in table("meeting_types").items():
            at = name.find(key)
            if at >= 0 and (best is None or (at, -len(key)) < (best[0], -best[1])):
                best = (at, len(key), kind)
        assert meeting_type(name) == (best[2] if best else None), name
