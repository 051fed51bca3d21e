"""`newsetl`: the command line.

    newsetl run                       run the DAG once through Airflow and print what was loaded
    newsetl extract FILE... [--format json]   one extraction record per file (JSON Lines)
    newsetl generate --n N --out DIR  synthetic articles with ground truth in DIR/.truth
    newsetl warehouse start|stop|status|url|psql
    newsetl report                    what the warehouse holds, from the last run
    newsetl replay [PATH...|--all-quarantined]   have the next run read these files again
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from etl import storage
from etl.config import PROJECT_ROOT, settings, worker_env

DEMO_SIZE = 300


class CliError(Exception):
    """A problem the user can fix; printed as one line, exit status 2."""


def _err(message: str) -> None:
    print(f"newsetl: {message}", file=sys.stderr)


# ---------------------------------------------------------------- extract

def cmd_extract(args) -> int:
    missing = [p for p in args.files if not Path(p).is_file()]
    if missing:
        raise CliError(f"cannot read {missing[0]}: no such file" + (f" (and {len(missing) - 1} more)"
                                                                    if len(missing) > 1 else ""))
    from etl.extract.__main__ import write_records
    from etl.ingest import IngestError

    for path in args.files:
        try:
            write_records([path], sys.stdout)
        except IngestError as exc:
            raise CliError(f"cannot read {path}: {exc}") from exc
    return 0


# ---------------------------------------------------------------- generate

def cmd_generate(args) -> int:
    if args.n < 1:
        raise CliError("--n must be at least 1")
    from etl.generate import generate

    summary = generate(args.n, Path(args.out), seed=args.seed, start=args.start)
    s = summary.as_dict()
    print(f"wrote {s['n']} articles to {args.out} (ground truth in {Path(args.out) / '.truth'}) "
          f"in {s['seconds']:.1f} s")
    for key in ("containers", "encodings", "scripts"):
        if key in s:
            print(f"  {key}: " + ", ".join(f"{k} {v}" for k, v in sorted(s[key].items())))
    return 0


# ---------------------------------------------------------------- warehouse

def cmd_warehouse(args) -> int:
    from etl import warehouse

    if args.action == "start":
        if settings().warehouse_url:
            print("NEWSETL_WAREHOUSE_URL is set: newsetl uses that server and starts none")
            return 0
        print(warehouse.start_embedded())
    elif args.action == "stop":
        print("stopped" if warehouse.stop_embedded() else "was not running")
    elif args.action == "status":
        if settings().warehouse_url:
            print(f"external: {settings().warehouse_url}")
        else:
            print(warehouse.embedded_status())
    elif args.action == "url":
        print(warehouse.url())
    elif args.action == "psql":
        url = warehouse.url()
        os.execvp(warehouse.psql_binary(), [warehouse.psql_binary(), url, *args.psql_args])
    return 0


# ---------------------------------------------------------------- report and replay

def cmd_report(args) -> int:
    from etl import report, warehouse

    with warehouse.connect() as conn:
        print(report.render(conn))
    return 0


def cmd_replay(args) -> int:
    from etl import warehouse
    from etl.load import meta

    if not args.paths and not args.all_quarantined:
        raise CliError("name files (paths relative to the landing folder) or --all-quarantined")
    n = meta.forget_files(warehouse.url(), args.paths or None, all_quarantined=args.all_quarantined)
    print(f"{n} file(s) will be read again by the next run")
    return 0


# ---------------------------------------------------------------- run

def airflow_env(warehouse_url: str) -> dict[str, str]:
    """The environment for the Airflow CLI: our own AIRFLOW_HOME, our dags, a small footprint."""
    cfg = settings()
    env = worker_env()
    env.update({
        "AIRFLOW_HOME": str(cfg.airflow_home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT_ROOT / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__PARALLELISM": env.get("AIRFLOW__CORE__PARALLELISM", "4"),
        "AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT": "120",
        "AIRFLOW__LOGGING__LOGGING_LEVEL": env.get("AIRFLOW__LOGGING__LOGGING_LEVEL", "WARNING"),
        "NEWSETL_WAREHOUSE_URL": warehouse_url,
        "NEWSETL_LANDING": str(cfg.landing),
        "NEWSETL_HOME": str(cfg.home),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")])),
    })
    return env


def _airflow(args: list[str], env: dict, log: Path) -> None:
    binary = Path(sys.executable).with_name("airflow")
    with log.open("a", encoding="utf-8") as out:
        out.write(f"\n$ airflow {' '.join(args)}\n")
        out.flush()
        proc = subprocess.run([str(binary), *args], env=env, stdout=out, stderr=subprocess.STDOUT)
    if proc.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-25:]
        raise CliError(f"`airflow {' '.join(args)}` failed (exit {proc.returncode}); last lines of {log}:\n"
                       + "\n".join(tail))


def ensure_airflow_db(env: dict, log: Path) -> None:
    """`airflow db migrate` once per Airflow version (it takes seconds; dags test needs it)."""
    import airflow

    marker = Path(env["AIRFLOW_HOME"]) / f".migrated-{airflow.__version__}"
    if marker.exists():
        return
    _airflow(["db", "migrate"], env, log)
    marker.touch()


def cmd_run(args) -> int:
    from etl import report, warehouse

    cfg = settings()
    landing = storage.locate(cfg.landing)
    landing.mkdir(parents=True, exist_ok=True)
    if not any(p for p in landing.iterdir() if not p.name.startswith(".")):
        from etl.generate import generate

        print(f"landing folder {cfg.landing} is empty: generating a demo corpus of {DEMO_SIZE} articles")
        generate(DEMO_SIZE, landing, seed=0)
    url = warehouse.url()
    print(f"warehouse: {url}")
    cfg.airflow_home.mkdir(parents=True, exist_ok=True)
    log = cfg.home / "logs" / f"run-{time.strftime('%Y%m%dT%H%M%S')}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    env = airflow_env(url)
    started = time.monotonic()
    ensure_airflow_db(env, log)
    runs_before = _loaded_runs(url)
    print(f"running DAG news_etl through Airflow (log: {log})")
    _airflow(["dags", "test", "news_etl"], env, log)
    print(f"DAG run finished in {time.monotonic() - started:.1f} s\n")
    if _loaded_runs(url) == runs_before:
        print("Nothing new or changed in the landing folder: this run loaded nothing, the warehouse is as it was.\n"
              "Last run that loaded files:")
    with warehouse.connect(url) as conn:
        print(report.render(conn))
    return 0


def _loaded_runs(url: str) -> int:
    """Runs recorded in meta.pipeline_run (only runs that found files are recorded); 0 before the first."""
    from etl import warehouse

    with warehouse.connect(url) as conn:
        exists = conn.execute("select to_regclass('meta.pipeline_run')").fetchone()[0]
        return conn.execute("select count(*) from meta.pipeline_run").fetchone()[0] if exists else 0


# ---------------------------------------------------------------- main

def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="newsetl", description="Chinese local-government news into a warehouse")
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("run", help="run the whole pipeline once through Airflow and print a summary")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("extract", help="print one extraction record per file")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=["json"], default="json", help="JSON Lines (the only format)")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("generate", help="write synthetic articles with ground truth")
    p.add_argument("--n", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--start", type=int, default=0, help="index of the first article (to extend a corpus)")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("warehouse", help="manage or reach the warehouse")
    p.add_argument("action", choices=["start", "stop", "status", "url", "psql"])
    p.add_argument("psql_args", nargs=argparse.REMAINDER, help="passed on to psql")
    p.set_defaults(func=cmd_warehouse)

    p = sub.add_parser("report", help="what the warehouse holds, from the last run")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("replay", help="make the next run read files again (e.g. quarantined ones after a fix)")
    p.add_argument("paths", nargs="*")
    p.add_argument("--all-quarantined", action="store_true")
    p.set_defaults(func=cmd_replay)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except CliError as exc:
        _err(str(exc))
        return 2
    except KeyboardInterrupt:
        _err("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
