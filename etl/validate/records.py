"""Validate a batch of extraction records with the `records_*` suites; quarantine the records that fail.

The batch is flattened into one table per record section (etl.validate.frames)
and each suite runs on its table in two passes over one loaded batch:

1. the whole suite with result_format BOOLEAN_ONLY: which expectations fail;
2. only those, with COMPLETE and `unexpected_index_column_names: [record_index]`:
   their counts, sample values and every unexpected row, each traced back to its
   record through `record_index`.

GX's cost is mostly per expectation and per metric, hardly per row, and COMPLETE
asks every expectation for three more metrics (unexpected values, index list and
query); a batch of real records fails a handful of expectations, so the second
pass is small. Passed records, quarantine lines and the failed expectations'
details are those a single COMPLETE pass gives; a passing expectation's summary
has no counts (its unexpected count is 0 and the suite's `rows` its element count).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from etl.validate import frames, runner

TARGET = "records"
FIRST_FORMAT = {"result_format": "BOOLEAN_ONLY"}
ROWS_FORMAT = {"result_format": "COMPLETE", "unexpected_index_column_names": ["record_index"]}
# Dates in these articles are written in China time; "the future" starts after today there.
ARTICLE_TIME_ZONE = ZoneInfo("Asia/Shanghai")


@dataclass
class RecordValidation:
    """The outcome of one batch.

    passed: the records that met every expectation, in batch order.
    quarantined: quarantine lines (docs/RECORD.md) with stage "validate", in batch order.
    results: one summary per suite run (runner.summarize).
    """

    passed: list[dict] = field(default_factory=list)
    quarantined: list[dict] = field(default_factory=list)
    results: list[dict] = field(default_factory=list)


def suite_name(frame: str) -> str:
    return f"records_{frame}"


def today_in_china(now: dt.datetime | None = None) -> dt.date:
    """The current date in China time (or that of `now`, an aware datetime)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    return now.astimezone(ARTICLE_TIME_ZONE).date()


def expectation_parameters(today: dt.date) -> dict:
    """Values of the suites' `$PARAMETER`s: the latest allowed date."""
    return {"today": dt.datetime(today.year, today.month, today.day)}


def dataframe(frame: str, table: dict[str, list]):
    """A pandas DataFrame of a flattened table (frames.flatten), its columns typed as frames.COLUMNS says."""
    import pandas as pd

    columns = frames.COLUMNS[frame]
    if frames.row_count(table):
        df = pd.DataFrame(table, columns=list(columns))
    else:  # empty lists would give float columns; an empty table has untyped columns until cast below
        df = pd.DataFrame(columns=list(columns), dtype=object)
    for column, kind in columns.items():
        if kind == "date":
            # Python datetimes (None for no date) in an object column: GX's between compares them
            # as they are, where a datetime64 column it first converts value by value to Timestamps.
            df[column] = pd.Series(table[column], index=df.index, dtype=object)
        elif kind == "number":
            df[column] = pd.to_numeric(df[column])
        else:
            df[column] = df[column].astype(object)
    return df


def failures_by_record(result, frame: str) -> dict[int, set[str]]:
    """record_index → labels of the failed expectations that one of its rows did not meet.

    Raises runner.ValidationError for a failed expectation that names no rows:
    every record suite is row-level, so such a result cannot be attributed."""
    out: dict[int, set[str]] = {}
    for r in result.results:
        if r.success:
            continue
        rows = r.result.get("unexpected_index_list")
        if not rows:
            raise runner.ValidationError(
                f"{runner.label(r.expectation_config, frame)} failed without naming rows; "
                "record suites must hold row-level expectations only"
            )
        for row in rows:
            out.setdefault(int(row["record_index"]), set()).add(runner.label(r.expectation_config, frame))
    return out


def quarantine_line(record: dict, failed: list[str]) -> dict:
    """The quarantine line (docs/RECORD.md) of a record that failed the listed expectations."""
    record = record if isinstance(record, dict) else {"value": record}
    return {
        "file": record.get("file"),
        "source_path": record.get("source_path") or record.get("file"),
        "sha256": record.get("sha256"),
        "stage": "validate",
        "reason": f"failed {len(failed)} expectation{'s' if len(failed) != 1 else ''}: {'; '.join(failed)}",
        "failed_expectations": failed,
        "record": record,
    }


def validate_suite(frame: str, df, params: dict):
    """Run the frame's suite on `df` in two passes (see the module docstring); the suite result,
    in which every failed expectation carries its COMPLETE result. Raises runner.ValidationError
    when GX could not evaluate an expectation."""
    name = suite_name(frame)
    validator = runner.validator(frame, df, FIRST_FORMAT)
    result = validator.validate_expectation_suite(runner.suite(name), params)
    runner.raise_on_errors(result, name, frame)
    failed = {r.expectation_config.id: k for k, r in enumerate(result.results) if not r.success}
    if failed:
        validator.result_format = ROWS_FORMAT  # the same validator: the batch is not loaded again
        rows = validator.validate_expectation_suite(runner.partial_suite(name, set(failed)), params)
        runner.raise_on_errors(rows, name, frame)
        for r in rows.results:
            result.results[failed.pop(r.expectation_config.id)] = r
        if failed:
            raise runner.ValidationError(f"suite {name}: the second pass left out {len(failed)} failed expectations")
    return result


def validate_records(records: list[dict], *, today: dt.date | None = None) -> RecordValidation:
    """Run every record suite once on the batch; split it into passed records and quarantine lines.

    `today` is the latest date a record may carry (default: today in China time).
    Records of any shape are accepted: a missing or mistyped field fails an
    expectation and quarantines its record. Raises runner.ValidationError when GX
    cannot evaluate an expectation (a defect in a suite, not in the data).
    """
    if not records:
        return RecordValidation()
    params = expectation_parameters(today or today_in_china())
    failed: dict[int, set[str]] = {}
    results = []
    for frame, table in frames.flatten(records).items():
        result = validate_suite(frame, dataframe(frame, table), params)
        for index, labels in failures_by_record(result, frame).items():
            failed.setdefault(index, set()).update(labels)
        results.append(runner.summarize(result, suite_name(frame), frame, TARGET, rows=frames.row_count(table)))
    passed = [r for i, r in enumerate(records) if i not in failed]
    quarantined = [quarantine_line(records[i], sorted(failed[i])) for i in sorted(failed)]
    return RecordValidation(passed=passed, quarantined=quarantined, results=results)
