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
