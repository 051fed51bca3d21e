"""Extraction records, quarantine lines and discovery's view of the files → staging tables, by COPY.

Record shape: `shared/spec/EXTRACTION.md` plus docs/RECORD.md (`source_path`, spans,
`extractor_version`, `campaign_mentions`). Every staged row carries the run_id and the file's
source_path; article, quarantine and seen-file rows also its sha256. `stage_batch` stages one batch in one
transaction: the run's earlier staged rows of the batch's files go first, so a retried batch never
doubles rows, and batches may come in any order. The staging tables are UNLOGGED (see
sql/schema/070_staging_copy.sql): a crash empties them, and the files are read again by a later
run, as publish records them as seen only together with their facts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from etl.load import sql_text

# Column order of each COPY: the first two of every table are run_id and source_path; the tables with one
# row per file (article, quarantine) then give its sha256 (section rows take it from the article).
KEY = ("run_id", "source_path", "sha256")
# The counts an article's row carries of the rows staged for it (sql/schema/083_staged_article_counts.sql):
# core.fct_article's counts, which publish takes as they are, since it inserts every staged row of an article it
# publishes.
ARTICLE_COUNTS = ("official_count", "official_role_count", "region_count", "figure_count", "money_figure_count",
                  "money_total", "ranking_count", "ranking_item_count", "campaign_count", "meeting_count",
                  "keyword_count")
SECTION_KEY = ("run_id", "source_path")
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
    )
    + ARTICLE_COUNTS,
    "official_role": SECTION_KEY
    + ("official_no", "name", "titles", "role", "title", "mention_count", "span_start", "span_end"),
    "region_mention": SECTION_KEY
    + ("region_no", "name", "admin_code", "level", "mention_count", "span_start", "span_end"),
    "figure": SECTION_KEY + ("figure_no", "kind", "value", "unit", "text", "span_start", "span_end"),
    "ranking_item": SECTION_KEY + ("list_no", "list_name", "rank", "item", "span_start", "span_end"),
    "campaign_mention": SECTION_KEY + ("campaign_no", "campaign", "mention_count", "span_start", "span_end"),
    "meeting": SECTION_KEY + ("meeting_no", "name", "type", "meeting_date", "host", "form", "span_start", "span_end"),
    "keyword": SECTION_KEY + ("keyword_no", "term", "weight"),
    "quarantine": KEY + ("stage", "reason", "failed_expectations", "record"),
    "seen_file": ("run_id", "source_path", "size_bytes", "mtime_ns", "sha256"),
}
SEEN_KEYS = ("source_path", "size_bytes", "mtime_ns", "sha256")
# Where _counts finds what it counts in the staged rows.
_OFFICIAL_NAME = COLUMNS["official_role"].index("name")
_FIGURE_KIND, _FIGURE_VALUE = COLUMNS["figure"].index("kind"), COLUMNS["figure"].index("value")
_RANKING_LIST = COLUMNS["ranking_item"].index("list_no")
# The tables with rows per record section, which ARTICLE_COUNTS count per article.
SECTION_TABLES = ("official_role", "region_mention", "figure", "ranking_item", "campaign_mention", "meeting", "keyword")


class StagingInputError(ValueError):
    """Input that cannot be staged: bad JSON, a missing key, a file given twice."""


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


def _text_array(values) -> str:
    """The text[] literal of a list (every element quoted; None is NULL), for a text-format COPY.

    Cheaper than psycopg's list dumper, and made once per official for all its rows.
    """
    if not values:
        return "{}"
    return "{" + ",".join(
        "NULL" if v is None else '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values
    ) + "}"


def _identity(line: dict, where: str, *, sha_required: bool) -> tuple[str, str | None]:
    source_path = line.get("source_path") or line.get("file")
    if not source_path:
        raise StagingInputError(f"{where}: neither source_path nor file is set")
    sha = line.get("sha256")
    if sha_required and not sha:
        raise StagingInputError(f"{where}: sha256 is missing")
    return source_path, sha


def record_rows(run_id: str, record: dict, where: str = "record") -> dict[str, list[tuple]]:
    """The staging rows of one extraction record, per table (columns as in COLUMNS; lists as text[] literals).

    Officials give one row per (role, sentence) mention; roles without a mention give a row
    without span; an official with no role at all gives one row with role null. Campaigns come
    from `campaign_mentions` when the record has them, else from `campaigns` (no count, no span).
    """
    rows: dict[str, list[tuple]] = {table: [] for table in COLUMNS if table not in ("quarantine", "seen_file")}
    _add_record(rows, run_id, record, where)
    return rows


def _add_record(rows: dict[str, list[tuple]], run_id: str, record: dict, where: str) -> str:
    """Append the record's rows to `rows` (see record_rows); returns its source_path.

    The article's row comes last: it carries the counts of the section rows appended before it.
    """
    source_path, sha = _identity(record, where, sha_required=True)
    article = record.get("article") or {}
    region = article.get("region") or {}
    before = {table: len(rows[table]) for table in SECTION_TABLES}
    rows["official_role"].extend(_official_roles(run_id, source_path, record.get("officials") or ()))
    append = rows["region_mention"].append
    for i, r in enumerate(record.get("regions") or ()):
        append((run_id, source_path, i, r["name"], r.get("admin_code"), r.get("level"), r.get("count"),
                *_span(r)))
    append = rows["figure"].append
    for i, f in enumerate(record.get("figures") or ()):
        append((run_id, source_path, i, f.get("kind"), f.get("value"), f.get("unit"), f.get("text"), *_span(f)))
    append = rows["ranking_item"].append
    for i, ranking in enumerate(record.get("rankings") or ()):
        span = _span(ranking)
        list_name = ranking.get("list")
        for rank, item in enumerate(ranking.get("items") or (), 1):
            append((run_id, source_path, i, list_name, rank, item, *span))
    append = rows["campaign_mention"].append
    mentions = record.get("campaign_mentions")
    if mentions:
        for i, c in enumerate(mentions):
            append((run_id, source_path, i, c["text"], c.get("count"), *_span(c)))
    else:
        for i, text in enumerate(record.get("campaigns") or ()):
            append((run_id, source_path, i, text, None, None, None))
    append = rows["meeting"].append
    for i, m in enumerate(record.get("meetings") or ()):
        append((run_id, source_path, i, m.get("name"), m.get("type"), m.get("date"), m.get("host"),
                m.get("form"), *_span(m)))
    append = rows["keyword"].append
    for i, k in enumerate(record.get("keywords") or ()):
        append((run_id, source_path, i, k["term"], k.get("weight")))
    rows["article"].append(
        (
            run_id,
            source_path,
            sha,
            record.get("file"),
            article.get("title"),
            article.get("published_at"),
            article.get("event_date"),
            article.get("source"),
            article.get("url"),
            article.get("script"),
            region.get("name"),
            region.get("admin_code"),
            _text_array(article.get("editors")),
            _text_array(article.get("reporters")),
            article.get("body"),
            record.get("encoding"),
            record.get("container"),
            record.get("extractor_version"),
            *_counts({table: rows[table][n:] for table, n in before.items()}),
        )
    )
    return source_path


def _counts(staged: dict[str, list[tuple]]) -> tuple:
    """ARTICLE_COUNTS of one article, from the section rows staged for it (columns as in COLUMNS)."""
    officials, figures, items = staged["official_role"], staged["figure"], staged["ranking_item"]
    money = [row[_FIGURE_VALUE] for row in figures if row[_FIGURE_KIND] == "money"]
    values = [v for v in money if v is not None]
    return (
        len({row[_OFFICIAL_NAME] for row in officials}),  # distinct names
        len(officials),
        len(staged["region_mention"]),
        len(figures),
        len(money),
        # as numeric sums the text that COPY sends (repr of a float): exactly, from its digits
        sum(Decimal(v if isinstance(v, (int, str)) else repr(v)) for v in values) if values else None,
        len({row[_RANKING_LIST] for row in items}),  # lists with an item
        len(items),
        len(staged["campaign_mention"]),
        len(staged["meeting"]),
        len(staged["keyword"]),
    )


def _official_roles(run_id: str, source_path: str, officials) -> list[tuple]:
    """The staging.official_role rows of a record's officials: one per (name, role), the fact's grain.

    Each official gives candidates: one per (role, sentence) mention, one per role without a
    mention (no span), or one with role null when it has no role at all. Per (name, role) the
    first candidate by sentence (spanless last, then position in the list) is the evidence and
    gives the official's position and titles; the title is the first stated with a candidate in
    that order, else the first title the article gives; the count is the candidates with a span
    (at least 1).
    """
    groups: dict[tuple[str, str | None], list[tuple]] = {}
    for i, official in enumerate(officials):
        name = official["name"]
        titles = official.get("titles") or []
        candidates = [(mention.get("role"), mention.get("title"), *_span(mention))
                      for mention in official.get("mentions") or ()]
        seen_roles = {c[0] for c in candidates}
        for role in official.get("roles") or ():
            if role not in seen_roles:
                candidates.append((role, None, None, None))
                seen_roles.add(role)
        if not candidates:
            candidates.append((None, None, None, None))
        for role, title, start, end in candidates:
            groups.setdefault((name, role), []).append((start is None, start or 0, i, titles, title, start, end))
    out = []
    for (name, role), candidates in groups.items():
        candidates.sort(key=lambda c: c[:3])
        _, _, i, titles, _, start, end = candidates[0]
        stated = next((c[4] for c in candidates if c[4] is not None), None)
        if stated is None and titles:
            stated = titles[0]
        spans = sum(1 for c in candidates if c[5] is not None)
        out.append((run_id, source_path, i, name, _text_array(titles), role, stated, max(spans, 1), start, end))
    return out


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


def seen_row(run_id: str, row: Mapping[str, Any] | Sequence[Any], where: str = "seen row") -> tuple:
    """The staging.seen_file row of what discovery saw of a file: a dict or a tuple of SEEN_KEYS."""
    if isinstance(row, Mapping):
        try:
            values = tuple(row[k] for k in SEEN_KEYS)
        except KeyError as exc:
            raise StagingInputError(f"{where}: {exc.args[0]} is missing") from exc
    elif len(row) == len(SEEN_KEYS):
        values = tuple(row)
    else:
        raise StagingInputError(f"{where}: a seen row needs {', '.join(SEEN_KEYS)}, got {row!r}")
    if not values[0]:
        raise StagingInputError(f"{where}: source_path is not set")
    if values[1] is None or values[2] is None:  # publish reads a null mtime as "not seen by this run"
        raise StagingInputError(f"{where}: size_bytes and mtime_ns must be set")
    return (run_id, *values)


def _numbered(items: Iterable, label: str) -> Iterator[tuple[str, Any]]:
    for number, item in enumerate(items, 1):
        yield f"{label} {number}", item


def _collect(
    run_id: str,
    records: Iterable[tuple[str, dict]],
    quarantine_lines: Iterable[tuple[str, dict]],
    seen_rows: Iterable[tuple[str, Any]],
) -> dict[str, list[tuple]]:
    """The rows of a batch per table, from (where, item) pairs; raises StagingInputError on bad input."""
    rows: dict[str, list[tuple]] = {table: [] for table in COLUMNS}
    first_given: dict[str, str] = {}

    def claim(source_path: str, where: str) -> None:
        if source_path in first_given:
            raise StagingInputError(f"{where}: {source_path} was already given at {first_given[source_path]}")
        first_given[source_path] = where

    for where, record in records:
        claim(_add_record(rows, run_id, record, where), where)
    quarantine = rows["quarantine"]
    for where, line in quarantine_lines:
        quarantine.append(quarantine_row(run_id, line, where))
        claim(quarantine[-1][1], where)
    # discovery sees a file once; should a path repeat anyway, its first row wins
    seen, seen_paths = rows["seen_file"], set()
    for where, row in seen_rows:
        values = seen_row(run_id, row, where)
        if values[1] not in seen_paths:
            seen_paths.add(values[1])
            seen.append(values)
    return rows


def _copy_statement(table: str):
    from psycopg import sql

    return sql.SQL("copy {} ({}) from stdin").format(
        sql.Identifier("staging", table), sql.SQL(", ").join(map(sql.Identifier, COLUMNS[table]))
    )


def _stage(conninfo: str, run_id: str, rows: dict[str, list[tuple]]) -> dict[str, int]:
    import psycopg

    paths = list({row[1] for table in ("article", "quarantine", "seen_file") for row in rows[table]})
    with psycopg.connect(conninfo) as conn, conn.cursor() as cur:
        if paths:
            params = {"run_id": run_id, "paths": paths}
            had_records = cur.execute(sql_text("load/clear_staging_files.sql"), params).fetchone()[0]
            if had_records:  # a retried batch: the records' section rows go as well
                cur.execute(sql_text("load/clear_staging_sections.sql"), {"run_id": run_id, "paths": had_records})
        for table, table_rows in rows.items():
            if not table_rows:
                continue
            with cur.copy(_copy_statement(table)) as copy:
                write_row = copy.write_row
                for row in table_rows:
                    write_row(row)
    return {table: len(table_rows) for table, table_rows in rows.items()}


def stage_batch(
    conninfo: str,
    run_id: str,
    records: Iterable[dict],
    quarantine_lines: Iterable[dict],
    seen_rows: Iterable[Mapping[str, Any] | Sequence[Any]] = (),
) -> dict[str, int]:
    """COPY one batch into staging: its records, quarantine lines and seen rows; returns rows per table.

    `records` are extraction records, `quarantine_lines` quarantine lines (docs/RECORD.md), and
    `seen_rows` what discovery saw of every file of the batch (dicts or tuples of source_path,
    size_bytes, mtime_ns, sha256; publish records them in meta.landed_file). One transaction:
    first the run's earlier staged rows of the batch's source paths are deleted (so a retried
    batch does not double them), then each table gets one COPY. Raises StagingInputError
    (nothing staged) for a record without source_path/file or sha256, a quarantine line without
    stage or reason, a seen row without source_path, or a source_path given twice among the
    records and quarantine lines. Holds the batch's rows in memory until they are copied.
    """
    rows = _collect(
        run_id,
        _numbered(records, "record"),
        _numbered(quarantine_lines, "quarantine line"),
        _numbered(seen_rows, "seen row"),
    )
    return _stage(conninfo, run_id, rows)


def _lines_of(paths: Iterable[str]) -> Iterator[tuple[str, dict]]:
    for path in paths:
        for number, line in read_jsonl(path):
            yield f"{path}:{number}", line


def load_staging(
    conninfo: str, run_id: str, records_paths: list[str], quarantine_paths: list[str]
) -> dict[str, int]:
    """COPY the records and quarantine lines of JSON Lines files into staging; returns rows per table.

    One batch (`stage_batch`) of every line of the files, with no seen rows, so all their rows are
    held in memory at once: for tests and small loads (the pipeline stages batch by batch). Raises
    StagingInputError (nothing loaded) for bad JSON and for what stage_batch refuses, with the
    file and line; missing files raise FileNotFoundError.
    """
    rows = _collect(run_id, _lines_of(records_paths), _lines_of(quarantine_paths), ())
    counts = _stage(conninfo, run_id, rows)
    del counts["seen_file"]
    return counts
