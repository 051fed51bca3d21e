"""The staging suites on a real PostgreSQL: given staging rows of several runs, each run passes or
fails with the expectation that names its defect. The tables are created here (the staging
contract's columns), so the test does not depend on sql/schema."""

from __future__ import annotations

import json
import uuid
from urllib.parse import quote

import pytest

from etl.load import SQL_DIR
from etl.validate import validate_staging

pytestmark = pytest.mark.integration

DDL = """
create schema staging;
create schema core;
create table core.dim_region (
    region_key bigint generated always as identity primary key,
    admin_code text, name text not null, level text not null);
create table staging.article (
    run_id text not null, source_path text not null, sha256 text not null, file_name text, title text,
    published_at text, event_date text, source text, url text, script text, region_name text,
    region_code text, editors text[] not null default '{}', reporters text[] not null default '{}',
    body text, encoding text, container text, extractor_version text, record jsonb not null default '{}',
    official_count integer, official_role_count integer, region_count integer, figure_count integer,
    money_figure_count integer, money_total numeric, ranking_count integer, ranking_item_count integer,
    campaign_count integer, meeting_count integer, keyword_count integer);
create table staging.official_role (
    run_id text not null, source_path text not null, official_no integer not null,
    name text not null, titles text[] not null default '{}', role text, title text, mention_count integer,
    span_start integer, span_end integer);
create table staging.region_mention (
    run_id text not null, source_path text not null, region_no integer not null,
    name text not null, admin_code text, level text, mention_count integer,
    span_start integer, span_end integer);
create table staging.figure (
    run_id text not null, source_path text not null, figure_no integer not null,
    kind text, value numeric, unit text, text text, span_start integer, span_end integer);
create table staging.ranking_item (
    run_id text not null, source_path text not null, list_no integer not null,
    list_name text, rank integer not null, item text not null, span_start integer, span_end integer);
create table staging.campaign_mention (
    run_id text not null, source_path text not null, campaign_no integer not null,
    campaign text not null, mention_count integer, span_start integer, span_end integer);
create table staging.meeting (
    run_id text not null, source_path text not null, meeting_no integer not null,
    name text, type text, meeting_date text, host text, form text, span_start integer, span_end integer);
create table staging.keyword (
    run_id text not null, source_path text not null, keyword_no integer not null,
    term text not null, weight numeric);
"""

SHA = "ab" * 32
# the counts an article carries of its staged rows, for the rows clean_run stages
COUNTS = {"official_count": 2, "official_role_count": 3, "region_count": 2, "figure_count": 1,
          "money_figure_count": 1, "money_total": 4560000000, "ranking_count": 2, "ranking_item_count": 3,
          "campaign_count": 1, "meeting_count": 1, "keyword_count": 1}
REGIONS = [("410200", "开封市", "prefecture"), ("410221", "杞县", "county"), (None, "开封经济开发区", "zone")]


def _insert(conn, table: str, rows: list[dict]) -> None:
    for row in rows:
        if table != "article":  # section rows name their file by run and path only
            row = {k: v for k, v in row.items() if k != "sha256"}
        columns = ", ".join(row)
        marks = ", ".join(["%s"] * len(row))
        conn.execute(f"insert into staging.{table} ({columns}) values ({marks})", list(row.values()))


def clean_run(conn, run_id: str, paths=("henan/a.txt", "henan/b.txt")) -> None:
    """Two articles of `run_id` with rows in every fact table: keys unique, references resolving."""
    for path in paths:
        key = {"run_id": run_id, "source_path": path, "sha256": SHA}
        _insert(
            conn,
            "article",
            [
                {
                    **key,
                    "file_name": path.split("/")[-1],
                    "script": "simplified",
                    "region_code": "410200",
                    "body": "开封市召开会议。",
                    **COUNTS,
                }
            ],
        )
        _insert(
            conn,
            "official_role",
            [
                {**key, "official_no": 0, "name": "林书远", "role": "host", "span_start": 0, "span_end": 8},
                {
                    **key,
                    "official_no": 0,
                    "name": "林书远",
                    "role": "speaker",
                    "span_start": 0,
                    "span_end": 8,
                },
                {**key, "official_no": 1, "name": "周文华", "role": None},
            ],
        )
        _insert(
            conn,
            "region_mention",
            [
                {**key, "region_no": 0, "name": "开封市", "admin_code": "410200", "level": "prefecture"},
                {**key, "region_no": 1, "name": "开封经济开发区", "admin_code": None, "level": "zone"},
            ],
        )
        _insert(conn, "figure", [{**key, "figure_no": 0, "kind": "money", "value": 4560000000, "unit": "元"}])
        _insert(
            conn,
            "ranking_item",
            [
                {**key, "list_no": 0, "list_name": "排名", "rank": 1, "item": "杞县"},
                {**key, "list_no": 0, "list_name": "排名", "rank": 2, "item": "兰考县"},
                {**key, "list_no": 1, "list_name": "排名", "rank": 1, "item": "兰考县"},
            ],
        )
        _insert(
            conn, "campaign_mention", [{**key, "campaign_no": 0, "campaign": "项目为王", "mention_count": 2}]
        )
        _insert(conn, "meeting", [{**key, "meeting_no": 0, "name": "推进会", "form": "video"}])
        _insert(conn, "keyword", [{**key, "keyword_no": 0, "term": "项目", "weight": 0.3}])


# run id → (the staging table with a bad row, the row, the audit rule it breaks)
BROKEN_RUNS = {
    "duplicate-role": (
        "official_role",
        {"official_no": 0, "name": "林书远", "role": "host", "span_start": 0, "span_end": 8},
        "duplicate_keys",
    ),
    "dangling-figure": (
        "figure",
        {"source_path": "henan/missing.txt", "figure_no": 0, "kind": "count", "value": 3},
        "dangling_rows",
    ),
    "dangling-keyword": (
        "keyword",
        {"source_path": "henan/missing.txt", "keyword_no": 0, "term": "会议"},
        "dangling_rows",
    ),
    "unknown-region": (
        "region_mention",
        {"region_no": 2, "name": "不存在县", "admin_code": "419999", "level": "county"},
        "unknown_regions",
    ),
    "duplicate-article": (
        "article",
        {"file_name": "a.txt", "script": "simplified", "body": "又一篇。", **COUNTS},
        "duplicate_keys",
    ),
    "uncounted-article": (  # staged without the counts of its rows (as by a loader before them)
        "article",
        {"source_path": "henan/c.txt", "file_name": "c.txt", "script": "simplified", "body": "又一篇。"},
        "missing_values",
    ),
    "duplicate-rank": (
        "ranking_item",
        {"list_no": 0, "list_name": "排名", "rank": 2, "item": "杞县"},
        "duplicate_keys",
    ),
}


@pytest.fixture(scope="module")
def staging_db(admin_url):
    """One database for the module: a clean run, one broken run per BROKEN_RUNS entry, and a run whose
    article exists only in another run."""
    import psycopg

    from etl.warehouse import with_database

    name = f"newsetl_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    url = with_database(admin_url, name)
    try:
        with psycopg.connect(url) as conn:
            conn.execute(DDL)
            conn.execute((SQL_DIR / "schema" / "073_staging_audit.sql").read_text(encoding="utf-8"))
            for code, region, level in REGIONS:
                conn.execute(
                    "insert into core.dim_region (admin_code, name, level) values (%s, %s, %s)",
                    (code, region, level),
                )
            for run_id in ["clean", *BROKEN_RUNS]:
                clean_run(conn, run_id)
            for run_id, (table, row, _) in BROKEN_RUNS.items():
                _insert(conn, table, [{"run_id": run_id, "source_path": "henan/a.txt", "sha256": SHA, **row}])
            # facts of run "orphans" whose article was staged by another run only
            _insert(
                conn,
                "figure",
                [
                    {
                        "run_id": "orphans",
                        "source_path": "henan/a.txt",
                        "sha256": SHA,
                        "figure_no": 0,
                        "kind": "count",
                        "value": 1,
                    }
                ],
            )
        yield url
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')


def _failed(results: list[dict]) -> dict[str, list[str]]:
    """suite → the failed expectations, each as `label @ tables` (the audit names the tables that broke it)."""
    out = {}
    for r in results:
        if r["success"]:
            continue
        out[r["suite"]] = [
            f"{e['expectation']} @ {','.join(sorted(w['table_name'] for w in e.get('where', [])))}"
            for e in r["details"]["expectations"] if not e["success"]
        ]
    return out


def _rule(rule: str, table: str) -> str:
    return f"expect_column_values_to_be_in_set(staging.audit.{rule}) @ {table}"


def test_clean_run_passes_the_staging_audit(staging_db):
    import psycopg

    from etl.validate.staging import run_query
    from etl.validate.suites import staging_query

    results = validate_staging(staging_db, "clean")
    assert [r["suite"] for r in results] == ["staging_audit"]
    assert all(r["target"] == "staging" and r["details"]["run_id"] == "clean" for r in results)
    assert _failed(results) == {}
    assert all(r["evaluated"] > 0 and r["failed"] == 0 for r in results)
    with psycopg.connect(staging_db) as conn:
        query = run_query(staging_query("staging_audit"), "clean").replace("\\:", ":")
        counts = dict(conn.execute(f"select table_name, row_count from ({query}) as audit").fetchall())
    assert counts["article"] == 2 and counts["official_role"] == 6  # only this run's rows
    assert set(counts) == set(_audited_tables())  # one row per table, from the two sessions' shares
    json.dumps(results)
    assert _failed(validate_staging(staging_db, "clean")) == {}  # a second audit replaces the first


def _audited_tables() -> list[str]:
    import re

    return re.findall(r"select %\(run_id\)s, '(\w+)'", (SQL_DIR / "load" / "audit_staging.sql").read_text())


def test_the_audit_writes_every_audited_table_once(staging_db):
    import psycopg

    validate_staging(staging_db, "clean")
    with psycopg.connect(staging_db) as conn:
        audited = [t for (t,) in conn.execute("select table_name from staging.audit where run_id = 'clean'")]
    assert sorted(audited) == sorted(_audited_tables()) and len(set(audited)) == len(audited) == 8


@pytest.mark.parametrize("run_id", list(BROKEN_RUNS))
def test_broken_run_fails_naming_the_rule_and_table(staging_db, run_id):
    table, _, rule = BROKEN_RUNS[run_id]
    failed = _failed(validate_staging(staging_db, run_id))
    assert failed == {"staging_audit": [_rule(rule, table)]}


def test_a_reference_must_resolve_within_the_same_run(staging_db):
    failed = _failed(validate_staging(staging_db, "orphans"))
    assert failed == {"staging_audit": [_rule("dangling_rows", "figure")]}


def test_unix_socket_url_with_percent_encoded_folder(staging_db):
    """The embedded server's form of URL: the socket folder percent-encoded as the host."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    params = conninfo_to_dict(staging_db)
    host = params.get("host", "")
    if not host.startswith("/"):
        with psycopg.connect(staging_db) as conn:
            folders = conn.execute("show unix_socket_directories").fetchone()[0]
        host = folders.split(",")[0].strip()
        if not host.startswith("/"):
            pytest.skip("the server has no unix socket")
    user = quote(params.get("user", "postgres"), safe="")
    port = f":{params['port']}" if params.get("port") else ""
    url = f"postgresql://{user}@{quote(host, safe='')}{port}/{params['dbname']}"
    try:
        with psycopg.connect(url):
            pass
    except psycopg.OperationalError as exc:
        pytest.skip(f"the socket is not reachable from here: {exc}")
    assert "%2F" in url
    results = validate_staging(url, "clean")
    assert len(results) == 1 and _failed(results) == {}
