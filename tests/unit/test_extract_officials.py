from etl.extract.officials import extract_officials
from etl.extract.sentences import split_sentences


def officials(body):
    return {o["name"]: o for o in extract_officials(split_sentences(body))}


def test_titles_split_at_the_slash_and_shared_by_a_name_list():
    body = ("5月6日,县委副书记、县长程立民主持召开县长办公会,要求各部门压实责任。"
            "县委常委、常务副县长邵春燕,副县长贾文涛、柴立新及县政府办公室主任葛永胜出席会议。")
    got = officials(body)
    assert got["程立民"]["titles"] == ["县委副书记", "县长"]
    assert got["程立民"]["roles"] == ["host"]  # the 要求 of a later clause is not a speech role
    assert got["邵春燕"]["titles"] == ["县委常委", "常务副县长"]
    assert got["贾文涛"]["titles"] == got["柴立新"]["titles"] == ["副县长"]
    assert got["葛永胜"]["titles"] == ["县政府办公室主任"]
    assert all(got[n]["roles"] == ["attendee"] for n in ("邵春燕", "贾文涛", "柴立新", "葛永胜"))


def test_collective_heading_and_bare_name_mentions_add_roles():
    body = ("县委书记曹振宇出席并讲话。县长任国梁主持。"
            "县领导韩明远、蒋玉、范志强出席。\n"
            "曹振宇强调,要抓好项目建设。\n"
            "范志强点评观摩情况。")
    got = officials(body)
    assert got["曹振宇"]["roles"] == ["speaker"]  # 出席并讲话: the speech, not the attendance
    assert got["任国梁"]["roles"] == ["host"]
    assert got["蒋玉"]["titles"] == ["县领导"]
    assert got["范志强"]["roles"] == ["attendee", "commentator"]
    spans = [m["span"] for m in got["曹振宇"]["mentions"]]
    assert len(spans) == 2 and all(body[s:e].startswith(("县委书记", "曹振宇")) for s, e in spans)


def test_quoted_officials_and_excluded_company_staff_and_reporters():
    body = ("“项目审批提速了一半。”县发展改革委党组书记、主任鲁建华说。"
            "“我们干劲更足了。”某某科技有限公司总经理钱海峰说。(记者 邱明)")
    got = officials(body)
    assert got["鲁建华"]["titles"] == ["县发展改革委党组书记", "主任"]
    assert got["鲁建华"]["roles"] == ["quoted"]
    assert set(got) == {"鲁建华"}


def test_pronoun_takes_the_last_official_and_names_stop_at_verbs():
    body = "区长孟庆安对下一步工作进行部署。他强调,要稳住投资。区委书记秦朗首先代表区委致辞。"
    got = officials(body)
    assert got["孟庆安"]["roles"] == ["speaker"]
    assert "秦朗" in got and got["秦朗"]["titles"] == ["区委书记"]


def test_text_without_titles_gives_no_officials():
    assert extract_officials(split_sentences("会议强调,要抓好安全生产。")) == []


def test_names_found_again_as_a_regex_alternation_would():
    import random
    import re

    from etl.extract.officials import _occurrences

    rnd = random.Random(4)
    for _ in range(3000):
        names = tuple({"".join(rnd.choice("张王伟") for _ in range(rnd.randint(2, 3))) for _ in range(3)})
        text = "".join(rnd.choice("张王伟,") for _ in range(rnd.randint(0, 14)))
        pattern = re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))
        assert _occurrences(text, names) == [(m.start(), m.group()) for m in pattern.finditer(text)], (names, text)
