from etl.extract.sentences import SentenceIndex, split_sentences


def test_spans_point_at_their_sentence():
    body = "3月2日,县委召开会议。县长讲话;大家讨论!\n会议要求:抓落实"
    sentences = split_sentences(body)
    assert [s.text for s in sentences] == [
        "3月2日,县委召开会议。", "县长讲话;", "大家讨论!", "会议要求:抓落实"]
    assert all(body[s.start:s.end] == s.text for s in sentences)


def test_closing_quote_stays_with_its_sentence_and_index_finds_offsets():
    body = "“要加快进度。”他说。"
    sentences = split_sentences(body)
    assert sentences[0].text == "“要加快进度。”"
    index = SentenceIndex(sentences)
    assert index.span(body.index("他")) == [sentences[1].start, sentences[1].end]


def _split_plainly(body):
    """The definition split_sentences implements: cut after each run of stops (with its closing quotes)
    and at each line break, trim whitespace (str.isspace), drop what is left empty."""
    import re

    out, pos = [], 0
    for m in re.finditer(r"[。！？；!?;]+[”’」』)）]*|\n", body):
        out.append((pos, m.start() if m.group() == "\n" else m.end()))
        pos = m.end()
    out.append((pos, len(body)))
    spans = []
    for start, end in out:
        while start < end and body[start].isspace():
            start += 1
        while end > start and body[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end, body[start:end]))
    return spans


def test_split_is_the_plain_definition_on_any_text():
    import random

    rnd = random.Random(7)
    alphabet = list("县委ab。！？；!?;”’」』)）\n \r\t\u3000\xa0\x85\u2028")
    for _ in range(20000):
        body = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14)))
        assert [tuple(s) for s in split_sentences(body)] == _split_plainly(body), repr(body)


def test_joined_sentences_find_the_sentences_a_word_is_in():
    import re

    from etl.extract.sentences import JoinedSentences

    body = "县长讲话。\n  副县长出席;大家讨论!县长总结"
    sentences = split_sentences(body)
    joined = JoinedSentences(sentences)
    assert [s.text for s in joined.holding(re.compile("县长"))] == ["县长讲话。", "副县长出席;", "县长总结"]
    at = joined.text.index("大家")
    sentence, offset = joined.locate(at)
    assert sentence.text == "大家讨论!" and offset == 0
    assert JoinedSentences([]).holding(re.compile("县长")) == []
