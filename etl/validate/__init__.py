"""Data quality with Great Expectations: record batches before loading, staging tables before publishing.

The suites are files in `expectations/` (GX's JSON, one per suite), loaded once
per process into an in-memory Data Context. Importing this package is cheap;
GX (five to ten seconds to import, less the scipy.stats and altair that `gx.import_gx`
defers) is loaded by the first validation.

- `validate_records(records)` → RecordValidation(passed, quarantined, results)
- `validate_staging(conninfo, run_id)` → one result per staging suite
- `check_failure_rate(n_total, n_quarantined, max_rate)` raises BatchRejected
- `warm_up()` pays GX's import, loads the record suites and the flattening's tables now (a worker's start-up)
"""

from __future__ import annotations

from etl.validate.records import RecordValidation, validate_records
from etl.validate.runner import ValidationError
from etl.validate.staging import sqlalchemy_url, validate_staging
from etl.validate.suites import SuiteFileError
from etl.validate.threshold import BatchRejected, check_failure_rate


def warm_up() -> None:
    """Import GX, build the in-memory context, load the record suites and data assets once, and the
    tables the flattening needs (OpenCC, gazetteer)."""
    from etl.validate import frames, runner
    from etl.validate.records import suite_name

    frames.warm_up()
    for frame in frames.COLUMNS:
        runner.suite(suite_name(frame))
        runner.dataframe_batch_definition(frame)


__all__ = [
    "BatchRejected",
    "RecordValidation",
    "SuiteFileError",
    "ValidationError",
    "check_failure_rate",
    "sqlalchemy_url",
    "validate_records",
    "validate_staging",
    "warm_up",
]
