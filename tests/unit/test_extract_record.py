import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from etl.config import EXTRACTOR_VERSION
from etl.extract import extract_file
from etl.extract.__main__ import write_records
from tests.conftest import report_score

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"

ARTICLE = """郸城县召开2023年第一季度重点项目建设推进会
3月9日上午,郸城县召开2023年第一季度重点项目建设推进会。县委书记曹振宇出席并讲话,县长任国梁主持。
县领导韩明远、蒋玉、范志强出席。
会上,各乡镇排名先后顺序为:宜路镇、汲冢镇、石槽镇。
今年以来,全县新签约项目18个,总投资46.5亿元。
曹振宇强调,要坚持“项目为王”,深化“三个一批”活动,确保首季开门红。
"""


@pytest.fixture
def article_file(tmp_path):
    path = tmp_path / "dancheng.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_record_has_spec_and_record_keys_with_spans_into_the_body(article_file):
    rec = extract_file(article_file)
    body = rec["article"]["body"]
    assert rec["file"] == "dancheng.txt" and rec["source_path"] == "dancheng.txt"
    assert rec["extractor_version"] == EXTRACTOR_VERSION and len(rec["sha256"]) == 64
    assert rec["article"]["region"] == {"name": "郸城县", "admin_code": "411625"}
    assert {o["name"]: o["roles"] for o in rec["officials"]}["任国梁"] == ["host"]
    assert rec["meetings"][0]["date"].endswith("03-09") and rec["meetings"][0]["host"] == "任国梁"
    assert rec["rankings"][0]["items"] == ["宜路镇", "汲冢镇", "石槽镇"]
    assert {(f["kind"], f["value"]) for f in rec["figures"]} == {("count", 18), ("money", 4650000000)}
    assert rec["campaigns"] == ["项目为王", "三个一批", "开门红"]
    assert [c["text"] for c in rec["campaign_mentions"]] == rec["campaigns"]
    spans = ([m["span"] for o in rec["officials"] for m in o["mentions"]]
             + [x["span"] for key in ("regions", "figures", "rankings", "meetings", "campaign_mentions")
                for x in rec[key]])
    assert spans and all(0 <= s < e <= len(body) and "\n" not in body[s:e] for s, e in spans)
    assert 0 < len(rec["keywords"]) <= 10


def test_write_records_prints_one_json_line_per_file_in_order(article_file, tmp_path):
    other = tmp_path / "b.txt"
    other.write_text("县长任国梁主持会议。", encoding="utf-8")
    out = io.StringIO()
    assert write_records([other, article_file], out) == 2
    lines = out.getvalue().splitlines()
    assert [json.loads(line)["file"] for line in lines] == ["b.txt", "dancheng.txt"]
    assert "郸城" in lines[1]  # ensure_ascii=False


def test_seeds_score(tmp_path):
    seeds, gold, scorer = SHARED / "seeds", SHARED / "gold" / "seeds", SHARED / "tools" / "score.py"
    if not (seeds.is_dir() and gold.is_dir() and scorer.is_file()):
        pytest.skip("../shared is not here")
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as out:
        write_records(sorted(seeds.iterdir()), out)
    table = subprocess.run([sys.executable, str(scorer), "--gold", str(gold), "--pred", str(pred)],
                           capture_output=True, text=True, check=True).stdout
    report_score("seeds (../shared/gold/seeds)", table)
    result = json.loads(subprocess.run(
        [sys.executable, str(scorer), "--gold", str(gold), "--pred", str(pred), "--json"],
        capture_output=True, text=True, check=True).stdout)
    # issue 3's targets on the seeds
    assert result["macro_f1"] >= 0.97
    assert all(v["f1"] >= 0.95 for v in result["fields"].values()), result["fields"]
    assert result["article_accuracy"] >= 0.97
    assert result["body_checks"] == 1.0
    assert result["meetings"] == 1.0
