"""Body → sentences with their `[start, end)` offsets (the evidence spans of docs/RECORD.md).

A sentence ends after 。！？；(full or half width, since the body is NFKC-normalized)
or at a line break; closing quotes and brackets right after the stop stay with it.
Leading and trailing whitespace is not part of a sentence; empty pieces are dropped.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from typing import NamedTuple

_STOPS = "。！？；!?;"
_STOP_RUN = rf"[{_STOPS}]+[”’」』)）]*"
# A sentence as it is after trimming: text that starts and ends with neither whitespace nor a stop
# (no line break inside), then optional whitespace and the run of stops with its closing quotes;
# or such a run alone. re's \s and str.isspace agree on what whitespace is.
_SENTENCE = re.compile(rf"[^\s{_STOPS}](?:[^\n{_STOPS}]*[^\s{_STOPS}])?(?:[^\S\n]*{_STOP_RUN})?|{_STOP_RUN}")


class Sentence(NamedTuple):  # rather than a dataclass: cheaper to make, and a body has dozens
    start: int
    end: int
    text: str

    @property
    def span(self) -> list[int]:
        return [self.start, self.end]


_make = Sentence._make  # from a (start, end, text) tuple, without a Python-level __new__


def split_sentences(body: str) -> list[Sentence]:
    """Cut `body` into sentences; `body[s.start:s.end] == s.text` for each."""
    return [_make((m.start(), m.end(), m.group())) for m in _SENTENCE.finditer(body)]


class SentenceIndex:
    """Look up the sentence that holds a body offset."""

    def __init__(self, sentences: list[Sentence]):
        self.sentences = sentences
        self._starts = [s.start for s in sentences]

    def at(self, offset: int) -> Sentence | None:
        """The sentence holding `offset`, or None when it falls between sentences."""
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def span(self, offset: int) -> list[int] | None:
        sentence = self.at(offset)
        return sentence.span if sentence else None


class JoinedSentences:
    """Sentences joined by line breaks, to scan them with one regex call rather than one per sentence.

    Only for patterns that cannot match a line break (words, names): a match then never spans two
    sentences, and each lies in the sentence `locate` gives.
    """

    def __init__(self, sentences: list[Sentence]):
        self.sentences = sentences
        self.text = "\n".join(s.text for s in sentences)
        self.offsets = list(accumulate((len(s.text) + 1 for s in sentences[:-1]), initial=0))

    def locate(self, at: int) -> tuple[Sentence, int]:
        """(the sentence, the offset in it) of offset `at` of the joined text."""
        k = bisect_right(self.offsets, at) - 1
        return self.sentences[k], at - self.offsets[k]

    def holding(self, pattern: re.Pattern) -> list[Sentence]:
        """The sentences in which `pattern` matches, in order."""
        found = dict.fromkeys(bisect_right(self.offsets, m.start()) - 1 for m in pattern.finditer(self.text))
        return [self.sentences[k] for k in found]
