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
from functools import lru_cache
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
    text without such words gives an empty list.
    """
    table, median = idf_table()
    stop = stopwords()
    counts: dict[str, int] = {}
    for word in cut(text):
        if len(word) < 2 or word in stop or not _WORD.search(word):
            continue
        counts[word] = counts.get(word, 0) + 1
    total = sum(counts.values())
    if not total:
        return []
    scored = [(w, n * table.get(w, median) / total) for w, n in counts.items()]
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored[:top]
