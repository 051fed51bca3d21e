"""extract_batch on a process pool: every file accounted for, in batch order, bad files as quarantine lines."""
from etl import pipeline
from etl.ingest.discover import batches, walk_landing


def test_extract_batch_on_two_processes_keeps_order_and_quarantines_bad_files(tmp_path):
    from etl.generate import generate

    landing = tmp_path / "landing"
    generate(40, landing, seed=8)
    (landing / "zz_empty.txt").write_bytes(b"")
    files = walk_landing(landing)

    out = pipeline.extract_batch(batches(files, 100)[0], workers=2)

    assert (len(out["records"]), len(out["quarantine"])) == (40, 1)
    records = out["records"]
    assert [r["source_path"] for r in records] == [f.source_path for f in files[:40]]
    quarantined = out["quarantine"]
    assert quarantined[0]["source_path"] == "zz_empty.txt" and quarantined[0]["stage"] == "ingest"
    seen = out["seen"]
    assert [s["source_path"] for s in seen] == [f.source_path for f in files]
    assert all(len(s["sha256"]) == 64 for s in seen)
