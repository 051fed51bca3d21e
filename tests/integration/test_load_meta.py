"""meta: runs, suite results, the landing folder's files; the region reference."""

from __future__ import annotations

import datetime as dt

import psycopg

from etl.load import meta
from etl.load.publish import publish
from etl.load.reference import load_regions
from etl.load.staging import stage_batch
from tests.integration.test_load_staging import make_record
from tests.integration.test_load_staging import warehouse as warehouse_fixture
from tests.integration.test_publish import stage_and_publish

warehouse = warehouse_fixture  # the migrated-database fixture, shared with the staging tests


def test_run_start_and_end_are_recorded(warehouse):
    started = dt.datetime(2024, 5, 1, 8, 0, tzinfo=dt.timezone.utc)
    meta.record_run_start(warehouse, "run-1", started)
    meta.record_run_start(warehouse, "run-1", "2024-05-01T09:00:00+00:00")  # a retry keeps the first start
    meta.record_run_end(warehouse, "run-1", "2024-05-01T08:05:00+00:00", "success", {"files_loaded": 2})
    with psycopg.connect(warehouse) as conn:
        row = conn.execute(
            "select started_at, finished_at - started_at, status, counts from meta.pipeline_run"
        ).fetchone()
    assert row == (started, dt.timedelta(minutes=5), "success", {"files_loaded": 2})


def test_suite_results_are_appended(warehouse):
    results = [
        {"suite": "records", "target": "records", "success": True, "evaluated": 12, "failed": 0},
        {
            "suite": "staging_article",
            "target": "staging",
            "success": False,
            "evaluated": 5,
            "failed": 1,
            "details": {"failed": ["expect_column_values_to_not_be_null(title)"]},
        },
    ]
    assert meta.record_suite_results(warehouse, "run-1", results) == 2
    with psycopg.connect(warehouse) as conn:
        rows = conn.execute(
            "select suite, target, success, evaluated, failed, details from meta.suite_result"
            " order by suite_result_key"
        ).fetchall()
    assert rows == [
        ("records", "records", True, 12, 0, {}),
        (
            "staging_article",
            "staging",
            False,
            5,
            1,
            {"failed": ["expect_column_values_to_not_be_null(title)"]},
        ),
    ]


def test_seen_files_round_trip_and_keep_publish_outcomes(warehouse, tmp_path):
    """What discovery saw of a run's files reaches meta.landed_file through staging and publish."""
    record = make_record("hebi/a.txt")
    stage_and_publish(warehouse, tmp_path, "run-1", [record])
    seen = [
        {
            "source_path": "hebi/a.txt",
            "size_bytes": 2048,
            "mtime_ns": 1_700_000_000_000_000_000,
            "sha256": record["sha256"],
        },
        ("hebi/unreadable.bin", 10, 1_700_000_000_000_000_001, None),
    ]

    def record_seen(run_id, rows):
        stage_batch(warehouse, run_id, [], [], rows)
        return publish(warehouse, run_id)["meta.landed_file_seen"]

    assert record_seen("run-1", seen) == 2
    assert record_seen("run-1", seen) == 0  # nothing changed
    assert meta.known_files(warehouse) == {
        "hebi/a.txt": (2048, 1_700_000_000_000_000_000, record["sha256"]),
        "hebi/unreadable.bin": (10, 1_700_000_000_000_000_001, None),
    }
    record_seen("run-2", [("hebi/a.txt", 4096, 1_700_000_000_000_000_009, "d" * 64)])
    with psycopg.connect(warehouse) as conn:
        assert conn.execute(
            "select size_bytes, sha256, outcome, first_seen_run_id, last_run_id"
            " from meta.landed_file where source_path = 'hebi/a.txt'"
        ).fetchone() == (4096, "d" * 64, "loaded", "run-1", "run-2")


def test_load_regions_is_idempotent_and_links_parents(fresh_db):
    from etl.load.migrate import migrate

    migrate(fresh_db)
    first = load_regions(fresh_db)
    assert first["inserted"] > 3000
    assert load_regions(fresh_db) == {"inserted": 0, "updated": 0, "linked": 0}
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("""
            select c.name, c.level, p.admin_code, p.level from core.dim_region c
            join core.dim_region p on p.region_key = c.parent_region_key where c.admin_code = '410622'
        """).fetchone() == ("淇县", "county", "410600", "prefecture")
        assert (
            conn.execute("select count(*) from core.dim_region where level = 'province'").fetchone()[0] == 34
        )
