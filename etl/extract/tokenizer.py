"""One word segmenter for all of extraction, built once and lazily.

We use rjieba (jieba's algorithm in Rust, several times faster than `jieba.lcut`)
in an instance of our own, loaded with the genre's user dictionary
(`etl/reference/data/jieba_userdict.txt`), so the process-wide jieba default is
never touched. Keyword weights are TF-IDF with the IDF table that jieba ships
(`jieba/analyse/idf.txt`, the same table `jieba.analyse.TFIDF` uses); unknown
words get the table's median IDF, as jieba does.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import repeat
from pathlib import Path

from etl.reference import lexicon

_WORD = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def segmenter():
    """The shared rjieba instance with the user dictionary added."""
    import rjieba

    seg = rjieba.Jieba()
    for line in lexicon("jieba_userdict"):
        parts = line.split()
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        seg.add_word(parts[0], freq, parts[2] if len(parts) > 2 else None)
    return seg


def cut(text: str) -> list[str]:
    """Words of `text` in order (HMM on, so unknown names come out as words)."""
    return segmenter().cut(text, True)


@lru_cache(maxsize=1)
def idf_table() -> tuple[dict[str, float], float]:
    """jieba's IDF table and its median, the weight given to words it lacks."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")  # only the data file: importing jieba is slow and noisy
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jieba is not installed; it ships the IDF table")
    path = Path(list(spec.submodule_search_locations)[0]) / "analyse" / "idf.txt"
    table: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, value = line.partition(" ")
        if value:
            table[word] = float(value)
    values = sorted(table.values())
    return table, values[len(values) // 2]


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """jionlp's stop-word list plus the genre's own (`keyword_stopwords.txt`)."""
    from etl.reference.gazetteer import jionlp_text

    words = set(jionlp_text("stopwords.txt").split())
    return frozenset(words | set(lexicon("keyword_stopwords")))


def tfidf(text: str, top: int = 10) -> list[tuple[str, float]]:
    """The `top` words of `text` by TF-IDF, as jieba.analyse computes it (tf × idf / total).

    Only words of two or more characters holding a CJK character are counted;
    text without such words gives an empty list. Ties in weight go to the smaller word.
    """
    table, median = idf_table()
    stop = stopwords()
    # ("\u4e00" <= word < "\ua000": the first character is CJK, tested without a regex call or a slice)
    counts = {word: n for word, n in Counter(cut(text)).items() if len(word) >= 2 and word not in stop
              and ("\u4e00" <= word < "\ua000" or _WORD.search(word))}
    total = sum(counts.values())
    if not total:
        return []
    # The lookups run back to back in one C loop: the CPU overlaps their cache misses (the table is big).
    idfs = list(map(table.get, counts, repeat(median)))
    weights = [n * idf / total for n, idf in zip(counts.values(), idfs)]
    return _highest(weights, list(counts), top)


def _highest(weights: list[float], words: list[str], top: int) -> list[tuple[str, float]]:
    """`(word, weight)` of the `top` highest weights, ties by the word (`sorted` of (-weight, word), cut to `top`).

    Floats sort fast; (weight, word) pairs do not, so only the words that can make the cut are paired.
    """
    if 0 < top < len(weights):
        cutoff = sorted(weights, reverse=True)[top - 1]
        ranked = [(-weight, word) for weight, word in zip(weights, words) if weight >= cutoff]
    else:
        ranked = [(-weight, word) for weight, word in zip(weights, words)]
    ranked.sort()
    return [(word, -negated) for negated, word in ranked[:top]]
