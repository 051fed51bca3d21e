"""Issue 4's guarantees on a small corpus, through the real stages on a real PostgreSQL:

- batches of a run processed in any order give the same warehouse;
- two runs that overlap (both discover the same files before either publishes) double nothing;
- the incremental fast path: discovery trusts size and mtime, reads no unchanged file, and a run
  that finds a few new files reads only those;
- the work folder may be an object-store URL (ObjectStoragePath; here the `file://` scheme).
"""
import os
import threading
import uuid

import psycopg
import pytest

from etl import pipeline
from tests.integration.test_publish import natural_contents, scratch_warehouse


@pytest.fixture()
def landing(tmp_path):
    from etl.generate import generate

    folder = tmp_path / "landing"
    generate(30, folder, seed=41)
    (folder / "empty.txt").write_bytes(b"")
    return folder


@pytest.fixture(autouse=True)
def work(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSETL_WORK", str(tmp_path / "work"))
    monkeypatch.setenv("NEWSETL_MAX_FAILURE_RATE", "0.9")


def _discover(url, landing, batch_size=8):
    run_id = f"run-{uuid.uuid4().hex[:8]}"
    pipeline.prepare_warehouse(url)
    return run_id, pipeline.discover_files(url, run_id, str(landing), batch_size=batch_size)


def _finish(url, run_id, batches):
    for batch in batches:
        pipeline.process_batch(url, run_id, batch, workers=1)
    return pipeline.finish_run(url, run_id, pipeline.publish_run(url, run_id))


def _natural(url):
    """Core contents by natural ids, without the publishing run id (random here by construction)."""
    contents = natural_contents(url)
    contents["dim_article"] = [row.rsplit(",", 1)[0] for row in contents["dim_article"]]
    return contents


def test_batches_in_any_order_give_the_same_warehouse(admin_url, landing):
    results = []
    for reverse in (False, True):
        with scratch_warehouse(admin_url) as url:
            run_id, discovered = _discover(url, landing)
            assert discovered["files_new_or_changed"] == 31
            batches = discovered["batches"][::-1] if reverse else discovered["batches"]
            _finish(url, run_id, batches)
            results.append(_natural(url))
    assert results[0] == results[1]
    assert len(results[0]["dim_article"]) == 30


def test_overlapping_runs_double_nothing(admin_url, landing):
    with scratch_warehouse(admin_url) as single:
        run_id, discovered = _discover(single, landing)
        _finish(single, run_id, discovered["batches"])
        expected = _natural(single)

    with scratch_warehouse(admin_url) as url:
        first, a = _discover(url, landing)
        second, b = _discover(url, landing)       # before the first publishes: it sees the same files
        assert a["files_new_or_changed"] == b["files_new_or_changed"] == 31
        errors: list[BaseException] = []
        barrier = threading.Barrier(2)

        def run(run_id, batches):
            barrier.wait()
            try:
                _finish(url, run_id, batches)
            except BaseException as exc:  # re-raised through the assertion below
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(first, a["batches"])),
                   threading.Thread(target=run, args=(second, b["batches"]))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert _natural(url) == expected
        with psycopg.connect(url) as conn:
            assert conn.execute("select count(*) from core.dim_article").fetchone()[0] == 30
            assert conn.execute("select count(*) from meta.landed_file").fetchone()[0] == 31
            assert conn.execute("select count(*) from staging.article").fetchone()[0] == 0


def test_discovery_trusts_size_and_mtime_and_reads_only_new_files(fresh_db, landing):
    run_id, discovered = _discover(fresh_db, landing)
    _finish(fresh_db, run_id, discovered["batches"])

    # same size, same mtime, other bytes: discovery must not read or hash it, so it is not seen as changed
    victim = sorted(landing.glob("gen_*"))[0]
    st = victim.stat()
    victim.write_bytes(bytes(reversed(victim.read_bytes())))
    os.utime(victim, ns=(st.st_atime_ns, st.st_mtime_ns))
    run_id, none = _discover(fresh_db, landing)
    assert (none["files_seen"], none["files_new_or_changed"], none["batches"]) == (31, 0, [])
    pipeline.finish_run(fresh_db, run_id, None)

    from etl.generate import generate

    generate(3, landing / "new", seed=42, start=1000)
    run_id, some = _discover(fresh_db, landing)
    assert some["files_new_or_changed"] == 3
    counts = _finish(fresh_db, run_id, some["batches"])
    assert counts["files_loaded"] == 3
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("select count(*) from core.dim_article").fetchone()[0] == 33
        runs = conn.execute("select count(*) from meta.pipeline_run").fetchone()[0]
    assert runs == 2, "a run that finds nothing leaves no run row"


def test_work_folder_may_be_an_object_store_url(fresh_db, landing, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSETL_WORK", f"file://{tmp_path}/object-work")
    run_id, discovered = _discover(fresh_db, landing)
    assert all(b.startswith("file://") for b in discovered["batches"])
    counts = _finish(fresh_db, run_id, discovered["batches"])
    assert counts["files_loaded"] == 30 and counts["files_quarantined"] == 1
    assert not (tmp_path / "object-work" / run_id).exists(), "the run's work folder is removed at the end"


def test_unchanged_files_are_skipped_and_touched_or_new_ones_are_not(fresh_db, tmp_path):
    """The database comparison of discovery (etl.ingest.discover.discover_changed) on its own."""
    from etl.ingest.discover import discover_changed
    from etl.load.staging import stage_batch

    folder = tmp_path / "plain"
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "x.html").write_text("<p>一</p>", encoding="utf-8")
    (folder / "b.txt").write_text("二", encoding="utf-8")
    pipeline.prepare_warehouse(fresh_db)

    def changed():
        found: list[dict] = []
        discover_changed(fresh_db, folder, 10, found.extend)
        return found

    first = changed()
    stage_batch(fresh_db, "run-1", [], [], [{**f, "sha256": "sha"} for f in first])
    pipeline.publish_run(fresh_db, "run-1")
    assert changed() == []
    os.utime(folder / "b.txt", ns=(1, 1))
    (folder / "c.txt").write_text("四", encoding="utf-8")
    assert [f["source_path"] for f in changed()] == ["b.txt", "c.txt"]
