import random

from etl.extract.keywords import extract_keywords
from etl.extract.tokenizer import _highest


def test_highest_weights_first_ties_by_the_word():
    rnd = random.Random(5)
    for _ in range(3000):
        words = rnd.sample(["项目", "建设", "招商", "投资", "园区", "企业", "签约", "开工"], rnd.randint(0, 8))
        weights = [rnd.choice([0.5, 1.25, 2.0, 3.5]) for _ in words]
        for top in (-1, 0, 1, 3, 10):
            expected = [(w, -n) for n, w in sorted((-x, w) for x, w in zip(weights, words))[:top]]
            assert _highest(weights, words, top) == expected, (words, weights, top)


def test_keywords_are_weighted_terms_of_the_body():
    body = "项目建设是发展的关键。县委县政府高度重视项目建设,全力推进重点项目。"
    found = extract_keywords(body, top=3)
    assert len(found) == 3 and found[0]["term"] == "项目建设"  # twice in the body, a word of the user dictionary
    assert [k["weight"] for k in found] == sorted((k["weight"] for k in found), reverse=True)
    assert extract_keywords("") == [] and extract_keywords("2023 , .") == []
