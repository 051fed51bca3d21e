"""Keywords: the body's top terms by TF-IDF (jieba's IDF table, our own segmenter)."""
from __future__ import annotations

from etl.extract.tokenizer import tfidf


def extract_keywords(body: str, top: int = 10) -> list[dict]:
    """Top `top` terms of `body` with TF-IDF weights rounded to 4 places; empty body → []."""
    return [{"term": term, "weight": round(weight, 4)} for term, weight in tfidf(body, top)]
