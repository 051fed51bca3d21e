"""Regression: the extractor on 1,000 synthetic articles (all formats, encodings and noise kinds)
scored against their ground truth with ../shared/tools/score.py; issue 3's bar is macro F1 ≥ 0.97."""
import json
import subprocess
import sys

import pytest

from tests.conftest import SCORER, report_score


def test_synthetic_corpus_macro_f1(tmp_path):
    if not SCORER.is_file():
        pytest.skip("../shared/tools/score.py is not here")
    from etl.extract import extract_file
    from etl.generate import generate

    corpus = tmp_path / "corpus"
    generate(1000, corpus, seed=20261122)
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as out:
        for path in sorted(p for p in corpus.iterdir() if p.is_file()):
            out.write(json.dumps(extract_file(path), ensure_ascii=False) + "\n")
    args = [sys.executable, str(SCORER), "--gold", str(corpus / ".truth"), "--pred", str(pred)]
    table = subprocess.run([*args, "--quiet"], capture_output=True, text=True, check=True).stdout
    report_score("1,000 synthetic articles (newsetl generate, seed 20261122)", table)
    result = json.loads(subprocess.run([*args, "--json"], capture_output=True, text=True, check=True).stdout)
    assert result["macro_f1"] >= 0.97
    assert result["body_checks"] == 1.0
