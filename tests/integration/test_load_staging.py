"""Staging loads: extraction records, quarantine lines and seen files → staging tables by COPY.

Also home of the hand-written records (invented people and places of Hebi, 鹤壁市) that the
publish and mart tests use.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

import psycopg
import pytest

from etl.load.migrate import migrate
from etl.load.reference import load_regions
from etl.load.staging import StagingInputError, load_staging, stage_batch

SENTENCES = [
    "2023年3月6日,鹤壁市第一季度重点项目观摩会召开。",
    "市长林正华主持会议并讲话。",
    "市领导郭文博、韩雪松出席。",
    "郭文博对各县区项目建设情况进行点评。",
    "观摩项目总投资45.5亿元,完成投资12亿元。",
    "县区排名先后顺序为:淇县、浚县、淇滨区。",
    "会议强调,要坚持千企升级,推动三链同构。",
    "金山产业园区新开工项目8个。",
]
BODY = "".join(SENTENCES)


def span_of(body: str, sentence: str) -> list[int]:
    start = body.index(sentence)
    return [start, start + len(sentence)]


def make_record(source_path: str = "hebi/a.txt", body: str = BODY, **article) -> dict:
    """A record in the shape of shared/spec/EXTRACTION.md + docs/RECORD.md, with real spans."""

    def span(i: int) -> list[int]:
        return span_of(body, SENTENCES[i]) if SENTENCES[i] in body else [0, 0]

    sha = hashlib.sha256((source_path + body + json.dumps(article, sort_keys=True)).encode()).hexdigest()
    art = {
        "title": "鹤壁市召开第一季度重点项目观摩会",
        "published_at": "2023-03-06T19:30:00+08:00",
        "event_date": "2023-03-06",
        "source": "鹤壁日报网",
        "editors": ["李明"],
        "reporters": ["王芳"],
        "url": None,
        "script": "simplified",
        "region": {"name": "鹤壁市", "admin_code": "410600"},
        "body": body,
    }
    art.update(article)
    return {
        "file": Path(source_path).name,
        "source_path": source_path,
        "sha256": sha,
        "extractor_version": "0.1.0",
        "encoding": "utf-8",
        "container": "text",
        "article": art,
        "meetings": [
            {
                "name": "鹤壁市第一季度重点项目观摩会",
                "type": "观摩会",
                "date": "2023-03-06",
                "host": "林正华",
                "form": "in_person",
                "span": span(0),
            }
        ],
        "officials": [
            {
                "name": "林正华",
                "titles": ["市长"],
                "roles": ["host", "speaker"],
                "mentions": [
                    {"role": "host", "title": "市长", "span": span(1)},
                    {"role": "speaker", "title": "市长", "span": span(1)},
                ],
            },
            {
                "name": "郭文博",
                "titles": ["市领导"],
                "roles": ["attendee", "commentator"],
                "mentions": [
                    {"role": "attendee", "title": "市领导", "span": span(2)},
                    {"role": "commentator", "title": None, "span": span(3)},
                ],
            },
            {
                "name": "韩雪松",
                "titles": ["市领导"],
                "roles": ["attendee"],
                "mentions": [{"role": "attendee", "title": "市领导", "span": span(2)}],
            },
        ],
        "regions": [
            {"name": "鹤壁市", "admin_code": "410600", "level": "prefecture", "span": span(0), "count": 1},
            {"name": "淇县", "admin_code": "410622", "level": "county", "span": span(5), "count": 1},
            {"name": "浚县", "admin_code": "410621", "level": "county", "span": span(5), "count": 1},
            {"name": "淇滨区", "admin_code": "410611", "level": "county", "span": span(5), "count": 1},
            {"name": "金山产业园区", "admin_code": None, "level": "zone", "span": span(7), "count": 1},
        ],
        "figures": [
            {"kind": "money", "value": 4550000000, "unit": "元", "text": "总投资45.5亿元", "span": span(4)},
            {"kind": "money", "value": 1200000000, "unit": "元", "text": "完成投资12亿元", "span": span(4)},
            {"kind": "count", "value": 8, "unit": "个", "text": "新开工项目8个", "span": span(7)},
        ],
        "rankings": [{"list": "县区排名", "items": ["淇县", "浚县", "淇滨区"], "span": span(5)}],
        "campaigns": ["千企升级", "三链同构"],
        "campaign_mentions": [
            {"text": "千企升级", "span": span(6), "count": 1},
            {"text": "三链同构", "span": span(6), "count": 2},
        ],
        "keywords": [{"term": "项目", "weight": 0.42}, {"term": "观摩", "weight": 0.2}],
    }


def variant(record: dict, source_path: str | None = None, *, sha256: str | None = None) -> dict:
    """A deep copy under another path and/or with other content (sha256)."""
    out = copy.deepcopy(record)
    if source_path:
        out["source_path"], out["file"] = source_path, Path(source_path).name
    if sha256:
        out["sha256"] = sha256
    return out


def quarantine_line(
    source_path: str,
    sha256: str | None = "q" * 64,
    stage: str = "validate",
    reason: str = "officials.name does not look like a name",
) -> dict:
    return {
        "file": Path(source_path).name,
        "source_path": source_path,
        "sha256": sha256,
        "stage": stage,
        "reason": reason,
        "failed_expectations": ["expect_column_values_to_match_regex(officials.name)"],
        "record": None,
    }


def write_jsonl(path: Path, rows: list[dict]) -> str:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return str(path)


@pytest.fixture()
def warehouse(fresh_db) -> str:
    """A fresh database, migrated, with the gazetteer loaded."""
    migrate(fresh_db)
    load_regions(fresh_db)
    return fresh_db


def staged_counts(conninfo: str, run_id: str) -> dict[str, int]:
    tables = [
        "article",
        "official_role",
        "region_mention",
        "figure",
        "ranking_item",
        "campaign_mention",
        "meeting",
        "keyword",
        "quarantine",
    ]
    with psycopg.connect(conninfo) as conn:
        return {
            t: conn.execute(f"select count(*) from staging.{t} where run_id = %s", (run_id,)).fetchone()[0]
            for t in tables
        }


def test_records_and_quarantine_lines_land_in_staging(warehouse, tmp_path):
    records = write_jsonl(tmp_path / "valid.jsonl", [make_record()])
    bad = write_jsonl(tmp_path / "invalid.jsonl", [quarantine_line("hebi/bad.html")])

    counts = load_staging(warehouse, "run-1", [records], [bad])

    # 2 + 2 + 1 mention rows for the three officials
    expected = {
        "article": 1,
        "official_role": 5,
        "region_mention": 5,
        "figure": 3,
        "ranking_item": 3,
        "campaign_mention": 2,
        "meeting": 1,
        "keyword": 2,
        "quarantine": 1,
    }
    assert counts == expected
    assert staged_counts(warehouse, "run-1") == expected
    with psycopg.connect(warehouse) as conn:
        row = conn.execute(
            "select source_path, file_name, published_at, region_code, editors, title,"
            " extractor_version from staging.article"
        ).fetchone()
        assert row == (
            "hebi/a.txt",
            "a.txt",
            "2023-03-06T19:30:00+08:00",
            "410600",
            ["李明"],
            "鹤壁市召开第一季度重点项目观摩会",
            "0.1.0",
        )
        ranks = conn.execute("select rank, item from staging.ranking_item order by rank").fetchall()
        assert ranks == [(1, "淇县"), (2, "浚县"), (3, "淇滨区")]
        sentence = conn.execute(
            "select substr(a.body, f.span_start + 1, f.span_end - f.span_start)"
            " from staging.figure f join staging.article a using (run_id, source_path)"
            " where f.figure_no = 0"
        ).fetchone()[0]
        assert sentence == SENTENCES[4]
        q = conn.execute(
            "select source_path, stage, failed_expectations, record from staging.quarantine"
        ).fetchone()
        assert q == (
            "hebi/bad.html",
            "validate",
            ["expect_column_values_to_match_regex(officials.name)"],
            None,
        )


def test_loading_the_same_files_again_does_not_double_rows(warehouse, tmp_path):
    records = write_jsonl(tmp_path / "valid.jsonl", [make_record(), make_record("hebi/b.txt")])
    load_staging(warehouse, "run-1", [records], [])
    first = staged_counts(warehouse, "run-1")
    load_staging(warehouse, "run-1", [records], [])
    assert staged_counts(warehouse, "run-1") == first
    assert first["article"] == 2


def test_batches_of_one_run_accumulate_and_a_reload_replaces_a_file(warehouse, tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", [make_record("hebi/a.txt")])
    b = write_jsonl(tmp_path / "b.jsonl", [make_record("hebi/b.txt")])
    b_quarantined = write_jsonl(tmp_path / "bq.jsonl", [quarantine_line("hebi/b.txt")])
    load_staging(warehouse, "run-1", [a], [])
    load_staging(warehouse, "run-1", [b], [])
    assert staged_counts(warehouse, "run-1")["article"] == 2
    load_staging(warehouse, "run-1", [], [b_quarantined])  # b failed on a retry: its record goes
    counts = staged_counts(warehouse, "run-1")
    assert (counts["article"], counts["quarantine"], counts["figure"]) == (1, 1, 3)


def test_spec_only_record_without_spans_or_mentions_is_staged(warehouse, tmp_path):
    record = make_record()
    for official in record["officials"]:
        del official["mentions"]
    del record["campaign_mentions"]
    for section in ("regions", "figures", "rankings", "meetings"):
        for item in record[section]:
            item.pop("span", None)
    record["officials"].append({"name": "周启明", "titles": ["副市长"], "roles": []})
    load_staging(warehouse, "run-1", [write_jsonl(tmp_path / "r.jsonl", [record])], [])
    with psycopg.connect(warehouse) as conn:
        roles = conn.execute(
            "select name, role, span_start from staging.official_role order by official_no, role nulls first"
        ).fetchall()
        campaigns = conn.execute(
            "select campaign, mention_count from staging.campaign_mention order by campaign_no"
        ).fetchall()
    assert roles == [
        ("林正华", "host", None),
        ("林正华", "speaker", None),
        ("郭文博", "attendee", None),
        ("郭文博", "commentator", None),
        ("韩雪松", "attendee", None),
        ("周启明", None, None),
    ]
    assert campaigns == [("千企升级", None), ("三链同构", None)]


def test_bad_input_is_refused_and_nothing_is_loaded(warehouse, tmp_path):
    good = write_jsonl(tmp_path / "good.jsonl", [make_record()])
    no_sha = make_record("hebi/x.txt")
    del no_sha["sha256"]
    with pytest.raises(StagingInputError, match="sha256"):
        load_staging(warehouse, "run-1", [good, write_jsonl(tmp_path / "nosha.jsonl", [no_sha])], [])
    twice = write_jsonl(tmp_path / "q.jsonl", [quarantine_line("hebi/a.txt")])
    with pytest.raises(StagingInputError, match="already given"):
        load_staging(warehouse, "run-1", [good], [twice])
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"file": \n', encoding="utf-8")
    with pytest.raises(StagingInputError, match="not JSON"):
        load_staging(warehouse, "run-1", [str(broken)], [])
    assert staged_counts(warehouse, "run-1")["article"] == 0


def seen(source_path: str, size: int = 2048, sha256: str | None = "s" * 64) -> dict:
    return {"source_path": source_path, "size_bytes": size, "mtime_ns": 1_700_000_000_000_000_000, "sha256": sha256}


def staged_seen(conninfo: str, run_id: str) -> list[tuple]:
    with psycopg.connect(conninfo) as conn:
        return conn.execute(
            "select source_path, size_bytes, sha256 from staging.seen_file where run_id = %s order by 1", (run_id,)
        ).fetchall()


def test_stage_batch_stages_records_quarantine_lines_and_seen_files(warehouse):
    records = [make_record("hebi/a.txt"), make_record("hebi/b.txt")]
    counts = stage_batch(
        warehouse,
        "run-1",
        iter(records),  # any iterable, read once
        iter([quarantine_line("hebi/bad.html")]),
        iter([seen("hebi/a.txt"), seen("hebi/b.txt"), seen("hebi/bad.html", 7, None), seen("hebi/a.txt", 1)]),
    )
    assert counts == {**staged_counts(warehouse, "run-1"), "seen_file": 3}
    assert (counts["article"], counts["official_role"], counts["quarantine"]) == (2, 10, 1)
    # a path seen twice keeps its first row
    assert staged_seen(warehouse, "run-1") == [
        ("hebi/a.txt", 2048, "s" * 64),
        ("hebi/b.txt", 2048, "s" * 64),
        ("hebi/bad.html", 7, None),
    ]


def test_a_retried_batch_replaces_its_rows_and_leaves_other_batches_alone(warehouse):
    stage_batch(warehouse, "run-1", [make_record("hebi/a.txt")], [], [seen("hebi/a.txt")])
    stage_batch(warehouse, "run-2", [make_record("hebi/a.txt")], [], [seen("hebi/a.txt")])  # another run
    batch = ([make_record("hebi/b.txt"), make_record("hebi/c.txt")], [seen("hebi/b.txt"), seen("hebi/c.txt")])
    stage_batch(warehouse, "run-1", batch[0], [], batch[1])
    first = staged_counts(warehouse, "run-1")
    stage_batch(warehouse, "run-1", batch[0], [], batch[1])  # the same batch again: nothing doubles
    assert staged_counts(warehouse, "run-1") == first
    # a retry where c now fails: its record and section rows go, its quarantine line and seen row come
    retry_seen = [seen("hebi/b.txt"), seen("hebi/c.txt", 9)]
    stage_batch(warehouse, "run-1", batch[0][:1], [quarantine_line("hebi/c.txt")], retry_seen)
    after = staged_counts(warehouse, "run-1")
    assert (after["article"], after["quarantine"], after["figure"], after["keyword"]) == (2, 1, 6, 4)
    assert staged_seen(warehouse, "run-1") == [
        ("hebi/a.txt", 2048, "s" * 64),
        ("hebi/b.txt", 2048, "s" * 64),
        ("hebi/c.txt", 9, "s" * 64),
    ]
    assert staged_counts(warehouse, "run-2")["official_role"] == 5


def test_stage_batch_refuses_bad_input_and_stages_nothing(warehouse):
    with pytest.raises(StagingInputError, match="record 2: hebi/a.txt was already given at record 1"):
        stage_batch(warehouse, "run-1", [make_record(), make_record()], [], [])
    with pytest.raises(StagingInputError, match="quarantine line 1: hebi/a.txt was already given"):
        stage_batch(warehouse, "run-1", [make_record()], [quarantine_line("hebi/a.txt")], [])
    with pytest.raises(StagingInputError, match="seen row 2: size_bytes is missing"):
        stage_batch(warehouse, "run-1", [make_record()], [], [seen("hebi/a.txt"), {"source_path": "x"}])
    with pytest.raises(StagingInputError, match="seen row 1: size_bytes and mtime_ns must be set"):
        stage_batch(warehouse, "run-1", [make_record()], [], [("hebi/a.txt", 10, None, None)])
    with pytest.raises(StagingInputError, match="quarantine line 1: stage and reason are required"):
        stage_batch(warehouse, "run-1", [], [{"source_path": "hebi/q.txt", "stage": "ingest"}], [])
    assert sum(staged_counts(warehouse, "run-1").values()) == 0
    assert staged_seen(warehouse, "run-1") == []


def test_text_arrays_keep_every_character(warehouse):
    odd = ['引号"内', "反斜杠\\", "逗号,分隔", "{括号}", "NULL", "", " 空格 ", "tab\tand\nnewline"]
    record = make_record(editors=odd, reporters=[])
    record["officials"][0]["titles"] = odd
    stage_batch(warehouse, "run-1", [record], [], [])
    with psycopg.connect(warehouse) as conn:
        assert conn.execute("select editors, reporters from staging.article").fetchone() == (odd, [])
        titles = conn.execute("select distinct titles from staging.official_role where name = '林正华'").fetchall()
    assert titles == [(odd,)]


def test_official_roles_are_staged_at_the_fact_grain():
    from etl.load.staging import _official_roles

    officials = [
        {"name": "林正华", "titles": ["市长", "市委副书记"], "roles": ["speaker", "host"],
         "mentions": [{"role": "speaker", "title": None, "span": [30, 40]},
                      {"role": "speaker", "title": "市长", "span": [10, 20]},
                      {"role": "host", "title": None, "span": [0, 10]}]},
        {"name": "郭文博", "titles": [], "roles": ["attendee"]},
        {"name": "林正华", "titles": ["副书记"], "roles": ["speaker"],
         "mentions": [{"role": "speaker", "title": "副书记", "span": [5, 9]}]},
        {"name": "韩雪松", "titles": ["局长"], "roles": []},
    ]
    rows = sorted(_official_roles("r", "a.txt", officials), key=lambda row: (row[3], row[5] or ""))
    assert rows == [
        # no title stated with the host's sentence: the first the article gives
        ("r", "a.txt", 0, "林正华", '{"市长","市委副书记"}', "host", "市长", 1, 0, 10),
        # the earliest sentence (entry 2's) is the evidence; its title was stated; three sentences in all
        ("r", "a.txt", 2, "林正华", '{"副书记"}', "speaker", "副书记", 3, 5, 9),
        ("r", "a.txt", 1, "郭文博", "{}", "attendee", None, 1, None, None),
        ("r", "a.txt", 3, "韩雪松", '{"局长"}', None, "局长", 1, None, None),
    ]


def test_an_article_counts_the_rows_staged_with_it():
    from decimal import Decimal

    from etl.load.staging import ARTICLE_COUNTS, COLUMNS, record_rows

    record = make_record()
    record["officials"].append({"name": "林正华", "titles": [], "roles": ["attendee"]})  # a name again: one official
    record["figures"].append({"kind": "money", "value": 0.1, "unit": "元", "text": "0.1元"})
    record["figures"].append({"kind": "money", "value": 0.2, "unit": "元", "text": "0.2元"})
    record["rankings"].append({"list": "空榜", "items": []})  # no items: no list
    del record["campaign_mentions"]  # campaigns from the plain list
    rows = record_rows("run-1", record)
    article = dict(zip(COLUMNS["article"], rows["article"][0]))
    assert {k: article[k] for k in ARTICLE_COUNTS} == {
        "official_count": 3, "official_role_count": len(rows["official_role"]), "region_count": 5,
        "figure_count": 5, "money_figure_count": 4,
        "money_total": Decimal("5750000000.3"),  # summed from the digits COPY sends, as numeric sums them
        "ranking_count": 1, "ranking_item_count": 3, "campaign_count": 2, "meeting_count": 1, "keyword_count": 2,
    }
    assert len(rows["official_role"]) == 6
