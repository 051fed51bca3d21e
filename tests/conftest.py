"""Shared fixtures: paths to ../shared, and fresh PostgreSQL databases for integration tests.

Integration tests run against a real PostgreSQL: the server named by
`NEWSETL_TEST_DATABASE_URL` (for example the machine's own at
postgresql://postgres@127.0.0.1:5432/postgres) or, when unset, the project's
embedded server. Each test that asks for `fresh_db` gets a database of its own,
created empty and dropped afterwards.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from etl.warehouse import with_database

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold" / "seeds"
SCORER = SHARED / "tools" / "score.py"


@pytest.fixture(scope="session")
def shared_seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not here")
    return SEEDS


@pytest.fixture(scope="session")
def admin_url() -> str:
    """A URL with the right to create databases."""
    configured = os.environ.get("NEWSETL_TEST_DATABASE_URL")
    if configured:
        return configured
    from etl import warehouse

    return warehouse.with_database(warehouse.start_embedded(), "postgres")


@pytest.fixture()
def fresh_db(admin_url: str):
    """The URL of a new, empty database; dropped after the test."""
    import psycopg

    name = f"newsetl_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    try:
        yield with_database(admin_url, name)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')


# ---------------------------------------------------------------- scores in the test run's output
# Score tables are written by whichever (xdist) worker runs the scoring test and printed by the
# controller at the end, so CI's log shows them even though pytest captures passing tests' output.
SCORES = ROOT / ".newsetl" / "test-scores"


def report_score(label: str, table: str) -> None:
    SCORES.mkdir(parents=True, exist_ok=True)
    name = "".join(ch if ch.isalnum() else "_" for ch in label)[:60]
    (SCORES / f"{name}.txt").write_text(f"{label}\n{table}", encoding="utf-8")


def pytest_sessionstart(session):
    if not hasattr(session.config, "workerinput"):  # the controller (or a run without xdist)
        for old in SCORES.glob("*.txt") if SCORES.is_dir() else ():
            old.unlink()


def pytest_terminal_summary(terminalreporter):
    if not SCORES.is_dir():
        return
    for path in sorted(SCORES.glob("*.txt")):
        terminalreporter.write_sep("=", f"extraction score: {path.read_text(encoding='utf-8').splitlines()[0]}")
        terminalreporter.write_line("\n".join(path.read_text(encoding="utf-8").splitlines()[1:]))
