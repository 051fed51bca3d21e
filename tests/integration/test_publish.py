"""Publishing staging → core: rows, idempotence, duplicates, versions, quarantine, order, concurrency."""

from __future__ import annotations

import threading
import uuid
from contextlib import contextmanager

import psycopg
import pytest

from etl.load import meta
from etl.load.migrate import migrate
from etl.load.publish import FIRST_LOAD_TABLES, publish
from etl.load.reference import load_regions
from etl.load.staging import load_staging, stage_batch
from etl.warehouse import with_database
from tests.integration.test_load_staging import (
    BODY,
    SENTENCES,
    make_record,
    quarantine_line,
    staged_counts,
    variant,
    write_jsonl,
)
from tests.integration.test_load_staging import warehouse as warehouse_fixture

warehouse = warehouse_fixture  # the migrated-database fixture, shared with the staging tests

CORE_TABLES = [
    "dim_date",
    "dim_source",
    "dim_region",
    "dim_official",
    "dim_campaign",
    "dim_article",
    "fct_article",
    "fct_official_role",
    "fct_figure",
    "fct_ranking_item",
    "fct_region_mention",
    "fct_campaign_mention",
    "fct_meeting",
    "fct_keyword",
]
META_TABLES = ["landed_file", "quarantine"]


def stage_and_publish(
    conninfo: str, tmp_path, run_id: str, records: list[dict], quarantined: list[dict] = ()
) -> dict:
    rec = write_jsonl(tmp_path / f"{run_id}-records.jsonl", records)
    qua = write_jsonl(tmp_path / f"{run_id}-quarantine.jsonl", list(quarantined))
    load_staging(conninfo, run_id, [rec], [qua])
    return publish(conninfo, run_id)


def full_contents(conninfo: str) -> dict[str, list[str]]:
    """Every row of every core and meta table, as sorted JSON text (surrogate keys included)."""
    with psycopg.connect(conninfo) as conn:
        return {
            f"{schema}.{t}": sorted(
                r[0] for r in conn.execute(f"select row_to_json(x)::text from {schema}.{t} x")
            )
            for schema, tables in (("core", CORE_TABLES), ("meta", META_TABLES))
            for t in tables
        }


def natural_contents(conninfo: str) -> dict[str, list[str]]:
    """Core tables with surrogate keys swapped for the natural ids they point at (order-free)."""
    out = {}
    with psycopg.connect(conninfo) as conn:
        for table in CORE_TABLES:
            columns = conn.execute(
                "select column_name, is_identity from information_schema.columns"
                " where table_schema = 'core' and table_name = %s order by ordinal_position",
                (table,),
            ).fetchall()
            fks = dict(
                conn.execute(
                    """
                select kcu.column_name, ccu.table_name
                from information_schema.table_constraints as tc
                join information_schema.key_column_usage as kcu
                  on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
                join information_schema.constraint_column_usage as ccu
                  on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
                where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = 'core' and tc.table_name = %s
            """,
                    (table,),
                ).fetchall()
            )
            exprs = []
            for name, is_identity in columns:
                target = fks.get(name)
                if target and target != "dim_date":
                    natural = target.removeprefix("dim_") + "_id"
                    key = target.removeprefix("dim_") + "_key"
                    exprs.append(f"(select d.{natural} from core.{target} d where d.{key} = t.{name})")
                elif is_identity != "YES":
                    exprs.append(f"t.{name}")
            rows = conn.execute(f"select json_build_array({', '.join(exprs)})::text from core.{table} t")
            out[table] = sorted(r[0] for r in rows)
    return out


def count(conninfo: str, sql: str, *params) -> int:
    with psycopg.connect(conninfo) as conn:
        return conn.execute(sql, params).fetchone()[0]


def test_publish_gives_the_expected_rows(warehouse, tmp_path):
    counts = stage_and_publish(
        warehouse, tmp_path, "run-1", [make_record()], [quarantine_line("hebi/bad.html")]
    )
    assert (counts["files_loaded"], counts["files_quarantined"], counts["files_duplicate"]) == (1, 1, 0)
    with psycopg.connect(warehouse) as conn:
        article = conn.execute(
            """
            select d.article_id, d.title, d.published_at = timestamptz '2023-03-06 19:30+08',
                   d.event_date::text, d.reference_date::text, s.source_id, r.admin_code,
                   d.sha256 = %s, d.run_id
            from core.dim_article d
            join core.dim_source s using (source_key)
            join core.dim_region r using (region_key)
        """,
            (make_record()["sha256"],),
        ).fetchall()
        assert article == [
            (
                "hebi/a.txt",
                "鹤壁市召开第一季度重点项目观摩会",
                True,
                "2023-03-06",
                "2023-03-06",
                "鹤壁日报网",
                "410600",
                True,
                "run-1",
            )
        ]
        roles = conn.execute("""
            select o.official_id, f.role, f.title, f.mention_count,
                   substr(d.body, f.span_start + 1, f.span_end - f.span_start)
            from core.fct_official_role f join core.dim_official o using (official_key)
            join core.dim_article d using (article_key) order by 1, 2
        """).fetchall()
        assert roles == [
            ("410600:林正华", "host", "市长", 1, SENTENCES[1]),
            ("410600:林正华", "speaker", "市长", 1, SENTENCES[1]),
            ("410600:郭文博", "attendee", "市领导", 1, SENTENCES[2]),
            ("410600:郭文博", "commentator", "市领导", 1, SENTENCES[3]),
            ("410600:韩雪松", "attendee", "市领导", 1, SENTENCES[2]),
        ]
        figures = conn.execute("""
            select f.kind, f.value, substr(d.body, f.span_start + 1, f.span_end - f.span_start),
                   f.extractor_version
            from core.fct_figure f join core.dim_article d using (article_key) order by f.figure_no
        """).fetchall()
        assert figures == [
            ("money", 4550000000, SENTENCES[4], "0.1.0"),
            ("money", 1200000000, SENTENCES[4], "0.1.0"),
            ("count", 8, SENTENCES[7], "0.1.0"),
        ]
        zone = conn.execute("""
            select z.region_id, z.level, p.admin_code from core.fct_region_mention m
            join core.dim_region z using (region_key)
            join core.dim_region p on p.region_key = z.parent_region_key
            where m.name = '金山产业园区'
        """).fetchall()
        assert zone == [("zone:410600:金山产业园区", "zone", "410600")]
        ranking = conn.execute("""
            select i.rank, i.item, r.admin_code from core.fct_ranking_item i
            left join core.dim_region r on r.region_key = i.item_region_key order by i.rank
        """).fetchall()
        assert ranking == [(1, "淇县", "410622"), (2, "浚县", "410621"), (3, "淇滨区", "410611")]
        meeting = conn.execute("""
            select m.meeting_name, m.date_key, o.name, m.form from core.fct_meeting m
            join core.dim_official o on o.official_key = m.host_official_key
        """).fetchall()
        assert meeting == [("鹤壁市第一季度重点项目观摩会", 20230306, "林正华", "in_person")]
        fct = conn.execute("""
            select date_key, official_count, official_role_count, region_count, figure_count, money_total,
                   ranking_count, ranking_item_count, campaign_count, meeting_count, keyword_count, span_end
            from core.fct_article
        """).fetchall()
        assert fct == [(20230306, 3, 5, 5, 3, 5750000000, 1, 3, 2, 1, 2, len(BODY))]
        landed = conn.execute(
            "select source_path, outcome, reason, article_id from meta.landed_file order by 1"
        ).fetchall()
        assert landed == [
            ("hebi/a.txt", "loaded", None, "hebi/a.txt"),
            ("hebi/bad.html", "quarantined", "validate: officials.name does not look like a name", None),
        ]
    assert sum(staged_counts(warehouse, "run-1").values()) == 0


def test_republishing_the_same_input_changes_nothing(warehouse, tmp_path):
    records = [
        make_record(),
        make_record("hebi/b.txt", event_date="--03-01"),
        variant(make_record(), "hebi/c.txt"),
    ]
    stage_and_publish(warehouse, tmp_path, "run-1", records, [quarantine_line("hebi/bad.html")])
    before = full_contents(warehouse)
    again = stage_and_publish(warehouse, tmp_path, "run-1", records, [quarantine_line("hebi/bad.html")])
    assert full_contents(warehouse) == before
    assert again["files_unchanged"] == 2 and again["files_loaded"] == 0
    assert all(v == 0 for k, v in again.items() if k.startswith("core."))
    # a later run bringing the same files changes no core row either
    stage_and_publish(warehouse, tmp_path, "run-2", records)
    after = full_contents(warehouse)
    assert {k: v for k, v in after.items() if k.startswith("core.")} == {
        k: v for k, v in before.items() if k.startswith("core.")
    }
    # publishing a run with nothing staged is harmless
    assert publish(warehouse, "run-2")["files_loaded"] == 0


def test_same_content_under_a_new_path_is_a_duplicate(warehouse, tmp_path):
    original = make_record("hebi/a.txt")
    stage_and_publish(warehouse, tmp_path, "run-1", [original])
    counts = stage_and_publish(warehouse, tmp_path, "run-2", [variant(original, "mirror/a-copy.txt")])
    assert counts["files_duplicate"] == 1 and counts["core.dim_article"] == 0
    assert count(warehouse, "select count(*) from core.dim_article") == 1
    assert count(warehouse, "select count(*) from core.fct_figure") == 3
    with psycopg.connect(warehouse) as conn:
        assert conn.execute(
            "select outcome, reason, article_id from meta.landed_file where source_path = %s",
            ("mirror/a-copy.txt",),
        ).fetchone() == ("duplicate", "same content as hebi/a.txt", "hebi/a.txt")


def test_same_content_twice_in_one_run_loads_the_smallest_path(warehouse, tmp_path):
    record = make_record("hebi/z.txt")
    counts = stage_and_publish(warehouse, tmp_path, "run-1", [record, variant(record, "hebi/m.txt")])
    assert (counts["files_loaded"], counts["files_duplicate"]) == (1, 1)
    with psycopg.connect(warehouse) as conn:
        assert conn.execute("select article_id from core.dim_article").fetchall() == [("hebi/m.txt",)]


def test_changed_content_replaces_the_facts(warehouse, tmp_path):
    stage_and_publish(warehouse, tmp_path, "run-1", [make_record("hebi/a.txt")])
    key_before = count(warehouse, "select article_key from core.dim_article")
    shorter = "".join(SENTENCES[:5])  # no ranking, no zone, no campaign sentence any more
    new = make_record("hebi/a.txt", body=shorter, title="鹤壁市重点项目观摩会(更新)")
    new["figures"] = new["figures"][:1]
    new["rankings"], new["campaigns"], new["campaign_mentions"] = [], [], []
    new["regions"] = new["regions"][:1]
    counts = stage_and_publish(warehouse, tmp_path, "run-2", [new])
    assert counts["files_replaced"] == 1 and counts["core.dim_article_updated"] == 1
    assert dangling_references(warehouse) == {}
    with psycopg.connect(warehouse) as conn:
        assert conn.execute("select article_key, title, sha256, run_id from core.dim_article").fetchall() == [
            (key_before, "鹤壁市重点项目观摩会(更新)", new["sha256"], "run-2")
        ]
        assert conn.execute("select count(*) from core.fct_figure").fetchone()[0] == 1
        assert conn.execute("select count(*) from core.fct_ranking_item").fetchone()[0] == 0
        assert conn.execute("select count(*) from core.fct_campaign_mention").fetchone()[0] == 0
        assert conn.execute("select count(*) from core.fct_region_mention").fetchone()[0] == 1
        assert conn.execute(
            "select figure_count, ranking_count, region_count, sha256 from core.fct_article"
        ).fetchone() == (1, 0, 1, new["sha256"])
        assert (
            conn.execute(
                "select count(*) from core.fct_official_role where sha256 <> %s", (new["sha256"],)
            ).fetchone()[0]
            == 0
        )


def test_quarantine_lines_become_meta_rows_and_a_later_load_resolves_them(warehouse, tmp_path):
    line = quarantine_line("hebi/a.txt", sha256="b" * 64, stage="extract", reason="extractor error: boom")
    stage_and_publish(warehouse, tmp_path, "run-1", [], [line])
    stage_and_publish(warehouse, tmp_path, "run-2", [], [line])  # the same version again: still one row
    with psycopg.connect(warehouse) as conn:
        assert conn.execute(
            "select source_path, sha256, run_id, last_run_id, stage, reason, is_resolved from meta.quarantine"
        ).fetchall() == [
            ("hebi/a.txt", "b" * 64, "run-1", "run-2", "extract", "extractor error: boom", False)
        ]
        assert conn.execute("select outcome, reason from meta.landed_file").fetchall() == [
            ("quarantined", "extract: extractor error: boom")
        ]
    stage_and_publish(warehouse, tmp_path, "run-3", [make_record("hebi/a.txt")])
    with psycopg.connect(warehouse) as conn:
        assert conn.execute("select is_resolved, resolved_run_id from meta.quarantine").fetchall() == [
            (True, "run-3")
        ]
        assert conn.execute("select outcome, reason, article_id from meta.landed_file").fetchall() == [
            ("loaded", None, "hebi/a.txt")
        ]


def test_a_quarantined_new_version_keeps_the_loaded_one(warehouse, tmp_path):
    stage_and_publish(warehouse, tmp_path, "run-1", [make_record("hebi/a.txt")])
    before = natural_contents(warehouse)
    stage_and_publish(warehouse, tmp_path, "run-2", [], [quarantine_line("hebi/a.txt", sha256="c" * 64)])
    assert natural_contents(warehouse) == before
    with psycopg.connect(warehouse) as conn:
        assert conn.execute("select outcome, article_id from meta.landed_file").fetchone() == (
            "quarantined",
            "hebi/a.txt",
        )


def _batches():
    a = [make_record("hebi/a.txt"), make_record("hebi/b.txt", event_date="--03-01")]
    b = [
        make_record("puyang/c.txt", region={"name": "浚县", "admin_code": "410621"}),
        variant(make_record("hebi/a.txt"), "mirror/a.txt"),
    ]
    return a, b


@contextmanager
def scratch_warehouse(admin_url: str):
    """A second fresh, migrated warehouse inside one test (dropped afterwards)."""
    name = f"newsetl_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    url = with_database(admin_url, name)
    try:
        migrate(url)
        load_regions(url)
        yield url
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')


def test_batches_of_one_run_in_either_order_give_the_same_tables(admin_url, tmp_path):
    a, b = _batches()
    results = []
    for i, order in enumerate(((a, b), (b, a))):
        with scratch_warehouse(admin_url) as url:
            for j, batch in enumerate(order):  # one load per batch, as mapped tasks would
                load_staging(url, "run-1", [write_jsonl(tmp_path / f"{i}-{j}.jsonl", batch)], [])
            publish(url, "run-1")
            results.append(full_contents(url))
    assert results[0] == results[1]
    assert len(results[0]["core.dim_article"]) == 3


def test_new_articles_take_the_next_keys_in_path_order(warehouse, tmp_path):
    stage_and_publish(warehouse, tmp_path, "run-1", [make_record("b/2.txt"), make_record("a/1.txt")])
    stage_and_publish(warehouse, tmp_path, "run-2", [make_record("d/4.txt"), make_record("c/3.txt"),
                                                     make_record("a/1.txt", body=BODY + "又讯。")])
    with psycopg.connect(warehouse) as conn:
        keys = conn.execute("select article_id, article_key, run_id from core.dim_article order by 2").fetchall()
    # run-2's new articles follow run-1's, in path order; a/1.txt, replaced, keeps its key
    assert [(path, run) for path, _, run in keys] == [
        ("a/1.txt", "run-2"), ("b/2.txt", "run-1"), ("c/3.txt", "run-2"), ("d/4.txt", "run-2")]
    first = keys[0][1]
    assert [key for _, key, _ in keys] == list(range(first, first + 4))  # one after another, no gaps


def test_runs_in_either_order_give_the_same_tables(admin_url, tmp_path):
    a, b = _batches()
    results = []
    for order in ((("run-a", a), ("run-b", b)), (("run-b", b), ("run-a", a))):
        with scratch_warehouse(admin_url) as url:
            for run_id, batch in order:
                stage_and_publish(url, tmp_path, run_id, batch)
            contents = natural_contents(url)
            with psycopg.connect(url) as conn:
                contents["landed"] = conn.execute(
                    "select source_path, outcome, reason, article_id from meta.landed_file order by 1"
                ).fetchall()
            # the publishing run differs with the order; nothing else may
            contents["dim_article"] = [row.rsplit(",", 1)[0] for row in contents["dim_article"]]
            results.append(contents)
    assert results[0] == results[1]
    assert ("mirror/a.txt", "duplicate", "same content as hebi/a.txt", "hebi/a.txt") in results[0]["landed"]


def dangling_references(conninfo: str) -> dict[str, int]:
    """Rows of core whose foreign key points at no row, per constraint (only those with some)."""
    found = {}
    with psycopg.connect(conninfo) as conn:
        constraints = conn.execute(
            """select c.conname, c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, fa.attname
               from pg_constraint as c
               join pg_attribute as a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
               join pg_attribute as fa on fa.attrelid = c.confrelid and fa.attnum = c.confkey[1]
               where c.contype = 'f' and c.connamespace = 'core'::regnamespace"""
        ).fetchall()
        for name, table, column, target, key in constraints:
            n = conn.execute(
                f"select count(*) from {table} as t where t.{column} is not null "
                f"and not exists (select from {target} as d where d.{key} = t.{column})"
            ).fetchone()[0]
            if n:
                found[name] = n
    return found


def test_a_smaller_path_with_known_content_takes_the_article_over(warehouse, tmp_path):
    record = make_record("z/late.txt")
    stage_and_publish(warehouse, tmp_path, "run-1", [record])
    stage_and_publish(warehouse, tmp_path, "run-2", [variant(record, "y/later.txt")])
    counts = stage_and_publish(warehouse, tmp_path, "run-3", [variant(record, "a/early.txt")])
    assert (counts["files_loaded"], counts["files_demoted"]) == (1, 1)
    # the demoted article's facts went with it, though publish ran without foreign-key triggers
    assert counts["triggers_off"] == 1
    assert dangling_references(warehouse) == {}
    with psycopg.connect(warehouse) as conn:
        assert conn.execute("select article_id from core.dim_article").fetchall() == [("a/early.txt",)]
        assert conn.execute("select count(*) from core.fct_figure").fetchone()[0] == 3
        assert conn.execute(
            "select source_path, outcome, article_id, last_run_id from meta.landed_file order by 1"
        ).fetchall() == [
            ("a/early.txt", "loaded", "a/early.txt", "run-3"),
            ("y/later.txt", "duplicate", "a/early.txt", "run-2"),
            ("z/late.txt", "duplicate", "a/early.txt", "run-1"),
        ]


@contextmanager
def ordinary_role(warehouse: str, *revoked: str):
    """The conninfo of a throw-away login role (not a superuser) with every privilege on the
    warehouse's tables, but for the SQL statements `revoked` (as `revoke <statement>` runs them)."""
    role = f"newsetl_test_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(warehouse, autocommit=True) as conn:
        conn.execute(f"create role {role} login")
        conn.execute(f"grant temporary on database {conn.info.dbname} to {role}")
        for schema in ("core", "staging", "meta"):
            conn.execute(f"grant usage on schema {schema} to {role}")
            conn.execute(f"grant all on all tables in schema {schema} to {role}")
            conn.execute(f"grant all on all sequences in schema {schema} to {role}")
        for statement in revoked:
            conn.execute(f"revoke {statement} from {role}")
    try:
        yield psycopg.conninfo.make_conninfo(warehouse, user=role)
    finally:
        with psycopg.connect(warehouse, autocommit=True) as conn:
            conn.execute(f"drop owned by {role}")
            conn.execute(f"drop role {role}")


def test_a_role_that_may_not_turn_triggers_off_publishes_the_same_with_them_on(warehouse, tmp_path):
    with ordinary_role(warehouse) as role_conninfo:
        record = make_record("z/late.txt")
        stage_and_publish(warehouse, tmp_path, "run-1", [record])
        load_staging(warehouse, "run-2", [write_jsonl(tmp_path / "r2.jsonl", [variant(record, "a/early.txt")])], [])
        counts = publish(role_conninfo, "run-2")
        assert counts["triggers_off"] == 0
        assert (counts["files_loaded"], counts["files_demoted"]) == (1, 1)
        assert dangling_references(warehouse) == {}
        with psycopg.connect(warehouse) as conn:
            assert conn.execute("select article_id from core.dim_article").fetchall() == [("a/early.txt",)]
            assert conn.execute("select count(distinct article_key) from core.fct_figure").fetchone()[0] == 1


@pytest.mark.parametrize("same_run", [True, False])
def test_concurrent_publishes_do_not_double_rows(warehouse, tmp_path, same_run):
    records = [make_record("hebi/a.txt"), make_record("hebi/b.txt", event_date="--03-01")]
    runs = ["run-1", "run-1"] if same_run else ["run-1", "run-2"]
    for run_id in set(runs):
        load_staging(warehouse, run_id, [write_jsonl(tmp_path / f"{run_id}.jsonl", records)], [])
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(runs))

    def run(run_id: str):
        barrier.wait()
        try:
            publish(warehouse, run_id)
        except BaseException as exc:  # re-raised through the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(r,)) for r in runs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert count(warehouse, "select count(*) from core.dim_article") == 2
    assert count(warehouse, "select count(*) from core.fct_figure") == 6
    assert count(warehouse, "select count(*) from core.fct_official_role") == 10
    assert count(warehouse, "select count(*) from core.dim_official") == 3
    assert count(warehouse, "select count(*) from meta.landed_file") == 2


def test_publish_records_the_seen_files_with_their_outcomes(warehouse):
    a, bad = make_record("hebi/a.txt"), quarantine_line("hebi/bad.html", sha256=None)
    seen_rows = [
        {"source_path": "hebi/a.txt", "size_bytes": 2048, "mtime_ns": 1_700_000_000_000_000_000, "sha256": a["sha256"]},
        {"source_path": "hebi/bad.html", "size_bytes": 3, "mtime_ns": 1_700_000_000_000_000_001, "sha256": None},
    ]
    stage_batch(warehouse, "run-1", [a], [bad], seen_rows)
    assert meta.known_files(warehouse) == {}  # staged is not seen: discovery would read the files again
    counts = publish(warehouse, "run-1")
    assert counts["meta.landed_file_seen"] == 2
    assert meta.known_files(warehouse) == {
        "hebi/a.txt": (2048, 1_700_000_000_000_000_000, a["sha256"]),
        "hebi/bad.html": (3, 1_700_000_000_000_000_001, None),
    }
    with psycopg.connect(warehouse) as conn:
        assert conn.execute(
            "select source_path, outcome, first_seen_run_id, last_run_id from meta.landed_file order by 1"
        ).fetchall() == [("hebi/a.txt", "loaded", "run-1", "run-1"), ("hebi/bad.html", "quarantined", "run-1", "run-1")]
        assert conn.execute("select count(*) from staging.seen_file").fetchone()[0] == 0
    # the same files seen again by a later run (touched: new mtime for a)
    seen_rows[0]["mtime_ns"] += 1
    stage_batch(warehouse, "run-2", [a], [bad], seen_rows)
    again = publish(warehouse, "run-2")
    assert (again["files_unchanged"], again["meta.landed_file_seen"]) == (1, 1)
    assert meta.known_files(warehouse)["hebi/a.txt"] == (2048, 1_700_000_000_000_000_001, a["sha256"])
    with psycopg.connect(warehouse) as conn:
        assert conn.execute("select last_run_id from meta.landed_file order by 1").fetchall() == [("run-2",)] * 2


def test_a_gone_file_that_lands_again_is_back_with_its_outcome(warehouse):
    a = make_record("hebi/a.txt")
    seen = {"source_path": "hebi/a.txt", "size_bytes": 2048, "mtime_ns": 1_700_000_000_000_000_000,
            "sha256": a["sha256"]}
    stage_batch(warehouse, "run-1", [a], [], [seen])
    publish(warehouse, "run-1")
    with psycopg.connect(warehouse) as conn:  # what discovery does when the file disappears
        conn.execute("update meta.landed_file set size_bytes = null, mtime_ns = null, gone_since = now()")
    assert meta.known_files(warehouse) == {}

    changed = variant(a, sha256="e" * 64)  # a new version
    touched = {**seen, "mtime_ns": seen["mtime_ns"] + 1, "sha256": changed["sha256"]}
    stage_batch(warehouse, "run-2", [changed], [], [touched])
    counts = publish(warehouse, "run-2")

    assert (counts["files_replaced"], counts["meta.landed_file"], counts["meta.landed_file_seen"]) == (1, 1, 1)
    assert meta.known_files(warehouse) == {"hebi/a.txt": (2048, touched["mtime_ns"], changed["sha256"])}
    with psycopg.connect(warehouse) as conn:
        assert conn.execute("select outcome, gone_since, first_seen_run_id, last_run_id from meta.landed_file"
                            ).fetchall() == [("loaded", None, "run-1", "run-2")]


def test_a_failed_publish_records_neither_facts_nor_seen_files(warehouse):
    good = make_record("hebi/a.txt")
    broken = make_record("hebi/b.txt", published_at="2023-02-30")  # not a day: publishing it fails
    seen_rows = [
        {"source_path": r["source_path"], "size_bytes": 1, "mtime_ns": 1, "sha256": r["sha256"]} for r in (good, broken)
    ]
    stage_batch(warehouse, "run-1", [good, broken], [], seen_rows)
    before = full_contents(warehouse)
    with pytest.raises(psycopg.errors.DatetimeFieldOverflow):
        publish(warehouse, "run-1")
    assert full_contents(warehouse) == before  # no article, no fact, no landed file
    assert meta.known_files(warehouse) == {}  # so the next discovery reads both files again
    assert staged_counts(warehouse, "run-1")["article"] == 2


def test_written_date_places_dates_as_written(warehouse):
    """core.written_date (inlined form, sql/schema/071) against the rule stated in its comment."""
    import datetime as dt
    import re

    def expected(written: str, reference: dt.date | None) -> dt.date | None:
        if re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", written):
            return dt.date.fromisoformat(written[:10])
        if re.fullmatch(r"--[0-9]{2}-[0-9]{2}", written) and reference:
            month, day = int(written[2:4]), int(written[5:7])

            def place(year: int) -> dt.date:
                return dt.date(year, month, min(day, 28)) + dt.timedelta(days=day - min(day, 28))

            same_year = place(reference.year)
            return place(reference.year - 1) if same_year > reference + dt.timedelta(days=7) else same_year
        return None

    references = [None, dt.date(2023, 1, 3), dt.date(2023, 3, 1), dt.date(2024, 2, 25), dt.date(2023, 12, 28)]
    written = ["2023-03-06", "2023-03-06T19:30:00+08:00", "1999-12-31 x", "--01-05", "--01-11", "--02-29",
               "--02-31", "--03-07", "--12-31", "--12-20", "3月6日", "", "--1-05", "2023-3-06"]
    cases = [(w, r) for w in written for r in references]
    with psycopg.connect(warehouse) as conn:
        got = [conn.execute("select core.written_date(%s, %s::date)", case).fetchone()[0] for case in cases]
    assert got == [expected(w, r) for w, r in cases]


def test_publish_truncates_staging_only_when_it_holds_the_run_alone(warehouse, tmp_path):
    records = [make_record("hebi/a.txt"), make_record("hebi/b.txt", event_date="--03-01")]
    # alone in staging: the tables are emptied whole
    load_staging(warehouse, "run-1", [write_jsonl(tmp_path / "r1.jsonl", records[:1])], [])
    counts = publish(warehouse, "run-1")
    assert (counts["staging_truncated"], counts["staging_deleted"]) == (1, 0)
    assert sum(staged_counts(warehouse, "run-1").values()) == 0
    # another run staged beside it: only the published run's rows go, row by row
    load_staging(warehouse, "run-2", [write_jsonl(tmp_path / "r2.jsonl", records)], [])
    load_staging(warehouse, "run-3", [write_jsonl(tmp_path / "r3.jsonl", records[1:])], [])
    kept = staged_counts(warehouse, "run-3")
    counts = publish(warehouse, "run-2")
    assert counts["staging_truncated"] == 0 and counts["staging_deleted"] > 0
    assert sum(staged_counts(warehouse, "run-2").values()) == 0
    assert staged_counts(warehouse, "run-3") == kept
    # another session reading staging: publish does not wait for it, and deletes instead
    with psycopg.connect(warehouse) as reader:
        reader.execute("select count(*) from staging.keyword")  # holds its lock to the end of the transaction
        counts = publish(warehouse, "run-3")
    assert counts["staging_truncated"] == 0 and counts["staging_deleted"] > 0
    assert sum(staged_counts(warehouse, "run-3").values()) == 0
    assert count(warehouse, "select count(*) from core.dim_article") == 2


def test_publish_analyzes_the_tables_it_grew_by_a_tenth(warehouse, tmp_path):
    def reltuples(table: str) -> float:
        return count(warehouse, "select reltuples from pg_class where oid = %s::regclass", table)

    records = [variant(make_record(f"hebi/{i:02d}.txt"), sha256=f"{i:064x}") for i in range(30)]
    counts = stage_and_publish(warehouse, tmp_path, "run-1", records)
    assert counts["core.fct_keyword"] == 60 and counts["tables_analyzed"] >= 1
    assert reltuples("core.fct_keyword") == 60       # 60 rows: more than autovacuum's 50-row floor
    # at the server's default statistics target (100), not staging's (10, ten common values at most):
    # all 30 article keys, two rows each, are common values
    assert count(warehouse, "select cardinality(most_common_freqs) from pg_stats where schemaname = 'core'"
                            " and tablename = 'fct_keyword' and attname = 'article_key'") == 30
    # 30 rows: left to autovacuum (not core.dim_article: a first load rebuilds its indexes, which counts it)
    assert reltuples("meta.landed_file") == -1
    counts = stage_and_publish(warehouse, tmp_path, "run-2", [variant(make_record("hebi/new.txt"), sha256="f" * 64)])
    assert counts["tables_analyzed"] == 0            # 2 keyword rows on 60: statistics still good


def test_a_role_without_truncate_deletes_its_staging_rows_instead(warehouse, tmp_path):
    with ordinary_role(warehouse, "truncate on all tables in schema staging") as role_conninfo:
        load_staging(warehouse, "run-1", [write_jsonl(tmp_path / "r1.jsonl", [make_record("hebi/a.txt")])], [])
        counts = publish(role_conninfo, "run-1")
        assert counts["staging_truncated"] == 0 and counts["staging_deleted"] > 0
        assert counts["files_loaded"] == 1 and sum(staged_counts(warehouse, "run-1").values()) == 0


def test_a_first_load_skips_the_wal_builds_indexes_after_and_gives_the_same_tables(admin_url, tmp_path):
    a, b = _batches()
    results, truncated = [], []
    for first_load in (True, False):
        with scratch_warehouse(admin_url) as url:
            load_staging(url, "run-1", [write_jsonl(tmp_path / f"{first_load}-1.jsonl", a)], [])
            counts = publish(url, "run-1", first_load=first_load)
            truncated.append((counts["tables_truncated"], counts["indexes_rebuilt"]))
            load_staging(url, "run-2", [write_jsonl(tmp_path / f"{first_load}-2.jsonl", b)], [])
            counts = publish(url, "run-2", first_load=first_load)
            assert counts["core.dim_article"] >= 1
            with psycopg.connect(url) as conn:
                minimal = conn.execute("select current_setting('wal_level') = 'minimal'").fetchone()[0]
                # the second publish finds articles: only still-empty tables (no quarantine yet) may go
                assert counts["tables_truncated"] <= 1
                indexes = conn.execute(
                    "select indexdef from pg_indexes where schemaname = 'core' order by 1").fetchall()
            results.append((full_contents(url), indexes))
    assert results[0] == results[1]  # the same rows, and every index rebuilt as it was
    # the embedded server runs with wal_level = minimal; a server of one's own may not. 15 indexes: 12 of
    # the facts, 2 of dim_article (its natural key and sha256) and dim_official's natural key
    assert truncated == ([(len(FIRST_LOAD_TABLES), 15), (0, 0)] if minimal else [(0, 0), (0, 0)])
