"""One full run of the real DAG through the Airflow CLI (`airflow dags test`), against a fresh database.

This is what `make run` does, on a small synthetic corpus with a few bad and duplicate files:
every file must end loaded, quarantined or duplicate; every dimension, fact and mart must
have rows; and a second run must change nothing anywhere.
"""
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from etl.cli import airflow_env


def _airflow(env, *args):
    binary = Path(sys.executable).with_name("airflow")
    proc = subprocess.run([str(binary), *args], env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"airflow {' '.join(args)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


def _snapshot(url):
    """Every row of every core, meta and staging table, as a comparable value."""
    with psycopg.connect(url) as conn:
        tables = conn.execute(
            "select table_schema || '.' || table_name from information_schema.tables "
            "where table_schema in ('core', 'meta', 'staging') and table_type = 'BASE TABLE' order by 1"
        ).fetchall()
        snap = {}
        for (name,) in tables:
            rows = conn.execute(f"select md5(string_agg(t::text, '|' order by t::text)), count(*) from {name} t")
            snap[name] = rows.fetchone()
        return snap


@pytest.fixture()
def landing(tmp_path):
    from etl.generate import generate

    folder = tmp_path / "landing"
    generate(24, folder, seed=11)
    first = sorted(p for p in folder.iterdir() if p.is_file())[0]
    shutil.copy(first, folder / f"copy_of_{first.name}")           # same bytes, new name: a duplicate
    (folder / "empty.txt").write_bytes(b"")                          # unreadable: quarantined
    (folder / "binary.dat").write_bytes(bytes(range(256)) * 16)       # not text: quarantined
    return folder


def test_full_dag_run_loads_everything_and_a_rerun_changes_nothing(fresh_db, landing, tmp_path):
    env = airflow_env(fresh_db)
    env.update({"NEWSETL_LANDING": str(landing), "NEWSETL_HOME": str(tmp_path / "home"),
                "AIRFLOW_HOME": str(tmp_path / "airflow"), "NEWSETL_BATCH_SIZE": "10",
                "NEWSETL_MAX_FAILURE_RATE": "0.5"})
    _airflow(env, "db", "migrate")
    _airflow(env, "dags", "test", "news_etl")

    n_files = sum(1 for p in landing.iterdir() if p.is_file())
    with psycopg.connect(fresh_db) as conn:
        outcomes = dict(conn.execute("select outcome, count(*) from meta.landed_file group by 1").fetchall())
        assert sum(outcomes.values()) == n_files
        assert outcomes.get("duplicate") == 1
        assert outcomes.get("quarantined", 0) >= 2
        reasons = [r for (r,) in conn.execute("select reason from meta.quarantine order by source_path")]
        assert all(reasons), "every quarantined file carries a reason"
        for schema, name in conn.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema in ('core', 'marts') order by 1, 2"
        ).fetchall():
            count = conn.execute(f'select count(*) from {schema}."{name}"').fetchone()[0]
            assert count > 0, f"{schema}.{name} is empty after a full run"

    before = _snapshot(fresh_db)
    _airflow(env, "dags", "test", "news_etl")
    assert _snapshot(fresh_db) == before, "a second run over the same files changed the warehouse"
