"""The pipeline's stages as plain functions: what each Airflow task calls.

Each stage takes and returns small JSON-able values (paths, ids, counts), so a
task can run on any worker that sees the work folder and the warehouse.
Data moves between stages in JSON Lines files under `$NEWSETL_WORK/<run>/`:

    discover_files   landing folder → batch-NNNNN.json (new or changed files only)
    extract_batch    batch → records-NNNNN.jsonl, quarantine-NNNNN.jsonl, seen-NNNNN.jsonl
    validate_batch   records → valid-NNNNN.jsonl (+ quarantined lines), suite results stored
    load_staging     valid records + quarantine lines → staging tables (COPY)
    validate_staging staging tables → suite results; fails the run on a broken suite
    publish_run      staging → core dimensions and facts, one transaction
    report_run       counts, suite results and mart samples for people
"""
from __future__ import annotations

import json
import re
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path

from etl.config import settings

# A share needs a few files to mean anything: replaying three broken files must not fail the run.
MIN_FILES_FOR_FAILURE_RATE = 20


class StagingRejected(RuntimeError):
    """A staging suite failed: the run publishes nothing."""


def run_dir(run_id: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", run_id)
    path = Path(settings().work) / safe
    path.mkdir(parents=True, exist_ok=True)
    return path


def _write_jsonl(path: Path, rows) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def read_jsonl(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


# ---------------------------------------------------------------- prepare

def prepare_warehouse(conninfo: str) -> list[str]:
    """Apply pending migrations and (idempotently) load the region reference; returns applied files."""
    from etl.load.migrate import migrate
    from etl.load.reference import load_regions

    applied = migrate(conninfo)
    load_regions(conninfo)
    return applied


# ---------------------------------------------------------------- discover

def discover_files(conninfo: str, run_id: str, landing: str | None = None,
                   batch_size: int | None = None, started_at: str | None = None) -> dict:
    """Write the batches of new or changed landing files; returns their paths and counts."""
    from etl.ingest.discover import batches, changed_files, walk_landing
    from etl.load import meta

    cfg = settings()
    found = walk_landing(Path(landing) if landing else cfg.landing)
    todo = changed_files(found, meta.known_files(conninfo))
    if todo:  # a run that finds nothing new leaves no trace in the warehouse (Airflow keeps its history)
        meta.record_run_start(conninfo, run_id, started_at or datetime.now(timezone.utc).isoformat())
    out = run_dir(run_id)
    paths = []
    for i, batch in enumerate(batches(todo, batch_size or cfg.batch_size)):
        path = out / f"batch-{i:05d}.json"
        path.write_text(json.dumps(batch, ensure_ascii=False), encoding="utf-8")
        paths.append(str(path))
    counts = {"files_seen": len(found), "files_new_or_changed": len(todo),
              "files_skipped": len(found) - len(todo), "batches": len(paths)}
    (out / "discovery.json").write_text(json.dumps(counts), encoding="utf-8")
    return {"batches": paths, **{k: v for k, v in counts.items() if k != "batches"}}


# ---------------------------------------------------------------- extract

def _extract_one(item: dict) -> tuple[str, dict, dict, float, float]:
    """One landed file → (kind, line, seen row, ingest seconds, extract seconds); never raises for bad input.

    kind is "record" or "quarantine".
    """
    from etl.extract import extract_document
    from etl.ingest import IngestError, read_document, sha256_bytes

    seen = {k: item[k] for k in ("source_path", "size_bytes", "mtime_ns")}
    t0 = time.perf_counter()
    try:
        doc = read_document(item["path"])
        seen["sha256"] = doc.sha256
    except (IngestError, OSError) as exc:
        try:
            seen["sha256"] = sha256_bytes(Path(item["path"]).read_bytes())
        except OSError:
            seen["sha256"] = None
        line = _quarantine_line(item, seen["sha256"], "ingest", str(exc))
        return "quarantine", line, seen, time.perf_counter() - t0, 0.0
    t1 = time.perf_counter()
    try:
        record = extract_document(doc, source_path=item["source_path"])
    except Exception as exc:  # an extractor bug on one file must not lose the batch: quarantine it, with the trace
        where = traceback.extract_tb(exc.__traceback__)[-1]
        reason = f"extractor error: {type(exc).__name__}: {exc} ({Path(where.filename).name}:{where.lineno})"
        line = _quarantine_line(item, doc.sha256, "extract", reason)
        return "quarantine", line, seen, t1 - t0, time.perf_counter() - t1
    return "record", record, seen, t1 - t0, time.perf_counter() - t1


def _quarantine_line(item: dict, sha256: str | None, stage: str, reason: str) -> dict:
    return {"file": Path(item["source_path"]).name, "source_path": item["source_path"], "sha256": sha256,
            "stage": stage, "reason": reason, "failed_expectations": [], "record": None}


def extract_batch(batch_path: str, workers: int | None = None) -> dict:
    """Read and extract every file of a batch, on `workers` processes; returns output paths and counts."""
    items = json.loads(Path(batch_path).read_text(encoding="utf-8"))
    stem = Path(batch_path).stem.replace("batch-", "")
    out = Path(batch_path).parent
    workers = workers or settings().workers
    paths = {k: out / f"{k}-{stem}.jsonl" for k in ("records", "quarantine", "seen")}
    counts = {"record": 0, "quarantine": 0}
    seconds = [0.0, 0.0]
    with paths["records"].open("w", encoding="utf-8") as rec_f, \
            paths["quarantine"].open("w", encoding="utf-8") as q_f, \
            paths["seen"].open("w", encoding="utf-8") as seen_f:
        for kind, line, seen, t_ingest, t_extract in _map(_extract_one, items, workers):
            seconds[0] += t_ingest
            seconds[1] += t_extract
            (rec_f if kind == "record" else q_f).write(json.dumps(line, ensure_ascii=False) + "\n")
            seen_f.write(json.dumps(seen, ensure_ascii=False) + "\n")
            counts[kind] += 1
    return {"records_path": str(paths["records"]), "quarantine_path": str(paths["quarantine"]),
            "seen_path": str(paths["seen"]), "extracted": counts["record"], "quarantined": counts["quarantine"],
            "seconds_ingest": round(seconds[0], 3), "seconds_extract": round(seconds[1], 3)}


def _map(func, items: list, workers: int):
    """Ordered map over items: in this process for small inputs, else on a process pool."""
    from etl.extract import warm_up

    if workers <= 1 or len(items) < 32:
        warm_up()
        yield from map(func, items)
        return
    import multiprocessing as mp

    ctx = mp.get_context("forkserver")
    with ctx.Pool(workers, initializer=warm_up) as pool:
        yield from pool.imap(func, items, chunksize=16)


# ---------------------------------------------------------------- validate

def validate_batch(conninfo: str, run_id: str, extracted: dict, max_failure_rate: float | None = None) -> dict:
    """Run the record suites on one extracted batch; quarantine failing records; store suite results.

    Raises `BatchRejected` (from etl.validate) when the share of the batch quarantined at any
    stage passes the threshold: a systematic break should stop the run, not fill the quarantine.
    """
    from etl.load import meta
    from etl.validate import check_failure_rate, validate_records

    records = read_jsonl(extracted["records_path"])
    outcome = validate_records(records)
    out = Path(extracted["records_path"])
    valid_path = out.with_name(out.name.replace("records-", "valid-"))
    invalid_path = out.with_name(out.name.replace("records-", "invalid-"))
    _write_jsonl(valid_path, outcome.passed)
    _write_jsonl(invalid_path, outcome.quarantined)
    meta.record_suite_results(conninfo, run_id, outcome.results)
    total = len(records) + extracted["quarantined"]
    quarantined = len(outcome.quarantined) + extracted["quarantined"]
    limit = settings().max_failure_rate if max_failure_rate is None else max_failure_rate
    if total >= MIN_FILES_FOR_FAILURE_RATE:
        check_failure_rate(total, quarantined, limit)
    return {"records_path": str(valid_path),
            "quarantine_paths": [str(invalid_path), extracted["quarantine_path"]],
            "seen_path": extracted["seen_path"], "passed": len(outcome.passed), "quarantined": quarantined}


# ---------------------------------------------------------------- load, audit, publish

def load_staging(conninfo: str, run_id: str, validated: list[dict]) -> dict:
    """COPY every validated batch and every quarantine line of the run into staging."""
    from etl.load.staging import load_staging as copy_into_staging

    return copy_into_staging(conninfo, run_id,
                             [v["records_path"] for v in validated],
                             [p for v in validated for p in v["quarantine_paths"]])


def validate_staging(conninfo: str, run_id: str) -> dict:
    """Run the staging suites; store their results; raise StagingRejected when one fails."""
    from etl.load import meta
    from etl.validate import validate_staging as run_staging_suites

    results = run_staging_suites(conninfo, run_id)
    meta.record_suite_results(conninfo, run_id, results)
    failed = [r["suite"] for r in results if not r["success"]]
    if failed:
        raise StagingRejected(f"staging suites failed for run {run_id}: {', '.join(failed)}; nothing published")
    return {"suites": len(results), "success": True}


def publish_run(conninfo: str, run_id: str, validated: list[dict]) -> dict:
    """Publish the run to the star schema, then remember the files' size and mtime for the next discovery."""
    from etl.load import meta
    from etl.load.publish import publish

    counts = publish(conninfo, run_id)
    seen = [row for v in validated for row in read_jsonl(v["seen_path"])]
    meta.record_seen_files(conninfo, run_id, seen)
    return counts


def finish_run(conninfo: str, run_id: str, published: dict | None, status: str = "success") -> dict:
    """Close the run in meta.pipeline_run with discovery's and publishing's counts; returns them."""
    import shutil

    from etl.load import meta

    work = run_dir(run_id)
    counts = json.loads((work / "discovery.json").read_text(encoding="utf-8"))
    counts.update(published or {})
    if counts["files_new_or_changed"]:
        meta.record_run_end(conninfo, run_id, datetime.now(timezone.utc).isoformat(), status, counts)
    shutil.rmtree(work)  # everything is in the warehouse now; a failed run keeps its files for a look
    return counts
