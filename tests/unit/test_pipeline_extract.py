"""extract_batch on a process pool: every file accounted for, in batch order, bad files as quarantine lines."""
import json

from etl import pipeline
from etl.ingest.discover import batches, walk_landing


def test_extract_batch_on_two_processes_keeps_order_and_quarantines_bad_files(tmp_path, monkeypatch):
    from etl.generate import generate

    landing = tmp_path / "landing"
    generate(40, landing, seed=8)
    (landing / "zz_empty.txt").write_bytes(b"")
    monkeypatch.setenv("NEWSETL_WORK", str(tmp_path / "work"))
    batch = pipeline.run_dir("t") / "batch-00000.json"
    files = walk_landing(landing)
    batch.write_text(json.dumps(batches(files, 100)[0]), encoding="utf-8")

    out = pipeline.extract_batch(str(batch), workers=2)

    assert (out["extracted"], out["quarantined"]) == (40, 1)
    records = pipeline.read_jsonl(out["records_path"])
    assert [r["source_path"] for r in records] == [f.source_path for f in files[:40]]
    quarantined = pipeline.read_jsonl(out["quarantine_path"])
    assert quarantined[0]["source_path"] == "zz_empty.txt" and quarantined[0]["stage"] == "ingest"
    seen = pipeline.read_jsonl(out["seen_path"])
    assert [s["source_path"] for s in seen] == [f.source_path for f in files]
    assert all(len(s["sha256"]) == 64 for s in seen)
