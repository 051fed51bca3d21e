"""Pipeline metadata in the `meta` schema: runs, suite results, and the landing folder's files."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from etl.load import sql_text


def _connect(conninfo: str):
    import psycopg

    return psycopg.connect(conninfo)


def record_run_start(conninfo: str, run_id: str, started_at: Any) -> None:
    """Mark the run as running; `started_at` is a datetime or an ISO 8601 string.

    Calling it again for the same run (a retry) keeps the first start time.
    """
    with _connect(conninfo) as conn:
        conn.execute(sql_text("load/meta_run_start.sql"), {"run_id": run_id, "started_at": started_at})


def record_run_end(
    conninfo: str, run_id: str, finished_at: Any, status: str, counts: Mapping[str, Any]
) -> None:
    """Close the run with its status and counts (any JSON-serializable mapping)."""
    from psycopg.types.json import Jsonb

    with _connect(conninfo) as conn:
        conn.execute(
            sql_text("load/meta_run_end.sql"),
            {"run_id": run_id, "finished_at": finished_at, "status": status, "counts": Jsonb(dict(counts))},
        )


def record_suite_results(conninfo: str, run_id: str, results: Sequence[Mapping[str, Any]]) -> int:
    """Append one meta.suite_result row per result dict; returns rows written.

    Each dict needs "suite", "target" ('records' or 'staging'), "success", "evaluated",
    "failed"; "details" (JSON-serializable) is optional. A missing key raises KeyError.
    """
    from psycopg.types.json import Jsonb

    rows = [
        {
            "run_id": run_id,
            "suite": r["suite"],
            "target": r["target"],
            "success": bool(r["success"]),
            "evaluated": int(r["evaluated"]),
            "failed": int(r["failed"]),
            "details": Jsonb(r.get("details") or {}),
        }
        for r in results
    ]
    if not rows:
        return 0
    with _connect(conninfo) as conn, conn.cursor() as cur:
        cur.executemany(sql_text("load/meta_suite_result.sql"), rows)
    return len(rows)


def known_files(conninfo: str) -> dict[str, tuple[int, int, str | None]]:
    """source_path → (size_bytes, mtime_ns, sha256) of every file discovery recorded.

    sha256 is None for a file whose bytes could not be read.
    """
    with _connect(conninfo) as conn:
        rows = conn.execute(sql_text("load/meta_known_files.sql")).fetchall()
    return {path: (size, mtime, sha) for path, size, mtime, sha in rows}


def forget_files(conninfo: str, paths: Sequence[str] | None, *, all_quarantined: bool = False) -> int:
    """Make the next discovery read these files again (replay after a fix); returns files affected."""
    with _connect(conninfo) as conn:
        cur = conn.execute(sql_text("load/meta_forget_files.sql"),
                           {"paths": list(paths or []), "all_quarantined": all_quarantined})
        return cur.rowcount
