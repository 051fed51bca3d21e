"""The real seed pages in ../shared: gold body checks and article fields (region is another extractor's)."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from etl.extract.article import extract_article
from etl.ingest import read_document

GOLD = Path(__file__).resolve().parents[2].parent / "shared" / "gold" / "seeds"
FIELDS = ("title", "published_at", "event_date", "source", "editors", "reporters", "url", "script")


def _norm(value):
    """The scorer's comparison: NFKC, outer quotes stripped, lists as sorted sets of names."""
    if isinstance(value, list):
        return sorted(_norm(v) for v in value)
    if value is None:
        return None
    return unicodedata.normalize("NFKC", str(value)).strip().strip("“”\"'‘’「」『』")


def _cases():
    if not GOLD.is_dir():
        return []
    return sorted(GOLD.glob("*.json"))


@pytest.mark.parametrize("gold_path", _cases(), ids=lambda p: p.stem)
def test_seed_matches_gold(gold_path, shared_seeds):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    raw = next(shared_seeds.glob(Path(gold["file"]).stem + ".*"))
    article = extract_article(read_document(raw))
    body = _norm(article["body"])
    assert [s for s in gold.get("body_must_contain", []) if _norm(s) not in body] == []
    assert [s for s in gold.get("body_must_not_contain", []) if _norm(s) in body] == []
    skip = set(gold.get("article_optional", []))
    wrong = {k: (article[k], gold["article"][k]) for k in FIELDS
             if k not in skip and _norm(article[k]) != _norm(gold["article"][k])}
    assert wrong == {}


def test_seeds_are_present_or_skipped(shared_seeds):
    assert _cases(), "../shared/seeds exists but its gold files do not"
