from etl.extract.rankings import extract_rankings
from etl.extract.sentences import SentenceIndex, split_sentences


def test_ranked_lists_in_order_with_names():
    body = ("会上宣布了排序结果。各县区排名先后顺序为:鹿邑县、郸城县、淮阳区。"
            "市直单位评价排名依次为:市发改委、市住建局。")
    got = extract_rankings(body, SentenceIndex(split_sentences(body)))
    assert [(r["list"], r["items"]) for r in got] == [
        ("各县区排名", ["鹿邑县", "郸城县", "淮阳区"]), ("市直单位评价排名", ["市发改委", "市住建局"])]
    s, e = got[0]["span"]
    assert body[s:e].startswith("各县区排名")


def test_no_marker_or_single_item_is_no_ranking():
    body = "项目建设依次为:签约。会议要求加快推进。"
    assert extract_rankings(body, SentenceIndex(split_sentences(body))) == []
