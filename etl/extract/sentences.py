"""Body → sentences with their `[start, end)` offsets (the evidence spans of docs/RECORD.md).

A sentence ends after 。！？；(full or half width, since the body is NFKC-normalized)
or at a line break; closing quotes and brackets right after the stop stay with it.
Leading and trailing whitespace is not part of a sentence; empty pieces are dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_STOP = re.compile(r"[。！？；!?;]+[”’」』)）]*|\n")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str

    @property
    def span(self) -> list[int]:
        return [self.start, self.end]


def split_sentences(body: str) -> list[Sentence]:
    """Cut `body` into sentences; `body[s.start:s.end] == s.text` for each."""
    out: list[Sentence] = []
    pos = 0
    for m in _STOP.finditer(body):
        end = m.start() if m.group() == "\n" else m.end()
        _add(out, body, pos, end)
        pos = m.end()
    _add(out, body, pos, len(body))
    return out


def _add(out: list[Sentence], body: str, start: int, end: int) -> None:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, body[start:end]))


class SentenceIndex:
    """Look up the sentence that holds a body offset."""

    def __init__(self, sentences: list[Sentence]):
        self.sentences = sentences
        self._starts = [s.start for s in sentences]

    def at(self, offset: int) -> Sentence | None:
        """The sentence holding `offset`, or None when it falls between sentences."""
        import bisect

        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def span(self, offset: int) -> list[int] | None:
        sentence = self.at(offset)
        return sentence.span if sentence else None
