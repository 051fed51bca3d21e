"""Apply `sql/schema/*.sql` in file-name order, each once, each in its own transaction.

Applied files are recorded with the sha256 of their bytes in `meta.schema_migration`
(created by `sql/bootstrap.sql`). A file already applied whose bytes changed is an error:
migrations are append-only, a fix goes in a new file. A session-level advisory lock makes
concurrent runners take turns, so two of them apply each file once between them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from etl.load import SQL_DIR, sql_text

# Arbitrary, fixed: identifies "newsetl schema migration" among advisory locks of the database.
MIGRATION_LOCK = 7_411_700_001


class MigrationError(RuntimeError):
    """An applied migration file changed on disk."""


def migration_files(directory: Path | None = None) -> list[Path]:
    """The numbered DDL files in apply order (by name)."""
    return sorted((directory or SQL_DIR / "schema").glob("*.sql"))


def checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def migrate(conninfo: str, directory: Path | None = None) -> list[str]:
    """Apply pending migration files; return their names in the order applied (empty when none).

    Raises MigrationError, before applying anything, when an applied file's checksum differs.
    A failing file rolls back alone; the files before it stay applied.
    """
    import psycopg

    files = migration_files(directory)
    applied_now: list[str] = []
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("select pg_advisory_lock(%s)", (MIGRATION_LOCK,))
        try:
            with conn.transaction():
                conn.execute(sql_text("bootstrap.sql"))
            done = dict(conn.execute("select file_name, checksum from meta.schema_migration").fetchall())
            changed = [p.name for p in files if p.name in done and done[p.name] != checksum(p)]
            if changed:
                raise MigrationError(f"applied migration files changed on disk: {', '.join(changed)}")
            for path in files:
                if path.name in done:
                    continue
                with conn.transaction():
                    conn.execute(path.read_text(encoding="utf-8"))
                    conn.execute(
                        "insert into meta.schema_migration (file_name, checksum) values (%s, %s)",
                        (path.name, checksum(path)),
                    )
                applied_now.append(path.name)
        finally:
            conn.execute("select pg_advisory_unlock(%s)", (MIGRATION_LOCK,))
    return applied_now
