"""Benchmark the real pipeline code on a synthetic corpus and print per-stage figures and target ratios.

    .venv/bin/python benchmarks/run.py [--n 100000] [--workers 2] [--keep]       (make bench)

1. generates `--n` articles with `newsetl generate` (all formats, encodings and noise kinds), unless
   benchmarks/out/corpus-N already holds them;
2. runs the DAG's stages over them into a fresh database of the warehouse server (the embedded one
   unless NEWSETL_WAREHOUSE_URL is set): discover_files, then process_batch for every batch on a pool
   of `--workers` processes (each one a worker slot, as Celery or the LocalExecutor would give),
   publish_run (on a worker too; the staging suites run beside it), finish_run. Worker start-up
   (imports, dictionaries, GX suites) is inside the timed run; Airflow's own start-up is not. Per
   stage: seconds, articles/s, MB/s, rows/s; the batch stages (decode+clean, extract, validate, load)
   share the batch wall time by their CPU seconds; peak RSS is sampled for this process and its
   children (not the database server); the machine's busy core-seconds over the run (server included)
   give its CPU per article, against jieba.lcut's and what four times jieba.lcut allows on these cores;
3. measures two references on the same input: plain `jieba.lcut` over every body on one core (capped
   at --jieba-seconds of tokenizing, 300 by default: a 10^6 corpus would take over half an hour), and a
   bare COPY (psycopg write_row) of the same fact rows into empty tables of the same columns;
4. measures the incremental paths on the loaded warehouse: a run finding 100 new files, one finding none,
   first right after the load (autovacuum then works through the new pages on one of the two cores),
   then again, with 100 other new files, once the database is vacuumed (the ratios'
   figures: a scheduled run finds the warehouse so);
   and process_batch as Airflow runs a mapped task on 2,000 and 5,000 files: in a fresh process (its
   start-up is paid per task there, not once per worker slot as in step 2), and forked from a process
   that imported etl.preload, as a Celery worker configured so runs it;
5. scores 1,000 synthetic articles (seed 20261122) with ../shared/tools/score.py when it is there, the
   corpus the unoptimized extractor (commit c620e3b) scored macro F1 0.995 on, since officials hold their
   posts across articles (0.994 before, with bodies of the genre's length from b41b484 and without);
6. prints the ratios last and writes everything to benchmarks/out/result-N.json.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "benchmarks" / "out"
SCORER = ROOT.parent / "shared" / "tools" / "score.py"
# 1,000 articles of seed 20261122, extractor of commit c620e3b (before issue 4), scored on the corpus of
# the current generator (officials holding their posts across articles); 0.994 on the two corpora before
UNOPTIMIZED_MACRO_F1 = 0.995


class PeakRss:
    """Samples the RSS of this process and its children every 50 ms; `.peak` in bytes."""

    def __init__(self):
        import psutil

        self.proc = psutil.Process()
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        import psutil

        while not self._stop.is_set():
            total = 0
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
                for p in procs:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
            except psutil.Error:
                pass
            self.peak = max(self.peak, total)
            time.sleep(0.05)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


class CpuMeter:
    """Core-seconds the whole machine spent busy (user, system, interrupts, steal) and idle between
    `start()` and `stop()`: the benchmark, its workers and the database server alike, which together
    are the run (the machine runs nothing else of note)."""

    def start(self):
        import psutil

        self._before = psutil.cpu_times()
        return self

    def stop(self) -> dict:
        import psutil

        after = psutil.cpu_times()
        delta = {k: getattr(after, k) - getattr(self._before, k) for k in after._fields}
        idle = delta["idle"] + delta.get("iowait", 0.0)
        busy = sum(delta.values()) - idle - delta.get("guest", 0.0) - delta.get("guest_nice", 0.0)  # guest is in user
        return {"busy_core_seconds": busy, "idle_core_seconds": idle, "cores": psutil.cpu_count()}


def corpus(n: int) -> Path:
    from etl.generate import generate

    folder = OUT / f"corpus-{n}"
    marker = folder / ".complete"
    if not marker.exists():
        print(f"generating {n} articles into {folder} …", flush=True)
        t = time.monotonic()
        generate(n, folder, seed=2026)
        marker.write_text(str(n))
        print(f"  generated in {time.monotonic() - t:.1f} s", flush=True)
    return folder


def fresh_database(admin_url: str) -> str:
    import psycopg

    from etl.warehouse import with_database

    name = f"newsetl_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    return with_database(admin_url, name)


def drop_database(admin_url: str, url: str) -> None:
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    name = conninfo_to_dict(url)["dbname"]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')


def _process(args):
    from etl import pipeline

    url, run_id, batch = args
    t = time.monotonic()
    result = pipeline.process_batch(url, run_id, batch, workers=1)
    return result, time.monotonic() - t


def _ready(_):
    time.sleep(0.05)  # long enough that every worker takes one, so all have finished their start-up
    return os.getpid()


def worker_pool(workers: int, timings: dict):
    """`workers` processes, each warmed up once (dictionaries, GX, suites), then fed batches; their server
    process starts with the environment of the processes that run tasks (etl.config.worker_env), as
    `newsetl run`'s Airflow and the docker-compose services do."""
    import multiprocessing as mp

    from etl import pipeline
    from etl.config import worker_env

    t = time.monotonic()
    os.environ.update(worker_env())  # read by the forkserver as it starts, here, and by the cold tasks later
    pool = mp.get_context("forkserver").Pool(workers, initializer=pipeline.warm_up_worker)
    pool.map(_ready, range(workers * 4), chunksize=1)
    timings["worker start-up"] = time.monotonic() - t
    return pool


def run_pipeline(url: str, landing: Path, run_id: str, pool, timings: dict) -> dict:
    """The DAG's stages in order; adds seconds per stage to `timings`; returns counts."""
    from etl import pipeline

    def timed(stage, func, *args):
        t = time.monotonic()
        result = func(*args)
        timings[stage] = timings.get(stage, 0.0) + time.monotonic() - t
        return result

    discovered = timed("discover", pipeline.discover_files, url, run_id, str(landing))
    published = None
    batch_stats = {"ingest": 0.0, "extract": 0.0, "validate": 0.0, "load": 0.0, "rows_staged": 0}
    if discovered["batches"]:
        t = time.monotonic()
        for result, _ in pool.imap_unordered(_process, [(url, run_id, b) for b in discovered["batches"]]):
            for k in ("ingest", "extract", "validate", "load"):
                batch_stats[k] += result[f"seconds_{k}"]
            batch_stats["rows_staged"] += result["rows_staged"]
        wall = time.monotonic() - t
        cpu = sum(batch_stats[k] for k in ("ingest", "extract", "validate", "load")) or 1.0
        for key, stage in (("ingest", "decode+clean"), ("extract", "extract"), ("validate", "validate records"),
                           ("load", "load")):
            timings[stage] = timings.get(stage, 0.0) + wall * batch_stats[key] / cpu
        # a task like process_batch: it runs on a (warm) worker slot, not in this process
        published = timed("publish", pool.apply, pipeline.publish_run, (url, run_id))
    timed("finish", pipeline.finish_run, url, run_id, published)
    return {"discovered": discovered, "published": published, "rows_staged": batch_stats["rows_staged"]}


FACT_TABLES = "select table_name from information_schema.tables where table_schema = 'core' " \
              "and table_name like 'fct\\_%' order by 1"


def incremental(url: str, landing: Path, extra: Path, pool, seed: int, start: int) -> dict:
    """A run that finds 100 new files (written into `extra`, under the landing folder), then one that finds none."""
    from etl.generate import generate

    generate(100, extra, seed=seed, start=start)
    t = time.monotonic()
    new = run_pipeline(url, landing, f"bench-inc-{uuid.uuid4().hex[:6]}", pool, {})
    seconds_new = time.monotonic() - t
    t = time.monotonic()
    none = run_pipeline(url, landing, f"bench-none-{uuid.uuid4().hex[:6]}", pool, {})
    seconds_none = time.monotonic() - t
    return {"seconds_100_new": round(seconds_new, 2), "found_100_new": new["discovered"]["files_new_or_changed"],
            "seconds_none_new": round(seconds_none, 2), "found_none_new": none["discovered"]["files_new_or_changed"]}


def vacuum(url: str) -> None:
    """VACUUM ANALYZE the benchmark database: what autovacuum does to a big load in the minutes after it
    (setting hint bits and the visibility map on every new page), done now and at full speed, so that
    the settled incremental runs do not share the two cores with it."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("vacuum (analyze)")


def fact_row_count(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        tables = [t for (t,) in conn.execute(FACT_TABLES).fetchall()]
        return sum(conn.execute(f"select count(*) from core.{t}").fetchone()[0] for t in tables)


COLD_SIZES = (2000, 5000)
COLD_TASK = """
import json, sys, time
t = time.perf_counter()
from etl import pipeline
pipeline.warm_up_worker()
warm_up = time.perf_counter() - t
counts = pipeline.process_batch(sys.argv[1], sys.argv[2], sys.argv[3], workers=1)
print(json.dumps({**counts, "seconds_warm_up": warm_up}))
"""
# A Celery worker whose main process imported etl.preload (README: Celery) runs each task in a process forked
# from a warm one (Airflow forks the task process); timed from the fork to the task's end.
PRELOADED_TASK = """
import json, os, sys, time
import etl.preload
read, write = os.pipe()
t = time.perf_counter()
pid = os.fork()
if pid == 0:  # the task's process: it reports through the pipe and never returns into this script
    try:
        from etl import pipeline
        counts = pipeline.process_batch(sys.argv[1], sys.argv[2], sys.argv[3], workers=1)
        os.write(write, json.dumps(counts).encode())
    except BaseException:
        import traceback
        traceback.print_exc()
        os._exit(1)
    os._exit(0)
os.close(write)
out = b"".join(iter(lambda: os.read(read, 1 << 16), b""))
_, status = os.waitpid(pid, 0)
if status or not out:
    sys.exit("the forked task failed")
print(json.dumps({**json.loads(out), "seconds_forked": time.perf_counter() - t}))
"""


def cold_tasks(url: str, landing: Path, sizes=COLD_SIZES) -> list[dict]:
    """process_batch as an Airflow worker runs a mapped task, on one batch of `size` files of the corpus,
    for each size: in a fresh Python process (one worker), seconds in all and before the first file (the
    interpreter, imports, dictionaries, GX and its suites: the wall time less the batch's own stage
    seconds); then in a process forked from one that imported etl.preload, seconds from the fork to the
    end. The staged rows are removed afterwards and nothing is published; the suite results the tasks
    record stay in meta.suite_result under run ids `bench-cold-…`."""
    import itertools
    import subprocess

    import psycopg

    from etl.load import sql_text

    results = []
    for size in sizes:
        with os.scandir(landing) as entries:
            files = list(itertools.islice((e for e in entries if e.is_file() and e.name[0] != "."), size))
        items = [{"source_path": e.name, "path": e.path, "size_bytes": st.st_size, "mtime_ns": st.st_mtime_ns}
                 for e in files for st in (e.stat(),)]
        batch = OUT / f"cold-{size}.json"
        batch.write_text(json.dumps(items), encoding="utf-8")
        run_id = f"bench-cold-{uuid.uuid4().hex[:6]}"
        t = time.monotonic()
        out = subprocess.run([sys.executable, "-c", COLD_TASK, url, run_id, str(batch)], cwd=ROOT,
                             capture_output=True, text=True, check=True)
        wall = time.monotonic() - t
        counts = json.loads(out.stdout.strip().splitlines()[-1])
        work = sum(counts[f"seconds_{k}"] for k in ("ingest", "extract", "validate", "load"))
        forked_run_id = f"bench-cold-{uuid.uuid4().hex[:6]}"
        out = subprocess.run([sys.executable, "-c", PRELOADED_TASK, url, forked_run_id, str(batch)], cwd=ROOT,
                             capture_output=True, text=True, check=True, env={**os.environ, "NEWSETL_WORKERS": "1"})
        forked = json.loads(out.stdout.strip().splitlines()[-1])["seconds_forked"]
        results.append({"files": len(files), "seconds": round(wall, 2), "start_up_seconds": round(wall - work, 2),
                        "articles_per_s": round(len(files) / wall, 1), "preloaded_seconds": round(forked, 2),
                        "preloaded_articles_per_s": round(len(files) / forked, 1)})
        batch.unlink()
        with psycopg.connect(url) as conn:
            for done in (run_id, forked_run_id):
                conn.execute(sql_text("load/clear_staging_run.sql"), {"run_id": done})
    return results


def reference_jieba(url: str, limit_seconds: float = 300.0) -> dict:
    """Plain jieba.lcut over every body the run loaded (at most `limit_seconds` of it), on one core:
    the naive approach's tokenizer cost."""
    import jieba
    import psycopg

    jieba.setLogLevel(60)
    jieba.initialize()
    done = chars = 0
    seconds = 0.0
    with psycopg.connect(url) as conn, conn.cursor(name="bodies") as cur:
        cur.itersize = 2000
        cur.execute("select body from core.dim_article where body is not null order by article_key")
        for (body,) in cur:
            t = time.perf_counter()
            jieba.lcut(body)
            seconds += time.perf_counter() - t
            done += 1
            chars += len(body.encode("utf-8"))
            if seconds > limit_seconds:
                break
    return {"articles": done, "seconds": round(seconds, 2), "articles_per_s": done / seconds,
            "mb_per_s": chars / seconds / 1e6}


def reference_copy(url: str) -> dict:
    """A bare COPY of the published fact rows, as Python tuples with psycopg write_row, into empty tables
    of the same columns (no keys, no indexes); only the COPY is timed, rows are read in chunks."""
    import psycopg

    rows = 0
    seconds = 0.0
    with psycopg.connect(url) as reader, psycopg.connect(url) as writer:
        for (table,) in reader.execute(FACT_TABLES).fetchall():
            writer.execute(f"create temp table bare_{table} (like core.{table})")
            columns = [c for (c,) in reader.execute(
                "select column_name from information_schema.columns where table_schema = 'core' "
                "and table_name = %s order by ordinal_position", (table,)).fetchall()]
            with reader.cursor(name=f"read_{table}") as cur, writer.cursor() as wcur:
                cur.itersize = 50_000
                cur.execute(f"select {', '.join(columns)} from core.{table}")
                with wcur.copy(f"copy bare_{table} ({', '.join(columns)}) from stdin") as copy:
                    while chunk := cur.fetchmany(50_000):
                        t = time.perf_counter()
                        for row in chunk:
                            copy.write_row(row)
                        seconds += time.perf_counter() - t
                        rows += len(chunk)
                    t = time.perf_counter()
                seconds += time.perf_counter() - t  # the end of COPY: the server finishes the load
        writer.rollback()
    return {"rows": rows, "seconds": round(seconds, 2), "rows_per_s": rows / seconds if seconds else 0.0}


def quality(tmp: Path) -> dict | None:
    """Macro F1 of this extractor on 1,000 synthetic articles of seed 20261122 (None without the scorer)."""
    import subprocess

    if not SCORER.is_file():
        return None
    from etl.extract import extract_file
    from etl.generate import generate

    folder = tmp / "quality"
    if not (folder / ".complete").exists():
        generate(1000, folder, seed=20261122)
        (folder / ".complete").write_text("1000")
    pred = tmp / "quality-pred.jsonl"
    with pred.open("w", encoding="utf-8") as out:
        for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
            out.write(json.dumps(extract_file(path), ensure_ascii=False) + "\n")
    result = subprocess.run([sys.executable, str(SCORER), "--gold", str(folder / ".truth"), "--pred", str(pred),
                             "--json"], capture_output=True, text=True, check=True)
    macro = json.loads(result.stdout)["macro_f1"]
    return {"macro_f1": macro, "unoptimized_macro_f1": UNOPTIMIZED_MACRO_F1,
            "drop": round(UNOPTIMIZED_MACRO_F1 - macro, 4)}


def main(argv=None) -> int:
    import shutil
    import tempfile

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=None, help="worker processes (default NEWSETL_WORKERS: cores)")
    ap.add_argument("--keep", action="store_true", help="keep the benchmark database")
    ap.add_argument("--jieba-seconds", type=float, default=300.0,
                    help="cap on the jieba.lcut reference's tokenizing time (its rate comes from the bodies done)")
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("NEWSETL_HOME", str(OUT / "home"))
    os.environ["NEWSETL_MAX_FAILURE_RATE"] = "1.0"

    from etl import warehouse
    from etl.config import settings
    from etl.pipeline import prepare_warehouse

    workers = args.workers or settings().workers
    landing = corpus(args.n)
    mb = sum(e.stat().st_size for e in os.scandir(landing) if e.is_file() and not e.name.startswith(".")) / 1e6
    base = settings().warehouse_url or warehouse.start_embedded()
    admin = warehouse.with_database(base, "postgres")
    url = fresh_database(admin)
    result = {"n": args.n, "corpus_mb": round(mb, 1), "workers": workers, "batch_size": settings().batch_size}
    extra = landing / f"incremental-{uuid.uuid4().hex[:6]}"
    try:
        prepare_warehouse(url)
        timings: dict[str, float] = {}
        with PeakRss() as rss:
            cpu = CpuMeter().start()
            t = time.monotonic()
            pool = worker_pool(workers, timings)
            run = run_pipeline(url, landing, f"bench-{uuid.uuid4().hex[:6]}", pool, timings)
            total = time.monotonic() - t
            busy = cpu.stop()
            facts = fact_row_count(url)  # the load's rows, before the incremental runs add theirs
            # incremental, on the loaded warehouse and the same (warm) workers: right after the load, then
            # once the load is vacuumed, as a scheduled run finds the warehouse
            after_load = incremental(url, landing, extra / "after-load", pool, seed=99, start=args.n + 1)
            t = time.monotonic()
            vacuum(url)
            vacuum_seconds = time.monotonic() - t
            settled = incremental(url, landing, extra / "settled", pool, seed=98, start=args.n + 101)
            pool.close()
            pool.join()
        result["stages"] = {
            stage: {"seconds": round(s, 2), "articles_per_s": round(args.n / s, 1) if s else None,
                    "mb_per_s": round(mb / s, 2) if s else None}
            for stage, s in timings.items()
        }
        result["stages"]["load"]["rows_per_s"] = round(run["rows_staged"] / timings["load"])
        result["stages"]["publish"]["rows_per_s"] = round(facts / timings["publish"])
        result["end_to_end"] = {"seconds": round(total, 1), "articles_per_s": round(args.n / total, 1),
                                "fact_rows": facts, "rows_staged": run["rows_staged"],
                                "peak_rss_mb": round(rss.peak / 1e6),
                                "articles_per_s_after_start_up":
                                    round(args.n / (total - timings["worker start-up"]), 1),
                                "cpu_busy_core_seconds": round(busy["busy_core_seconds"], 1),
                                "cpu_busy_share": round(busy["busy_core_seconds"]
                                                        / (busy["busy_core_seconds"] + busy["idle_core_seconds"]), 3),
                                "cpu_core_ms_per_article": round(busy["busy_core_seconds"] / args.n * 1000, 3),
                                "cores": busy["cores"]}
        result["incremental"] = {
            **settled, "right_after_load": after_load, "vacuum_seconds": round(vacuum_seconds, 1),
        }
        print("cold tasks …", flush=True)
        result["cold_tasks"] = cold_tasks(url, landing)
        print("references …", flush=True)
        result["reference_jieba"] = reference_jieba(url, args.jieba_seconds)
        result["reference_copy"] = reference_copy(url)
        with tempfile.TemporaryDirectory() as tmp:
            result["quality"] = quality(Path(tmp))
    finally:
        shutil.rmtree(extra, ignore_errors=True)
        if not args.keep:
            drop_database(admin, url)

    load_publish = result["stages"]["load"]["seconds"] + result["stages"]["publish"]["seconds"]
    ratios = {
        "end_to_end_vs_jieba_lcut": round(result["end_to_end"]["articles_per_s"]
                                          / result["reference_jieba"]["articles_per_s"], 2),
        "load_publish_vs_bare_copy": round((facts / load_publish) / result["reference_copy"]["rows_per_s"], 2)
        if load_publish else None,
        "peak_rss_mb": result["end_to_end"]["peak_rss_mb"],
        "incremental_100_new_s": result["incremental"]["seconds_100_new"],
        "incremental_none_s": result["incremental"]["seconds_none_new"],
        "quality_drop": result["quality"]["drop"] if result["quality"] else None,
    }
    result["ratios"] = ratios
    path = OUT / f"result-{args.n}.json"
    path.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    print(f"\ncorpus: {args.n} articles, {mb:.1f} MB, {workers} worker processes, "
          f"batches of {result['batch_size']} files")
    print(f"{'stage':<18}{'seconds':>9}{'art/s':>10}{'MB/s':>8}{'rows/s':>10}")
    for stage, v in result["stages"].items():
        print(f"{stage:<18}{v['seconds']:>9}{v['articles_per_s'] or '':>10}{v['mb_per_s'] or '':>8}"
              f"{v.get('rows_per_s') or '':>10}")
    e = result["end_to_end"]
    print(f"end to end: {e['seconds']} s, {e['articles_per_s']} articles/s, {e['fact_rows']} fact rows, "
          f"peak RSS {e['peak_rss_mb']} MB (this process and its workers); "
          f"{e['articles_per_s_after_start_up']} articles/s without the workers' start-up")
    jieba_ms = 1000 / result["reference_jieba"]["articles_per_s"]
    print(f"CPU over the run (the whole machine: benchmark, workers, database server): "
          f"{e['cpu_busy_core_seconds']} core-seconds busy, {e['cpu_busy_share']:.1%} of its {e['cores']} cores; "
          f"{e['cpu_core_ms_per_article']} core-ms per article against {jieba_ms:.3f} for jieba.lcut alone; "
          f"4 x jieba.lcut on {e['cores']} cores, with every core busy all the time, allows "
          f"{jieba_ms / 4 * e['cores']:.3f} core-ms per article")
    for cold in result["cold_tasks"]:
        print(f"cold process_batch task (a fresh process, one worker, as an Airflow task): {cold['files']} files "
              f"in {cold['seconds']} s, {cold['start_up_seconds']} s of it before the first file "
              f"({cold['articles_per_s']} articles/s); forked from a process that imported etl.preload "
              f"(a Celery worker so configured) {cold['preloaded_seconds']} s "
              f"({cold['preloaded_articles_per_s']} articles/s)")
    j, c = result["reference_jieba"], result["reference_copy"]
    print(f"reference jieba.lcut: {j['articles_per_s']:.1f} articles/s ({j['mb_per_s']:.2f} MB/s) on one core, "
          f"{j['articles']} bodies")
    print(f"reference bare COPY: {c['rows_per_s']:.0f} rows/s ({c['rows']} rows)")
    q = result["quality"]
    if q:
        print(f"quality: macro F1 {q['macro_f1']} on 1,000 synthetic articles "
              f"(unoptimized {q['unoptimized_macro_f1']})")
    inc, after = result["incremental"], result["incremental"]["right_after_load"]
    print(f"incremental, right after the load (autovacuum may be working through it): 100 new files "
          f"{after['seconds_100_new']} s "
          f"(found {after['found_100_new']}), none new {after['seconds_none_new']} s")
    print(f"incremental, the load vacuumed (VACUUM ANALYZE, {inc['vacuum_seconds']} s): 100 new files "
          f"{inc['seconds_100_new']} s (found {inc['found_100_new']}), none new {inc['seconds_none_new']} s")
    print(f"RATIO end-to-end / jieba.lcut articles/s = {ratios['end_to_end_vs_jieba_lcut']} (target >= 4)")
    print(f"RATIO load+publish / bare COPY rows/s = {ratios['load_publish_vs_bare_copy']} (target >= 0.5)")
    print(f"RATIO peak RSS MB = {ratios['peak_rss_mb']} (target < 1500, within 10 % between 1e5 and 1e6)")
    print(f"RATIO incremental seconds, the load vacuumed: 100 new = {ratios['incremental_100_new_s']} (target < 10), "
          f"none new = {ratios['incremental_none_s']} (target < 2); right after the load "
          f"{after['seconds_100_new']} and {after['seconds_none_new']}")
    if q:
        print(f"RATIO quality drop (macro F1) = {ratios['quality_drop']} (target <= 0.005)")
    print(f"written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
