"""Pure parts of etl.validate (no Great Expectations): flattening, derived columns, the failure-rate
threshold, and the database URL and query text handed to GX."""

from __future__ import annotations

import datetime as dt

import pytest

from etl.validate import BatchRejected, check_failure_rate, sqlalchemy_url
from etl.validate.frames import (
    COLUMNS,
    FRAMES,
    calendar_date,
    flatten,
    has_pinyin_debris,
    is_simplified,
    row_count,
)
from etl.validate.staging import run_query
from etl.validate.suites import staging_query, suite_names
from tests.unit.test_validate_records import BODY, good_record


def rows(table: dict[str, list]) -> list[dict]:
    """A flattened table (column → values) as one dict per row."""
    return [dict(zip(table, values)) for values in zip(*table.values())]


def test_flatten_gives_one_row_per_item_with_its_record_index():
    tables = flatten([good_record(0), good_record(1)])
    assert set(tables) == set(FRAMES)
    for name, table in tables.items():
        assert list(table) == list(COLUMNS[name]), name
        assert {len(values) for values in table.values()} == {row_count(table)}, name
    counts = {name: row_count(table) for name, table in tables.items()}
    # per record: 1 article, 1 official with 2 roles, 2 mentions, 4 regions, 3 figures,
    # 1 ranking of 2 items, 1 campaign, 1 meeting
    assert counts == {
        "articles": 2,
        "officials": 4,
        "official_mentions": 4,
        "regions": 8,
        "figures": 6,
        "rankings": 4,
        "campaigns": 2,
        "meetings": 2,
    }
    assert tables["officials"]["record_index"] == [0, 0, 1, 1]
    assert [(r["item"], r["rank"]) for r in rows(tables["rankings"])[:2]] == [("杞县", 1), ("顺河回族区", 2)]


def test_flatten_derives_the_columns_the_suites_check():
    tables = {name: rows(table) for name, table in flatten([good_record(0)]).items()}
    article = tables["articles"][0]
    assert article["published_on"] == dt.datetime(2023, 3, 8)
    assert article["body_is_simplified"] is True and article["body_has_pinyin_debris"] is False
    money, percent, rank = tables["figures"]
    assert money["money_value"] == 4560000000 and money["percent_value"] is None
    assert percent["percent_value"] == 12.5 and percent["money_value"] is None
    assert rank["money_value"] is None and rank["body_length"] == len(BODY)
    assert tables["campaigns"][0]["count"] == 1 and tables["campaigns"][0]["span_end"] > 0


def test_flatten_survives_wrong_shapes():
    tables = flatten([None, {"officials": "x", "figures": [1, {"value": "12"}], "rankings": [{"items": None}]}])
    assert row_count(tables["articles"]) == 2 and tables["articles"]["body"] == [None, None]
    assert row_count(tables["officials"]) == 0 and row_count(tables["rankings"]) == 0
    assert tables["figures"]["value"] == [None]  # a number as text is not a number


def test_non_finite_counts_and_spans_are_null_not_a_crash():
    record = good_record(0)
    record["regions"][0]["count"] = float("nan")
    record["regions"][1]["span"] = [float("inf"), 5]
    regions = rows(flatten([record])["regions"])
    assert regions[0]["count"] is None
    assert (regions[1]["span_start"], regions[1]["span_end"]) == (None, 5)


def test_official_without_roles_gives_a_row_with_null_role():
    record = good_record(0)
    record["officials"][0]["roles"] = []
    assert flatten([record])["officials"]["role"] == [None]


def test_malformed_span_fails_the_start_bound():
    record = good_record(0)
    record["regions"][0]["span"] = [3]
    assert flatten([record])["regions"]["span_start"][0] == -1


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2022-02-19T20:08:00+08:00", dt.datetime(2022, 2, 19)),
        ("2022-03-08", dt.datetime(2022, 3, 8)),
        ("--12-25", None),
        ("2022-02-30", None),
        ("2022/03/08", None),
        (None, None),
        (20220308, None),
    ],
)
def test_calendar_date(value, expected):
    assert calendar_date(value) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("项目建设推进会议", True),
        ("著名企业显著提升，干部群众签署协议", True),
        ("項目建設推進會議", False),
        ("项目建设（后台）發展", False),
        (None, None),
    ],
)
def test_is_simplified(text, expected):
    assert is_simplified(text) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("重点项目（xiàngmù）建设", True),
        ("会议 (Zhōng Yuán) 召开", True),
        ("一批项目【jiàn shè】", True),
        ("GDP增长（GDP）", False),
        ("PPP项目(PPP)和5G", False),
        ("没有括号的 xiàngmù 拼音", False),
        (None, None),
    ],
)
def test_has_pinyin_debris(text, expected):
    assert has_pinyin_debris(text) is expected


def test_failure_rate_at_the_limit_passes():
    assert check_failure_rate(10, 2, 0.2) == pytest.approx(0.2)
    assert check_failure_rate(0, 0, 0.0) == 0.0


def test_failure_rate_above_the_limit_rejects_the_batch():
    with pytest.raises(BatchRejected, match=r"3 of 10 records quarantined \(30.0%\).*20.0%") as caught:
        check_failure_rate(10, 3, 0.2)
    assert (caught.value.n_total, caught.value.n_quarantined, caught.value.max_rate) == (10, 3, 0.2)


@pytest.mark.parametrize("args", [(5, 6, 0.2), (-1, 0, 0.2), (5, 1, 1.5)])
def test_failure_rate_refuses_impossible_input(args):
    with pytest.raises(ValueError):
        check_failure_rate(*args)


def test_socket_url_becomes_a_sqlalchemy_url_with_the_socket_folder_as_host():
    from sqlalchemy.engine import make_url

    url = sqlalchemy_url("postgresql://postgres@%2Fwork%2Fmain%2F.newsetl%2Fpgdata/newsetl")
    parsed = make_url(url)
    assert parsed.drivername == "postgresql+psycopg"
    assert parsed.host is None and parsed.query["host"] == "/work/main/.newsetl/pgdata"
    assert (parsed.username, parsed.database) == ("postgres", "newsetl")


def test_keyword_conninfo_keeps_port_password_and_options():
    from sqlalchemy.engine import make_url

    url = sqlalchemy_url("host=127.0.0.1 port=5433 user=etl password='p@ss:/w' dbname=dw sslmode=disable")
    parsed = make_url(url)
    assert (parsed.host, parsed.port, parsed.username, parsed.password, parsed.database) == (
        "127.0.0.1",
        5433,
        "etl",
        "p@ss:/w",
        "dw",
    )
    assert parsed.query["sslmode"] == "disable"


def test_socket_folder_given_as_keyword():
    from sqlalchemy.engine import make_url

    assert make_url(sqlalchemy_url("host=/var/run/postgresql dbname=x")).query["host"] == "/var/run/postgresql"


def test_run_query_quotes_the_run_id_as_a_literal_that_survives_sqlalchemy_text():
    from sqlalchemy import text
    from sqlalchemy.dialects import postgresql

    run_id = "manual__2024-06-01T10:00:00+00:00 :x O'Brien"
    sql = run_query("select * from staging.article as a where a.run_id = :run_id", run_id)
    compiled = text(sql).compile(dialect=postgresql.dialect())  # what GX does with the query text
    assert compiled.params == {}
    assert str(compiled).endswith("where a.run_id = 'manual__2024-06-01T10:00:00+00:00 :x O''Brien'")


@pytest.mark.parametrize("name", suite_names("staging_"))
def test_staging_queries_are_selects_filtered_by_run(name):
    query = staging_query(name)
    assert query.lower().startswith("select") and ":run_id" in query
