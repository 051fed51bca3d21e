"""Benchmark the real pipeline code on a synthetic corpus and print per-stage figures and target ratios.

    .venv/bin/python benchmarks/run.py [--n 100000] [--keep]       (make bench)

1. generates `--n` articles with `newsetl generate` (all formats, encodings and noise kinds), unless
   benchmarks/out/corpus-N already holds them;
2. runs every stage (discover, decode+clean, extract, validate, load, publish) over them into a fresh
   database of the warehouse server, timing each and sampling the peak RSS of this process tree;
3. measures two references on the same input: plain `jieba.lcut` over every body on one core, and a
   bare COPY of the same fact rows into an empty table;
4. measures the incremental paths: a run finding 100 new files, and a run finding none;
5. prints the ratios last and writes everything to benchmarks/out/result-N.json.

Airflow start-up is excluded: the stages are called as the DAG's tasks call them.
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


def run_pipeline(url: str, landing: Path, run_id: str, timings: dict) -> dict:
    """All stages as the DAG runs them; adds seconds per stage to `timings`."""
    from etl import pipeline

    def timed(stage, func, *args):
        t = time.monotonic()
        result = func(*args)
        timings[stage] = timings.get(stage, 0.0) + time.monotonic() - t
        return result

    discovered = timed("discover", pipeline.discover_files, url, run_id, str(landing))
    validated = []
    ingest_share = []
    for batch in discovered["batches"]:
        extracted = timed("decode+clean+extract", pipeline.extract_batch, batch)
        ingest_share.append((extracted.get("seconds_ingest", 0.0), extracted.get("seconds_extract", 0.0)))
        validated.append(timed("validate", pipeline.validate_batch, url, run_id, extracted))
    timed("load", pipeline.load_staging, url, run_id, validated)
    timed("validate", pipeline.validate_staging, url, run_id)
    published = timed("publish", pipeline.publish_run, url, run_id, validated)
    pipeline.finish_run(url, run_id, published)
    # split the extract wall time between decode+clean and extract by their CPU shares
    both = timings.pop("decode+clean+extract", 0.0)
    ing = sum(a for a, _ in ingest_share)
    ext = sum(b for _, b in ingest_share)
    share = ing / (ing + ext) if ing + ext else 0.5
    timings["decode+clean"] = timings.get("decode+clean", 0.0) + both * share
    timings["extract"] = timings.get("extract", 0.0) + both * (1 - share)
    return {"discovered": discovered, "published": published, "validated": validated}


def fact_row_count(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "select table_name from information_schema.tables where table_schema = 'core' "
            "and table_name like 'fct\\_%'"
        ).fetchall()
        return sum(conn.execute(f"select count(*) from core.{t}").fetchone()[0] for (t,) in rows)


def reference_jieba(landing: Path, limit_seconds: float = 120.0) -> dict:
    """Plain jieba.lcut over every body, one core (the naive approach's tokenizer cost)."""
    import jieba

    from etl.ingest import read_document

    jieba.setLogLevel(60)
    jieba.initialize()
    files = sorted(p for p in landing.iterdir() if p.is_file() and not p.name.startswith("."))
    bodies = [read_document(p).body for p in files]
    t = time.monotonic()
    done = chars = 0
    for body in bodies:
        jieba.lcut(body)
        done += 1
        chars += len(body.encode("utf-8"))
        if time.monotonic() - t > limit_seconds:
            break
    seconds = time.monotonic() - t
    return {"articles": done, "seconds": seconds, "articles_per_s": done / seconds, "mb_per_s": chars / seconds / 1e6}


def reference_copy(url: str) -> dict:
    """A bare COPY of the published fact rows (as text) into an empty table."""
    import psycopg

    with psycopg.connect(url) as conn:
        rows = []
        for (t,) in conn.execute("select table_name from information_schema.tables "
                                 "where table_schema = 'core' and table_name like 'fct\\_%'").fetchall():
            with conn.cursor().copy(f"copy (select t::text from core.{t} t) to stdout") as cp:
                rows.extend(bytes(r) for r in cp)
        conn.execute("create temp table bare_copy (line text)")
        t0 = time.monotonic()
        with conn.cursor().copy("copy bare_copy (line) from stdin") as cp:
            for chunk in rows:
                cp.write(chunk)
        seconds = time.monotonic() - t0
    return {"rows": len(rows), "seconds": seconds, "rows_per_s": len(rows) / seconds if seconds else 0.0}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("NEWSETL_HOME", str(OUT / "home"))
    os.environ["NEWSETL_MAX_FAILURE_RATE"] = "1.0"

    from etl import warehouse
    from etl.config import settings
    from etl.pipeline import prepare_warehouse

    landing = corpus(args.n)
    mb = sum(p.stat().st_size for p in landing.iterdir() if p.is_file()) / 1e6
    base = settings().warehouse_url or warehouse.start_embedded()
    admin = warehouse.with_database(base, "postgres")
    url = fresh_database(admin)
    result = {"n": args.n, "corpus_mb": round(mb, 1), "workers": settings().workers}
    try:
        prepare_warehouse(url)
        timings: dict[str, float] = {}
        with PeakRss() as rss:
            t = time.monotonic()
            run_pipeline(url, landing, f"bench-{uuid.uuid4().hex[:6]}", timings)
            total = time.monotonic() - t
        facts = fact_row_count(url)
        result["stages"] = {
            stage: {"seconds": round(s, 2), "articles_per_s": round(args.n / s, 1) if s else None,
                    "mb_per_s": round(mb / s, 2) if s else None}
            for stage, s in timings.items()
        }
        for stage in ("load", "publish"):
            result["stages"][stage]["rows_per_s"] = round(facts / timings[stage]) if timings[stage] else None
        result["end_to_end"] = {"seconds": round(total, 1), "articles_per_s": round(args.n / total, 1),
                                "fact_rows": facts, "peak_rss_mb": round(rss.peak / 1e6)}

        # incremental: 100 new files, then none
        extra = OUT / f"incremental-{uuid.uuid4().hex[:6]}"
        from etl.generate import generate

        generate(100, extra, seed=99, start=args.n + 1)
        for p in extra.iterdir():
            if p.is_file():
                p.rename(landing / f"new_{p.name}")
        t = time.monotonic()
        run_pipeline(url, landing, f"bench-inc-{uuid.uuid4().hex[:6]}", {})
        inc_new = time.monotonic() - t
        t = time.monotonic()
        run_pipeline(url, landing, f"bench-none-{uuid.uuid4().hex[:6]}", {})
        inc_none = time.monotonic() - t
        for p in landing.glob("new_*"):
            p.unlink()
        result["incremental"] = {"seconds_100_new": round(inc_new, 2), "seconds_none_new": round(inc_none, 2)}

        result["reference_jieba"] = reference_jieba(landing)
        result["reference_copy"] = reference_copy(url)
    finally:
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
    }
    result["ratios"] = ratios
    path = OUT / f"result-{args.n}.json"
    path.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    print(f"\ncorpus: {args.n} articles, {mb:.1f} MB, {result['workers']} worker processes")
    print(f"{'stage':<14}{'seconds':>9}{'art/s':>10}{'MB/s':>8}{'rows/s':>10}")
    for stage, v in result["stages"].items():
        print(f"{stage:<14}{v['seconds']:>9}{v['articles_per_s'] or '':>10}{v['mb_per_s'] or '':>8}"
              f"{v.get('rows_per_s') or '':>10}")
    e = result["end_to_end"]
    print(f"end to end: {e['seconds']} s, {e['articles_per_s']} articles/s, {e['fact_rows']} fact rows, "
          f"peak RSS {e['peak_rss_mb']} MB")
    j, c = result["reference_jieba"], result["reference_copy"]
    print(f"reference jieba.lcut: {j['articles_per_s']:.1f} articles/s ({j['mb_per_s']:.2f} MB/s) on one core")
    print(f"reference bare COPY: {c['rows_per_s']:.0f} rows/s ({c['rows']} rows)")
    print(f"incremental: 100 new files {ratios['incremental_100_new_s']} s, none new {ratios['incremental_none_s']} s")
    print(f"RATIO end-to-end / jieba.lcut articles/s = {ratios['end_to_end_vs_jieba_lcut']} (target >= 4)")
    print(f"RATIO load+publish / bare COPY rows/s = {ratios['load_publish_vs_bare_copy']} (target >= 0.5)")
    print(f"RATIO peak RSS MB = {ratios['peak_rss_mb']} (target < 1500, flat in n)")
    print(f"written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
