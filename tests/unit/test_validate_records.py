"""The record suites on hand-written records: a good record passes, each defect quarantines its record
with the expectation that caught it. These tests import Great Expectations (about ten seconds, once)."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import math
import time

import pytest

from etl.validate import RecordValidation, SuiteFileError, ValidationError, validate_records
from etl.validate.frames import FRAMES, flatten
from etl.validate.suites import SUITES_DIR, load_suite, read_suite_file, suite_names

BODY = (
    "开封市召开重点项目推进会。"
    "市长林书远主持会议并讲话。"
    "今年全市计划完成投资45.6亿元，同比增长12.5%。"
    "杞县、顺河回族区排名前两位。"
    "会议要求坚持“项目为王”。"
)
TODAY = dt.date(2024, 6, 1)


def sentence(fragment: str) -> list[int]:
    """[start, end) of the sentence of BODY holding `fragment`."""
    at = BODY.index(fragment)
    start = BODY.rfind("。", 0, at) + 1
    return [start, BODY.index("。", at) + 1]


def good_record(n: int = 0) -> dict:
    """A record meeting every expectation (invented people, real places); `n` makes it distinct."""
    name = f"{n:03d}_sample.txt"
    return copy.deepcopy(
        {
            "file": name,
            "source_path": f"henan/{name}",
            "sha256": hashlib.sha256(name.encode()).hexdigest(),
            "extractor_version": "0.1.0",
            "encoding": "utf-8",
            "container": "text",
            "article": {
                "title": "开封市召开重点项目推进会",
                "published_at": "2023-03-08T09:30:00+08:00",
                "event_date": "2023-03-07",
                "source": "开封日报",
                "editors": ["周明"],
                "reporters": ["陈晓"],
                "url": "http://example.org/news/1.html",
                "script": "simplified",
                "region": {"name": "开封市", "admin_code": "410200"},
                "body": BODY,
            },
            "meetings": [
                {
                    "name": "重点项目推进会",
                    "type": "推进会",
                    "date": "2023-03-07",
                    "host": "林书远",
                    "form": "in_person",
                    "span": sentence("推进会"),
                }
            ],
            "officials": [
                {
                    "name": "林书远",
                    "titles": ["市长"],
                    "roles": ["host", "speaker"],
                    "mentions": [
                        {"role": "host", "title": "市长", "span": sentence("林书远")},
                        {"role": "speaker", "title": "市长", "span": sentence("林书远")},
                    ],
                }
            ],
            "regions": [
                {
                    "name": "开封市",
                    "admin_code": "410200",
                    "level": "prefecture",
                    "span": sentence("开封市"),
                    "count": 1,
                },
                {
                    "name": "杞县",
                    "admin_code": "410221",
                    "level": "county",
                    "span": sentence("杞县"),
                    "count": 1,
                },
                {
                    "name": "顺河回族区",
                    "admin_code": "410203",
                    "level": "county",
                    "span": sentence("杞县"),
                    "count": 1,
                },
                {
                    "name": "经济技术开发区",
                    "admin_code": None,
                    "level": "zone",
                    "span": sentence("杞县"),
                    "count": 1,
                },
            ],
            "figures": [
                {
                    "kind": "money",
                    "value": 4560000000,
                    "unit": "元",
                    "text": "45.6亿元",
                    "span": sentence("亿元"),
                },
                {
                    "kind": "percent",
                    "value": 12.5,
                    "unit": "%",
                    "text": "增长12.5%",
                    "span": sentence("亿元"),
                },
                {"kind": "rank", "value": 2, "unit": "位", "text": "前两位", "span": sentence("杞县")},
            ],
            "rankings": [{"list": "排名", "items": ["杞县", "顺河回族区"], "span": sentence("杞县")}],
            "campaigns": ["项目为王"],
            "campaign_mentions": [{"text": "项目为王", "span": sentence("项目为王"), "count": 1}],
            "keywords": [{"term": "项目", "weight": 0.3}],
        }
    )


def _set(path: str, value):
    """A mutator that sets record[path] (dotted, list indexes as digits) to value."""

    def mutate(record: dict) -> None:
        *parents, last = path.split(".")
        node = record
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        node[int(last) if last.isdigit() else last] = value

    return mutate


def _body(transform):
    def mutate(record: dict) -> None:
        record["article"]["body"] = transform(record["article"]["body"])

    return mutate


FUTURE = (TODAY + dt.timedelta(days=3)).isoformat()

DEFECTS = {
    "five-character official name": (
        _set("officials.0.name", "林书远远远"),
        "expect_column_values_to_match_regex(officials.name)",
    ),
    "role boss": (
        _set("officials.0.roles", ["host", "boss"]),
        "expect_column_values_to_be_in_set(officials.role)",
    ),
    "mention role boss": (
        _set("officials.0.mentions.0.role", "boss"),
        "expect_column_values_to_be_in_set(official_mentions.role)",
    ),
    "unknown region admin code": (
        _set("regions.1.admin_code", "419999"),
        "expect_column_values_to_be_in_set(regions.admin_code_known)",
    ),
    "unknown article admin code": (
        _set("article.region.admin_code", "419999"),
        "expect_column_values_to_be_in_set(articles.region_code_known)",
    ),
    "admin code not six digits": (
        _set("regions.1.admin_code", "41022"),
        "expect_column_values_to_match_regex(regions.admin_code)",
    ),
    "region level city": (
        _set("regions.0.level", "city"),
        "expect_column_values_to_be_in_set(regions.level)",
    ),
    "traditional characters in body": (
        _body(lambda b: b.replace("会议", "會議")),
        "expect_column_values_to_be_in_set(articles.body_is_simplified)",
    ),
    "pinyin debris in body": (
        _body(lambda b: b + "（xiàng mù）"),
        "expect_column_values_to_be_in_set(articles.body_has_pinyin_debris)",
    ),
    "future published date": (
        _set("article.published_at", FUTURE),
        "expect_column_values_to_be_between(articles.published_on)",
    ),
    "future event date": (
        _set("article.event_date", FUTURE),
        "expect_column_values_to_be_between(articles.event_on)",
    ),
    "future meeting date": (
        _set("meetings.0.date", FUTURE),
        "expect_column_values_to_be_between(meetings.meeting_on)",
    ),
    "malformed published date": (
        _set("article.published_at", "2023/03/08"),
        "expect_column_values_to_match_regex(articles.published_at)",
    ),
    "month 13": (
        _set("article.event_date", "2023-13-01"),
        "expect_column_values_to_match_regex(articles.event_date)",
    ),
    "negative money": (
        _set("figures.0.value", -4560000000),
        "expect_column_values_to_be_between(figures.money_value)",
    ),
    "infinite money": (
        _set("figures.0.value", math.inf),
        "expect_column_values_to_be_between(figures.money_value)",
    ),
    "NaN figure": (_set("figures.2.value", math.nan), "expect_column_values_to_not_be_null(figures.value)"),
    "percent out of range": (
        _set("figures.1.value", 5000.0),
        "expect_column_values_to_be_between(figures.percent_value)",
    ),
    "unknown figure kind": (
        _set("figures.2.kind", "ordinal"),
        "expect_column_values_to_be_in_set(figures.kind)",
    ),
    "unknown figure unit": (
        _set("figures.2.unit", "bananas"),
        "expect_column_values_to_be_in_set(figures.unit)",
    ),
    "span past the body": (
        _set("figures.0.span", [26, 500]),
        "expect_column_pair_values_a_to_be_greater_than_b(figures.body_length,span_end)",
    ),
    "span start after end": (
        _set("regions.0.span", [10, 3]),
        "expect_column_pair_values_a_to_be_greater_than_b(regions.span_end,span_start)",
    ),
    "negative span start": (
        _set("meetings.0.span", [-1, 13]),
        "expect_column_values_to_be_between(meetings.span_start)",
    ),
    "mention without span": (
        _set("officials.0.mentions.1.span", None),
        "expect_column_values_to_not_be_null(official_mentions.span_start)",
    ),
    "bad sha256": (_set("sha256", "abc123"), "expect_column_values_to_match_regex(articles.sha256)"),
    "missing file": (_set("file", None), "expect_column_values_to_not_be_null(articles.file)"),
    "unknown script": (_set("article.script", "latin"), "expect_column_values_to_be_in_set(articles.script)"),
    "missing body": (_set("article.body", None), "expect_column_values_to_not_be_null(articles.body)"),
    "official listed twice": (
        lambda r: r["officials"].append(copy.deepcopy(r["officials"][0])),
        "expect_compound_columns_to_be_unique(officials.record_index,name,role)",
    ),
    "campaign with quotes": (
        _set("campaigns.0", "“项目为王”"),
        "expect_column_values_to_not_match_regex(campaigns.text)",
    ),
    "meeting host not a name": (
        _set("meetings.0.host", "市政府办公室主任"),
        "expect_column_values_to_match_regex(meetings.host)",
    ),
    "unknown meeting form": (
        _set("meetings.0.form", "online"),
        "expect_column_values_to_be_in_set(meetings.form)",
    ),
}


@pytest.fixture(scope="module")
def good_outcome() -> RecordValidation:
    return validate_records([good_record(0), good_record(1)], today=TODAY)


def test_good_records_pass_every_suite(good_outcome):
    assert good_outcome.passed == [good_record(0), good_record(1)]
    assert good_outcome.quarantined == []
    assert sorted(r["suite"] for r in good_outcome.results) == sorted(f"records_{f}" for f in FRAMES)
    for result in good_outcome.results:
        assert result["target"] == "records" and result["success"] is True and result["failed"] == 0
        assert result["evaluated"] == len(read_suite_file(result["suite"])["expectations"])
    json.dumps(good_outcome.results)  # the results are stored as JSON


def optional_fields_record(n: int) -> dict:
    """A good record whose optional fields are empty or null, and whose event date has no year."""
    record = good_record(n)
    record["article"].update(published_at=None, event_date="--03-07", title=None, url=None, region=None)
    record["meetings"][0].update(date=None, host=None, form=None)
    record.update(rankings=[], campaigns=[], campaign_mentions=[], figures=[])
    return record


@pytest.fixture(scope="module")
def defect_batch() -> tuple[list[dict], RecordValidation]:
    """One batch, validated once as in production: a good record, one record per defect, a record with
    only the required fields, two shapeless records, two records sharing a source_path, a good record."""
    batch = [good_record(0)]
    for n, (mutate, _) in enumerate(DEFECTS.values(), start=1):
        record = good_record(n)
        mutate(record)
        batch.append(record)
    n = len(batch)
    twin = good_record(n + 4)
    twin["source_path"] = good_record(n + 3)["source_path"]
    batch += [
        optional_fields_record(n),
        {"file": "shapeless.txt"},
        {"officials": "not a list"},
        good_record(n + 3),
        twin,
        good_record(n + 5),
    ]
    return batch, validate_records(batch, today=TODAY)


def test_only_the_defective_records_are_quarantined(defect_batch):
    batch, outcome = defect_batch
    n = len(DEFECTS) + 1
    assert outcome.passed == [batch[0], batch[n], batch[-1]]
    assert [q["record"] for q in outcome.quarantined] == batch[1:n] + batch[n + 1 : -1]
    json.dumps(outcome.results)  # the results are stored as JSON
    json.dumps(outcome.quarantined, allow_nan=True)


@pytest.mark.parametrize("defect", list(DEFECTS))
def test_defect_quarantines_its_record_naming_the_expectation(defect_batch, defect):
    batch, outcome = defect_batch
    expected = DEFECTS[defect][1]
    bad = batch[list(DEFECTS).index(defect) + 1]
    line = next(q for q in outcome.quarantined if q["record"] is bad)
    assert expected in line["failed_expectations"], line["failed_expectations"]
    assert expected in line["reason"]
    assert line["stage"] == "validate"
    assert line["sha256"] == bad["sha256"]
    assert line["source_path"] == (bad["source_path"] or bad["file"])
    suite = "records_" + expected.split("(")[1].split(".")[0]
    assert next(r for r in outcome.results if r["suite"] == suite)["success"] is False


def test_records_without_year_or_optional_fields_pass(defect_batch):
    batch, outcome = defect_batch
    assert batch[len(DEFECTS) + 1] in outcome.passed


def test_shapeless_records_are_quarantined_not_crashing(defect_batch):
    _, outcome = defect_batch
    shapeless = [q for q in outcome.quarantined if q["sha256"] is None]
    assert [q["file"] for q in shapeless] == ["shapeless.txt", None]
    assert all("expect_column_values_to_not_be_null(articles.body)" in q["failed_expectations"] for q in shapeless)


def test_summaries_detail_the_failed_expectations(defect_batch):
    batch, outcome = defect_batch
    figures = next(r for r in outcome.results if r["suite"] == "records_figures")
    entries = {e["expectation"]: e for e in figures["details"]["expectations"]}
    money = entries["expect_column_values_to_be_between(figures.money_value)"]
    bad = [batch.index(q["record"]) for q in outcome.quarantined if money["expectation"] in q["failed_expectations"]]
    assert money["success"] is False and money["unexpected_count"] == len(bad) == 2
    assert money["element_count"] == figures["details"]["rows"]
    assert money["sample"][0] == -4560000000 and [w["record_index"] for w in money["where"]] == bad
    passing = entries["expect_column_values_to_not_be_null(figures.kind)"]
    assert passing["success"] is True and passing["unexpected_count"] is None  # counted only when failing
    assert figures["failed"] == sum(not e["success"] for e in entries.values())


def test_records_sharing_a_source_path_are_both_quarantined(defect_batch):
    batch, outcome = defect_batch
    twins = [q for q in outcome.quarantined if q["record"] in batch[-3:-1]]
    assert len(twins) == 2
    assert all(q["failed_expectations"] == ["expect_column_values_to_be_unique(articles.source_path)"] for q in twins)


def test_the_future_bound_is_the_day_of_validation_not_a_date_in_the_suite():
    record = good_record(0)
    record["article"]["published_at"] = "2024-06-01T08:00:00+08:00"
    assert validate_records([record], today=dt.date(2024, 6, 1)).quarantined == []
    late = validate_records([record], today=dt.date(2024, 5, 31))
    assert late.quarantined[0]["failed_expectations"] == ["expect_column_values_to_be_between(articles.published_on)"]
    assert "2024" not in (SUITES_DIR / "records_articles.json").read_text(encoding="utf-8")


def test_an_expectation_gx_cannot_evaluate_raises_not_quarantines(good_outcome):
    from etl.validate import records

    table = flatten([good_record(0)])["regions"]
    df = records.dataframe("regions", table).drop(columns=["level"])  # a flattening defect, not bad data
    with pytest.raises(ValidationError, match=r"regions\.level\) could not be evaluated"):
        records.validate_suite("regions", df, records.expectation_parameters(TODAY))


def test_empty_batch():
    assert validate_records([]) == RecordValidation([], [], [])


def test_500_records_validate_in_seconds(good_outcome):  # good_outcome: GX imported, suites loaded
    batch = [good_record(n) for n in range(500)]
    batch[7]["officials"][0]["roles"] = ["boss"]
    started = time.perf_counter()
    outcome = validate_records(batch, today=TODAY)
    elapsed = time.perf_counter() - started
    assert len(outcome.passed) == 499 and [q["file"] for q in outcome.quarantined] == ["007_sample.txt"]
    assert elapsed < 20, f"500 records took {elapsed:.1f} s"


@pytest.mark.parametrize("name", suite_names("records_") + suite_names("staging_"))
def test_suite_files_load_whole_and_are_gx_serializations(name):
    written = read_suite_file(name)
    loaded = load_suite(name)
    assert len(loaded.expectations) == len(written["expectations"])
    serialized = loaded.to_json_dict()
    assert serialized["name"] == written["name"] == name
    assert [(e["type"], e["kwargs"]) for e in serialized["expectations"]] == [
        (e["type"], e["kwargs"]) for e in written["expectations"]
    ]


def test_every_frame_has_its_suite_and_every_staging_suite_its_query():
    assert suite_names("records_") == sorted(f"records_{f}" for f in FRAMES)
    for name in suite_names("staging_"):
        assert (SUITES_DIR / f"{name}.sql").is_file()


def test_a_suite_file_with_an_unknown_expectation_is_refused(tmp_path):
    doc = read_suite_file("records_officials")
    doc["name"] = "records_broken"
    doc["expectations"].append({"type": "expect_column_values_to_be_wonderful", "kwargs": {"column": "name"}})
    (tmp_path / "records_broken.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(SuiteFileError, match="expect_column_values_to_be_wonderful"):
        load_suite("records_broken", tmp_path)
