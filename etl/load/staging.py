"""Extraction records and quarantine lines (JSON Lines files) → staging tables, by COPY.

Record shape: `shared/spec/EXTRACTION.md` plus docs/RECORD.md (`source_path`, spans,
`extractor_version`, `campaign_mentions`). Every staged row carries the run_id, the file's
source_path and its sha256. Loading files the run already staged replaces their rows (one
transaction), so a retried load never doubles rows, and batches may come in any order.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from etl.load import sql_text

# Column order of each COPY; the first three of every table are run_id, source_path, sha256.
KEY = ("run_id", "source_path", "sha256")
COLUMNS: dict[str, tuple[str, ...]] = {
    "article": KEY
    + (
        "file_name",
        "title",
        "published_at",
        "event_date",
        "source",
        "url",
        "script",
        "region_name",
        "region_code",
        "editors",
        "reporters",
        "body",
        "encoding",
        "container",
        "extractor_version",
        "record",
    ),
    "official_role": KEY + ("official_no", "name", "titles", "role", "title", "span_start", "span_end"),
    "region_mention": KEY
    + ("region_no", "name", "admin_code", "level", "mention_count", "span_start", "span_end"),
    "figure": KEY + ("figure_no", "kind", "value", "unit", "text", "span_start", "span_end"),
    "ranking_item": KEY + ("list_no", "list_name", "rank", "item", "span_start", "span_end"),
    "campaign_mention": KEY + ("campaign_no", "campaign", "mention_count", "span_start", "span_end"),
    "meeting": KEY + ("meeting_no", "name", "type", "meeting_date", "host", "form", "span_start", "span_end"),
    "keyword": KEY + ("keyword_no", "term", "weight"),
    "quarantine": KEY + ("stage", "reason", "failed_expectations", "record"),
}


class StagingInputError(ValueError):
    """A JSON Lines file that cannot be staged: bad JSON, a missing key, a file given twice."""


def read_jsonl(path: str | Path) -> Iterator[tuple[int, dict]]:
    """(line number, object) for each non-blank line; raises StagingInputError on bad JSON."""
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                raise StagingInputError(f"{path}:{number}: not JSON: {exc}") from exc


def _span(item: dict) -> tuple[int | None, int | None]:
    span = item.get("span")
    return (span[0], span[1]) if span else (None, None)


def _identity(line: dict, where: str, *, sha_required: bool) -> tuple[str, str | None]:
    source_path = line.get("source_path") or line.get("file")
    if not source_path:
        raise StagingInputError(f"{where}: neither source_path nor file is set")
    sha = line.get("sha256")
    if sha_required and not sha:
        raise StagingInputError(f"{where}: sha256 is missing")
    return source_path, sha


def record_rows(run_id: str, record: dict, where: str = "record") -> dict[str, list[tuple]]:
    """The staging rows of one extraction record, per table (columns as in COLUMNS).

    Officials give one row per (role, sentence) mention; roles without a mention give a row
    without span; an official with no role at all gives one row with role null. Campaigns come
    from `campaign_mentions` when the record has them, else from `campaigns` (no count, no span).
    """
    source_path, sha = _identity(record, where, sha_required=True)
    key = (run_id, source_path, sha)
    article = record.get("article") or {}
    region = article.get("region") or {}
    rows: dict[str, list[tuple]] = {table: [] for table in COLUMNS if table != "quarantine"}
    rows["article"].append(
        key
        + (
            record.get("file"),
            article.get("title"),
            article.get("published_at"),
            article.get("event_date"),
            article.get("source"),
            article.get("url"),
            article.get("script"),
            region.get("name"),
            region.get("admin_code"),
            list(article.get("editors") or []),
            list(article.get("reporters") or []),
            article.get("body"),
            record.get("encoding"),
            record.get("container"),
            record.get("extractor_version"),
            json.dumps(record, ensure_ascii=False),
        )
    )
    for i, official in enumerate(record.get("officials") or []):
        titles = list(official.get("titles") or [])
        seen_roles: set[str | None] = set()
        for mention in official.get("mentions") or []:
            rows["official_role"].append(
                key
                + (i, official["name"], titles, mention.get("role"), mention.get("title"), *_span(mention))
            )
            seen_roles.add(mention.get("role"))
        for role in official.get("roles") or []:
            if role not in seen_roles:
                rows["official_role"].append(key + (i, official["name"], titles, role, None, None, None))
                seen_roles.add(role)
        if not seen_roles:
            rows["official_role"].append(key + (i, official["name"], titles, None, None, None, None))
    for i, r in enumerate(record.get("regions") or []):
        rows["region_mention"].append(
            key + (i, r["name"], r.get("admin_code"), r.get("level"), r.get("count"), *_span(r))
        )
    for i, f in enumerate(record.get("figures") or []):
        rows["figure"].append(
            key + (i, f.get("kind"), f.get("value"), f.get("unit"), f.get("text"), *_span(f))
        )
    for i, ranking in enumerate(record.get("rankings") or []):
        span = _span(ranking)
        for rank, item in enumerate(ranking.get("items") or [], 1):
            rows["ranking_item"].append(key + (i, ranking.get("list"), rank, item, *span))
    mentions = record.get("campaign_mentions")
    if mentions:
        for i, c in enumerate(mentions):
            rows["campaign_mention"].append(key + (i, c["text"], c.get("count"), *_span(c)))
    else:
        for i, text in enumerate(record.get("campaigns") or []):
            rows["campaign_mention"].append(key + (i, text, None, None, None))
    for i, m in enumerate(record.get("meetings") or []):
        rows["meeting"].append(
            key + (i, m.get("name"), m.get("type"), m.get("date"), m.get("host"), m.get("form"), *_span(m))
        )
    for i, k in enumerate(record.get("keywords") or []):
        rows["keyword"].append(key + (i, k["term"], k.get("weight")))
    return rows


def quarantine_row(run_id: str, line: dict, where: str = "quarantine line") -> tuple:
    """The staging.quarantine row of one quarantine line (docs/RECORD.md)."""
    source_path, sha = _identity(line, where, sha_required=False)
    if not line.get("stage") or not line.get("reason"):
        raise StagingInputError(f"{where}: stage and reason are required")
    record = line.get("record")
    return (
        run_id,
        source_path,
        sha,
        line["stage"],
        line["reason"],
        list(line.get("failed_expectations") or []),
        None if record is None else json.dumps(record, ensure_ascii=False),
    )


def _collect(run_id: str, records_paths: list[str], quarantine_paths: list[str]) -> dict[str, list[tuple]]:
    rows: dict[str, list[tuple]] = {table: [] for table in COLUMNS}
    first_seen: dict[str, str] = {}

    def claim(source_path: str, where: str) -> None:
        if source_path in first_seen:
            raise StagingInputError(f"{where}: {source_path} was already given at {first_seen[source_path]}")
        first_seen[source_path] = where

    for path in records_paths:
        for number, record in read_jsonl(path):
            where = f"{path}:{number}"
            for table, table_rows in record_rows(run_id, record, where).items():
                rows[table].extend(table_rows)
            claim(rows["article"][-1][1], where)
    for path in quarantine_paths:
        for number, line in read_jsonl(path):
            where = f"{path}:{number}"
            rows["quarantine"].append(quarantine_row(run_id, line, where))
            claim(rows["quarantine"][-1][1], where)
    return rows


def load_staging(
    conninfo: str, run_id: str, records_paths: list[str], quarantine_paths: list[str]
) -> dict[str, int]:
    """COPY the records and quarantine lines of the files into staging; returns rows per table.

    One transaction: first the run's earlier staged rows of the same source paths are deleted
    (so a re-load does not double them), then each table gets one COPY. Raises
    StagingInputError (nothing loaded) for bad JSON, a line without source_path/file or
    sha256, or a source_path given twice in the input. Missing files raise FileNotFoundError.
    """
    import psycopg
    from psycopg import sql

    rows = _collect(run_id, records_paths, quarantine_paths)
    paths = [r[1] for r in rows["article"]] + [r[1] for r in rows["quarantine"]]
    with psycopg.connect(conninfo) as conn, conn.cursor() as cur:
        cur.execute(sql_text("load/clear_staging_files.sql"), {"run_id": run_id, "paths": paths})
        for table, table_rows in rows.items():
            if not table_rows:
                continue
            statement = sql.SQL("copy {} ({}) from stdin").format(
                sql.Identifier("staging", table), sql.SQL(", ").join(map(sql.Identifier, COLUMNS[table]))
            )
            with cur.copy(statement) as copy:
                for row in table_rows:
                    copy.write_row(row)
    return {table: len(table_rows) for table, table_rows in rows.items()}
