"""Migrations: applied once, in order, recorded with checksums; every object documented."""

from __future__ import annotations

import shutil
import threading

import psycopg
import pytest

from etl.load import SQL_DIR
from etl.load.migrate import MigrationError, migrate, migration_files


def test_migrate_twice_applies_each_file_once(fresh_db):
    names = [p.name for p in migration_files()]
    assert migrate(fresh_db) == names
    assert migrate(fresh_db) == []
    with psycopg.connect(fresh_db) as conn:
        recorded = [
            r[0] for r in conn.execute("select file_name from meta.schema_migration order by file_name")
        ]
        schemas = {r[0] for r in conn.execute("select schema_name from information_schema.schemata")}
    assert recorded == names
    assert {"meta", "staging", "core", "marts"} <= schemas


def test_a_changed_applied_file_is_an_error_and_a_new_file_is_applied(fresh_db, tmp_path):
    for path in migration_files():
        shutil.copy(path, tmp_path / path.name)
    migrate(fresh_db, tmp_path)
    (tmp_path / "999_extra.sql").write_text(
        "create table meta.extra (x int);\ncomment on table meta.extra is 'One row per x.';\n"
        "comment on column meta.extra.x is 'x.';\n"
    )
    assert migrate(fresh_db, tmp_path) == ["999_extra.sql"]
    first = sorted(tmp_path.glob("*.sql"))[0]
    first.write_text(first.read_text() + "\n-- edited after it was applied\n")
    with pytest.raises(MigrationError, match=first.name):
        migrate(fresh_db, tmp_path)


def test_a_failing_file_rolls_back_alone(fresh_db, tmp_path):
    shutil.copy(SQL_DIR / "schema" / "010_schemas.sql", tmp_path / "010_schemas.sql")
    (tmp_path / "020_broken.sql").write_text("create table core.half (x int);\nselect 1/0;\n")
    with pytest.raises(psycopg.errors.DivisionByZero):
        migrate(fresh_db, tmp_path)
    with psycopg.connect(fresh_db) as conn:
        applied = [r[0] for r in conn.execute("select file_name from meta.schema_migration")]
        half = conn.execute("select to_regclass('core.half')").fetchone()[0]
    assert applied == ["010_schemas.sql"]
    assert half is None


def test_concurrent_migrations_apply_each_file_once(fresh_db):
    results: list[list[str]] = []
    errors: list[BaseException] = []

    def run():
        try:
            results.append(migrate(fresh_db))
        except BaseException as exc:  # collected and re-raised by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    applied = sorted(name for result in results for name in result)
    assert applied == [p.name for p in migration_files()]


def test_every_table_view_and_column_has_a_comment(fresh_db):
    migrate(fresh_db)
    with psycopg.connect(fresh_db) as conn:
        relations = conn.execute("""
            select n.nspname || '.' || c.relname
            from pg_class as c
            join pg_namespace as n on n.oid = c.relnamespace
            where n.nspname in ('meta', 'staging', 'core', 'marts')
              and c.relkind in ('r', 'v', 'm', 'p')
              and coalesce(obj_description(c.oid, 'pg_class'), '') = ''
        """).fetchall()
        columns = conn.execute("""
            select n.nspname || '.' || c.relname || '.' || a.attname
            from pg_class as c
            join pg_namespace as n on n.oid = c.relnamespace
            join pg_attribute as a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
            where n.nspname in ('meta', 'staging', 'core', 'marts')
              and c.relkind in ('r', 'v', 'm', 'p')
              and coalesce(col_description(c.oid, a.attnum), '') = ''
        """).fetchall()
        tables = conn.execute("""
            select count(*) from pg_class as c join pg_namespace as n on n.oid = c.relnamespace
            where n.nspname in ('meta', 'staging', 'core', 'marts') and c.relkind in ('r', 'v')
        """).fetchone()[0]
        grains = conn.execute("""
            select n.nspname || '.' || c.relname
            from pg_class as c join pg_namespace as n on n.oid = c.relnamespace
            where n.nspname in ('meta', 'staging', 'core', 'marts') and c.relkind in ('r', 'v')
              and obj_description(c.oid, 'pg_class') not like 'One row per%'
        """).fetchall()
    assert tables >= 30
    assert relations == []
    assert columns == []
    assert grains == []


def test_autovacuum_leaves_the_staging_tables_to_publish(fresh_db):
    """Staging rows live from a run's COPYs to its publish, which analyzes and truncates them: no
    insert-driven vacuum or analyze of them (dead rows after deletes are still vacuumed)."""
    migrate(fresh_db)
    with psycopg.connect(fresh_db) as conn:
        options = dict(conn.execute("""
            select c.relname, c.reloptions from pg_class as c join pg_namespace as n on n.oid = c.relnamespace
            where n.nspname = 'staging' and c.relkind = 'r'
        """).fetchall())
    assert len(options) >= 10
    assert all(
        set(opts or ()) >= {"autovacuum_vacuum_insert_threshold=-1", "autovacuum_analyze_threshold=2000000000"}
        for opts in options.values()
    ), options
