"""The pipeline's stages as plain functions: what each Airflow task calls.

Each stage takes and returns small JSON-able values (locations, ids, counts), so a
task can run on any worker that reaches the landing folder, the work folder and the
warehouse; no task reads another's local disk or memory. Both folders may be
object-store URLs (etl.storage). A run's data moves like this:

    discover_files    landing listing vs meta.landed_file → <work>/<run>/batch-NNNNN.json (changed files only)
    process_batch     one batch: read, decode, clean, extract, validate (GX record suites), COPY into staging
                      (records, quarantine lines, what discovery saw); mapped, any order, retry-safe
    publish_run       staging → core dimensions and facts and meta.landed_file, one transaction that
                      commits only if the GX staging suites (validate_staging, run beside it) pass
    finish_run        run row closed, work folder removed
"""
from __future__ import annotations

import json
import re
import time
import traceback
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path

from etl import storage
from etl.config import settings

# A share needs a few files to mean anything: replaying three broken files must not fail the run.
MIN_FILES_FOR_FAILURE_RATE = 20


class StagingRejected(RuntimeError):
    """A staging suite failed: the run publishes nothing."""


def run_dir(run_id: str):
    """The run's work folder (a Path or an ObjectStoragePath); created by discovery."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", run_id)
    return storage.locate(settings().work) / safe


# ---------------------------------------------------------------- prepare

def prepare_warehouse(conninfo: str) -> list[str]:
    """Apply pending migrations and (idempotently) load the region reference; returns applied files."""
    from etl.load.migrate import migrate
    from etl.load.reference import load_regions

    applied = migrate(conninfo)
    load_regions(conninfo)
    return applied


# ---------------------------------------------------------------- discover

def discover_files(conninfo: str, run_id: str, landing=None,
                   batch_size: int | None = None, started_at: str | None = None) -> dict:
    """Write the batches of new or changed landing files; returns their locations and counts.

    Files stream from the listing through the database comparison into batch files, so memory
    does not grow with the archive. A run that finds nothing leaves no trace in the warehouse.
    """
    from etl.ingest.discover import discover_changed
    from etl.load import meta

    cfg = settings()
    out = run_dir(run_id)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[str] = []

    def emit(batch: list[dict]) -> None:
        path = out / f"batch-{len(paths):05d}.json"
        path.write_text(json.dumps(batch, ensure_ascii=False), encoding="utf-8")
        paths.append(str(path))

    counts = discover_changed(conninfo, landing if landing is not None else cfg.landing,
                              batch_size or cfg.batch_size, emit)
    if counts["files_new_or_changed"]:
        meta.record_run_start(conninfo, run_id, started_at or datetime.now(timezone.utc).isoformat())
    counts = {**counts, "files_skipped": counts["files_seen"] - counts["files_new_or_changed"],
              "batches": len(paths)}
    (out / "discovery.json").write_text(json.dumps(counts), encoding="utf-8")
    return {"batches": paths, **{k: v for k, v in counts.items() if k != "batches"}}


# ---------------------------------------------------------------- process one batch

def _read_chunk(items: list[dict]) -> list[tuple[dict, object, dict | None]]:
    """Landed files → per file (seen row, its Document or None, its quarantine line or None); never
    raises for bad input."""
    from etl.ingest import IngestError, read_documents, sha256_bytes

    out = []
    for item, doc in zip(items, read_documents([item["path"] for item in items])):
        seen = {k: item[k] for k in ("source_path", "size_bytes", "mtime_ns")}
        if not isinstance(doc, BaseException):
            seen["sha256"] = doc.sha256
            out.append((seen, doc, None))
            continue
        try:  # IngestError is a bad file; anything else a parser's bug on it: quarantine both
            seen["sha256"] = sha256_bytes(storage.read_bytes(item["path"]))
        except OSError:
            seen["sha256"] = None
        reason = str(doc) if isinstance(doc, (IngestError, OSError)) else _bug(doc, "reader error")
        out.append((seen, None, _quarantine_line(item, seen["sha256"], "ingest", reason)))
    return out


def _extract_chunk(items: list[dict]) -> tuple[list[tuple[str, dict, dict]], float, float]:
    """A few landed files, all read first, then extracted together → per file (kind, line, seen row),
    kind "record" or "quarantine", and the seconds spent reading and extracting; never raises for bad input.

    Reading (decoders, cleaning patterns, OpenCC) and extracting (lexicons, gazetteer, IDF table) work
    on different tables; file by file, each pushes the other's out of the CPU's caches. So reading runs
    step by step over the chunk (`read_documents`) and extraction section by section
    (`extract_documents`). `extract_batch` on 5,000 files in one process, six rounds each, alternating:
    1.27-1.52 ms per file one file at a time, 1.18-1.26 ms reading a chunk before extracting it, then
    0.91-0.96 ms (against 1.08-1.14 in that comparison) extracting it section by section. Should
    `extract_documents` raise, the chunk's files are extracted one by one, so that only the file that
    breaks it is quarantined.
    """
    from etl.extract import extract_documents

    t = time.perf_counter()
    read = _read_chunk(items)
    t_read = time.perf_counter() - t
    docs = [(item, doc) for item, (_, doc, _) in zip(items, read) if doc is not None]
    t = time.perf_counter()
    try:
        paths = [item["source_path"] for item, _ in docs]
        extracted = [("record", record) for record in extract_documents([doc for _, doc in docs], paths)]
    except Exception:
        extracted = [_extract_alone(item, doc) for item, doc in docs]
    t_extract = time.perf_counter() - t
    lines = iter(extracted)
    out = []
    for seen, doc, quarantined in read:
        out.append(("quarantine", quarantined, seen) if doc is None else (*next(lines), seen))
    return out, t_read, t_extract


def _extract_alone(item: dict, doc) -> tuple[str, dict]:
    """("record", the file's record), or ("quarantine", a line with the trace) when the extractor breaks on it."""
    from etl.extract import extract_document

    try:
        return "record", extract_document(doc, source_path=item["source_path"])
    except Exception as exc:  # an extractor bug on one file must not lose the batch: quarantine it, with the trace
        return "quarantine", _quarantine_line(item, doc.sha256, "extract", _bug(exc, "extractor error"))


def _bug(exc: BaseException, what: str) -> str:
    """A quarantine reason for an unexpected exception: its type, message and where it was raised."""
    where = traceback.extract_tb(exc.__traceback__)[-1]
    return f"{what}: {type(exc).__name__}: {exc} ({Path(where.filename).name}:{where.lineno})"


def _quarantine_line(item: dict, sha256: str | None, stage: str, reason: str) -> dict:
    return {"file": Path(item["source_path"]).name, "source_path": item["source_path"], "sha256": sha256,
            "stage": stage, "reason": reason, "failed_expectations": [], "record": None}


def extract_batch(items: list[dict], workers: int = 1) -> dict:
    """Read and extract every file of a batch, in batch order, in chunks of up to CHUNK files
    (`_extract_chunk`): in this process for one worker or a few files, else on the process's extraction
    pool of `workers` processes; the files are read ahead (`ReadAhead`).

    Returns records, quarantine lines, seen rows (one per file) and the seconds spent decoding+cleaning
    (asking the OS to read ahead included, when this process does it between files) and extracting.
    """
    from etl.extract import warm_up

    out = {"records": [], "quarantine": [], "seen": [], "seconds_ingest": 0.0, "seconds_extract": 0.0}
    files = ReadAhead(items)
    in_process = workers <= 1 or len(items) < 32
    if in_process:
        warm_up()
        chunks = map(_extract_chunk, _chunked(files, CHUNK))
    else:  # the pool's feeder thread takes the chunks as fast as it can: the whole batch is asked for at once
        size = max(1, min(CHUNK, len(items) // (workers * 4)))  # every worker gets a few chunks
        chunks = extraction_pool(workers).imap(_extract_chunk, _chunked(files, size))
    for lines, t_ingest, t_extract in chunks:
        for kind, line, seen in lines:
            out["records" if kind == "record" else "quarantine"].append(line)
            out["seen"].append(seen)
        out["seconds_ingest"] += t_ingest
        out["seconds_extract"] += t_extract
    if in_process:
        out["seconds_ingest"] += files.seconds
    return out


# Files read before extraction starts on them (_extract_chunk). From 64 on, the size hardly mattered
# when reading and extracting were first split (3,000 files: 1.12-1.17 ms per file in chunks of 64,
# 1.08-1.18 of 256, 1.08-1.16 of 3,000); a chunk's Documents are held until extracted. Taking a chunk
# asks the OS for all its files (ReadAhead) before the first is read.
CHUNK = 128


def _chunked(items, size: int):
    """Lists of `size` items of `items` (the last one shorter), taken as they are needed."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


# Files whose reading the OS is asked to start before their turn comes (storage.will_read).
READ_AHEAD = 32


class ReadAhead:
    """The landed files of a batch in order, the OS asked to read each one READ_AHEAD files before its
    turn; `seconds` is the time spent asking.

    The files of a big load are seldom in the OS's cache, and a worker reading them one by one waits for
    the disk on each; asked ahead, the disk works while the worker parses the files before. The asking
    opens each file, which still waits for its inode. 5,000 files out of the cache, read and cleaned in
    one process: 0.229-0.245 ms per file, 0.169-0.176 ms read ahead (any distance from 16 to 256, the
    asking included), 0.129-0.137 ms from the cache.
    """

    def __init__(self, items: list[dict]):
        self.items = items
        self.seconds = 0.0

    def __iter__(self):
        clock = time.perf_counter
        items = self.items
        t = clock()
        for item in items[:READ_AHEAD]:
            storage.will_read(item["path"])
        self.seconds += clock() - t
        for i, item in enumerate(items):
            if i + READ_AHEAD < len(items):
                t = clock()
                storage.will_read(items[i + READ_AHEAD]["path"])
                self.seconds += clock() - t
            yield item


_pools: dict[int, object] = {}  # workers → this process's warm extraction pool


def extraction_pool(workers: int):
    """A forkserver pool of `workers` processes with the extraction dictionaries loaded, made once per
    process and size and terminated when the process exits.

    Its start-up (a fresh interpreter and the dictionaries in every worker) is paid once by a process
    that runs many batches, as `airflow dags test` (newsetl run) does, not once per batch; an Airflow
    task process runs one batch and ends, its pool with it. Forkserver, not fork: the caller may hold
    threads and connections. A worker that dies is replaced by the pool. Each worker loads what
    extraction needs and settles its heap (`warm_up_worker`).
    """
    pool = _pools.get(workers)
    if pool is None:
        import atexit
        import multiprocessing as mp

        pool = mp.get_context("forkserver").Pool(workers, initializer=warm_up_worker,
                                                   initargs=(True, False))  # extraction, no validation
        atexit.register(pool.terminate)
        _pools[workers] = pool
    return pool


_warmed: set[str] = set()  # what warm_up_worker has loaded in this process


def warm_up_worker(extraction: bool = True, validation: bool = True) -> None:
    """A worker's start-up, paid once per process: ingest and extraction resources (not with
    `extraction=False`: a process whose extraction pool loads them), GX and the record suites (not with
    `validation=False`: an extraction pool's worker); then the heap is settled (`settle_heap`). A later
    call loads only what an earlier one left out.
    """
    from etl.extract import warm_up as warm_extract
    from etl.ingest import warm_up as warm_ingest
    from etl.validate import warm_up as warm_validate

    wanted = ({"ingest", "extract"} if extraction else set()) | ({"validate"} if validation else set())
    todo = wanted - _warmed
    if not todo:
        return
    if "ingest" in todo:
        warm_ingest()
    if "extract" in todo:
        warm_extract()
    if "validate" in todo:
        warm_validate()
    _warmed.update(todo)
    settle_heap()


# Allocations between two collections of the youngest generation (Python's default is 700): a batch
# makes millions of short-lived objects, freed by reference counting, not by the cycle collector.
GC_YOUNG_THRESHOLD = 100_000


def settle_heap() -> None:
    """Keep Python's cycle collector off the objects loaded to stay: collect once, freeze what is left
    (gc.freeze), and collect the youngest generation less often.

    After its start-up a worker holds some 220,000 objects that live as long as it does (lexicons,
    gazetteer, tokenizer tables, the GX context and suites), and every full collection during a batch
    walked them all again. Frozen objects are never collected (reference counting still frees them), so
    this runs after loading, not during a batch. Batches of 5,000 files in one process: 5.45-5.77 s
    before, 4.80-5.61 s after (four each).
    """
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD)


def warm_up_task(workers: int | None = None) -> int:
    """What process_batch loads in its own process for `workers` extraction processes (default
    NEWSETL_WORKERS): everything with one, all but the extraction dictionaries with more (its extraction
    pool loads those). Returns the number of workers. etl.preload calls it ahead of any task."""
    workers = workers or settings().workers
    warm_up_worker(extraction=workers <= 1)
    return workers


def process_batch(conninfo: str, run_id: str, batch: str, workers: int | None = None,
                  max_failure_rate: float | None = None) -> dict:
    """One work unit: the files of batch file `batch` → validated rows in staging; returns counts and seconds.

    Steps: the process's start-up once (`warm_up_worker`), decode+clean and extract every file (on
    `workers` processes; default NEWSETL_WORKERS),
    run the GX record suites on the batch (failing records become quarantine lines), store the
    suite results, then stage records, quarantine lines and what discovery saw of every file in
    one transaction that first removes the run's earlier rows of the same files: a retried or
    re-ordered batch never doubles anything. Raises `BatchRejected` (etl.validate) before staging
    when the share of the batch quarantined passes the threshold: a systematic break should stop
    the run, not fill the quarantine.
    """
    from etl.load import meta
    from etl.load.staging import stage_batch
    from etl.validate import check_failure_rate, validate_records

    workers = warm_up_task(workers)
    items = json.loads(storage.read_text(batch))
    extracted = extract_batch(items, workers)
    t0 = time.perf_counter()
    outcome = validate_records(extracted["records"])
    for result in outcome.results:
        result.setdefault("details", {})["batch"] = Path(str(batch)).stem
    meta.record_suite_results(conninfo, run_id, outcome.results)
    quarantine = outcome.quarantined + extracted["quarantine"]
    limit = settings().max_failure_rate if max_failure_rate is None else max_failure_rate
    if len(items) >= MIN_FILES_FOR_FAILURE_RATE:
        check_failure_rate(len(items), len(quarantine), limit)
    t1 = time.perf_counter()
    staged = stage_batch(conninfo, run_id, outcome.passed, quarantine, extracted["seen"])
    t2 = time.perf_counter()
    return {"batch": str(batch), "files": len(items), "passed": len(outcome.passed),
            "quarantined": len(quarantine), "rows_staged": sum(staged.values()),
            "seconds_ingest": round(extracted["seconds_ingest"], 3),
            "seconds_extract": round(extracted["seconds_extract"], 3),
            "seconds_validate": round(t1 - t0, 3), "seconds_load": round(t2 - t1, 3)}


# ---------------------------------------------------------------- audit, publish, close

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


def publish_run(conninfo: str, run_id: str) -> dict:
    """Publish the run's staging rows to the star schema and meta.landed_file, in one transaction,
    only if the staging suites pass.

    The suites (`validate_staging`) run in a thread beside the publish transaction, which waits for
    them before it commits and rolls back, raising StagingRejected, when one fails; their results are
    stored either way. A publish is one server process on one core
    and the audit reads every staged row on the other, so the audit costs the run little time. On a
    staged 10^5 run cloned per try: in a process that had not imported GX, the suites then the publish
    took 17.74-18.04 s, side by side 11.54-11.91 s (the audit on one session; 12.99-13.08 s on two); in
    one that had, 14.57-15.23 s against 12.41-14.65 s (five each, alternating). The suites see the
    staging rows as they were before publishing, as a check run first would.
    """
    from concurrent.futures import ThreadPoolExecutor

    from etl.load.publish import publish

    with ThreadPoolExecutor(1, thread_name_prefix="staging-suites") as side:
        suites = side.submit(validate_staging, conninfo, run_id)
        return publish(conninfo, run_id, before_commit=suites.result)


def finish_run(conninfo: str, run_id: str, published: dict | None, status: str = "success") -> dict:
    """Close the run in meta.pipeline_run with discovery's and publishing's counts; returns them."""
    from etl.load import meta

    work = run_dir(run_id)
    counts = json.loads((work / "discovery.json").read_text(encoding="utf-8"))
    counts.update(published or {})
    if counts["files_new_or_changed"]:
        meta.record_run_end(conninfo, run_id, datetime.now(timezone.utc).isoformat(), status, counts)
    storage.remove_tree(work)  # everything is in the warehouse now; a failed run keeps its files for a look
    return counts
