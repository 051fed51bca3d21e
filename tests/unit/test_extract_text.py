import random
import re

from etl.extract._text import alternation, trie_pattern
from etl.reference import lexicon


def _flat(words):
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


def _spans(pattern, text):
    return [m.span() for m in pattern.finditer(text)]


def test_trie_pattern_matches_as_the_longest_first_alternation():
    rnd = random.Random(2)
    for _ in range(2000):
        words = {"".join(rnd.choice("abc") for _ in range(rnd.randint(1, 4))) for _ in range(rnd.randint(1, 6))}
        flat, trie = _flat(words), re.compile(trie_pattern(words))
        for _ in range(20):
            text = "".join(rnd.choice("abcd") for _ in range(rnd.randint(0, 10)))
            assert _spans(flat, text) == _spans(trie, text), (words, text)
            # inside a larger pattern, backtracking into shorter words too
            for suffix in ("c", "b?c", "$"):
                assert _spans(re.compile(f"(?:{flat.pattern}){suffix}"), text) == \
                    _spans(re.compile(f"(?:{trie.pattern}){suffix}"), text), (words, text, suffix)


def test_lexicon_alternations_find_what_the_sorted_alternation_finds():
    text = "县委书记主持召开项目推进会议,副县长出席并讲话,市长作报告。“项目为王”,高新技术产业开发区。"
    for name in ("official_posts", "role_verbs", "meeting_heads", "zone_types", "campaigns"):
        words = {line.split("\t")[0].split()[0] for line in lexicon(name)}
        assert _spans(alternation(name), text) == _spans(_flat(words), text), name
    assert _spans(alternation("official_posts"), "副县长") == [(0, 3)]  # the longest post, not 县长
