"""What a run loaded, for people: file outcomes, rows per table, suite results, mart samples."""
from __future__ import annotations

from psycopg import sql

MART_SAMPLES = ("official_activity", "article_overview")


def table_counts(conn) -> dict[str, int]:
    """Rows in every table of the core and meta schemas and every view of marts."""
    names = conn.execute(
        """
        select table_schema, table_name
        from information_schema.tables
        where table_schema in ('core', 'marts', 'meta')
        order by table_schema, table_name
        """
    ).fetchall()
    counts = {}
    for schema, name in names:
        query = sql.SQL("select count(*) from {}.{}").format(sql.Identifier(schema), sql.Identifier(name))
        counts[f"{schema}.{name}"] = conn.execute(query).fetchone()[0]
    return counts


def latest_run(conn) -> dict | None:
    row = conn.execute(
        "select run_id, status, started_at, finished_at, counts from meta.pipeline_run "
        "order by started_at desc limit 1"
    ).fetchone()
    if row is None:
        return None
    return {"run_id": row[0], "status": row[1], "started_at": row[2], "finished_at": row[3],
            "counts": row[4] or {}}


def suite_results(conn, run_id: str) -> list[tuple]:
    return conn.execute(
        "select target, suite, bool_and(success), sum(evaluated), sum(failed) from meta.suite_result "
        "where run_id = %s group by target, suite order by target, suite",
        (run_id,),
    ).fetchall()


def file_outcomes(conn) -> dict[str, int]:
    return dict(conn.execute("select outcome, count(*) from meta.landed_file group by outcome").fetchall())


def mart_sample(conn, view: str, limit: int = 5) -> tuple[list[str], list[tuple]]:
    query = sql.SQL("select * from marts.{} limit %s").format(sql.Identifier(view))
    cur = conn.execute(query, (limit,))
    return [d.name for d in cur.description], cur.fetchall()


def _clip(value, width: int = 24) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def render(conn) -> str:
    """The summary `newsetl report` and `newsetl run` print."""
    lines = []
    run = latest_run(conn)
    if run is None:
        return "The warehouse has no run yet: `newsetl run` (or `make run`) loads one."
    c = run["counts"]
    lines.append(f"Run {run['run_id']}: {run['status']}")
    lines.append(
        f"  files seen {c.get('files_seen', 0)}, new or changed {c.get('files_new_or_changed', 0)}, "
        f"skipped as unchanged {c.get('files_skipped', 0)}, gone from the landing folder {c.get('files_gone', 0)}"
        + (f" (and {c['files_missing']} missing, too many at once to mark gone)" if c.get("files_missing") else "")
    )
    lines.append(
        f"  this run: loaded {c.get('files_loaded', 0)} (of which replaced {c.get('files_replaced', 0)}), "
        f"quarantined {c.get('files_quarantined', 0)}, duplicate {c.get('files_duplicate', 0)}, "
        f"unchanged content {c.get('files_unchanged', 0)}"
    )
    totals = file_outcomes(conn)
    lines.append("All files ever landed: " + ", ".join(f"{k} {v}" for k, v in sorted(totals.items())))
    lines.append("Rows per table:")
    for name, n in table_counts(conn).items():
        lines.append(f"  {name:<40} {n:>10}")
    results = suite_results(conn, run["run_id"])
    if results:
        lines.append("Expectation suites (this run):")
        for target, suite, ok, evaluated, failed in results:
            lines.append(f"  {target:<8} {suite:<28} {'passed' if ok else 'FAILED':<7} "
                         f"rows {evaluated or 0}, failing {failed or 0}")
    for view in MART_SAMPLES:
        cols, rows = mart_sample(conn, view)
        lines.append(f"marts.{view} (first {len(rows)} rows):")
        lines.append("  " + " | ".join(_clip(c, 16) for c in cols))
        for row in rows:
            lines.append("  " + " | ".join(_clip(v, 16) for v in row))
    return "\n".join(lines)
