"""One in-memory GX Data Context per process, the suites loaded into it once, and result summaries.

`import great_expectations` takes five to ten seconds (less through `gx.import_gx`,
which every import here goes through), so nothing here imports it at module level;
the first call pays once and later batches reuse the context, its data sources and
its suites.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from functools import lru_cache
from typing import Any

from etl.validate.suites import load_suite

SAMPLE = 5  # unexpected values kept per failed expectation in a summary

gx_lock = threading.RLock()  # lru_cache alone would let two threads add the same suite or asset


class ValidationError(RuntimeError):
    """GX could not evaluate an expectation (a missing column, a type it cannot compare …).

    That is a defect in the suite or the flattening, not bad data, so it is raised
    rather than counted as a failed expectation."""


@lru_cache(maxsize=1)
def context():
    """The process's ephemeral (in-memory) Data Context, without progress bars."""
    from etl.validate.gx import import_gx

    gx = import_gx()
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
    )
    return gx.get_context(mode="ephemeral", project_config=config)


@lru_cache(maxsize=None)
def suite(name: str):
    """The suite `name` from its file, added to the context (once per process)."""
    with gx_lock:
        return context().suites.add(load_suite(name))


@lru_cache(maxsize=1)
def _records_source():
    with gx_lock:
        return context().data_sources.add_pandas("records")


@lru_cache(maxsize=None)
def dataframe_batch_definition(frame: str):
    """The whole-dataframe batch definition of the `records` pandas data source's asset `frame`."""
    with gx_lock:
        asset = _records_source().add_dataframe_asset(frame)
        return asset.add_batch_definition_whole_dataframe("batch")


def validator(frame: str, df: Any, result_format: dict):
    """A GX validator of `df` as the batch of the `records` asset `frame`.

    GX's v1 Validator is what `Batch.validate` and `ValidationDefinition.run` build for
    each run; used directly, it loads (and fingerprints) the batch once however many
    suites it runs, where `get_batch(...).validate(...)` loads it once more per run
    (and a ValidationDefinition keeps every result in the context's store)."""
    definition = dataframe_batch_definition(frame)  # imports GX
    from great_expectations.validator.v1_validator import Validator

    return Validator(definition, result_format=result_format, batch_parameters={"dataframe": df})


def partial_suite(name: str, ids: set[str]):
    """The expectations of suite `name` whose ids are given, as a suite of the same name that is not
    added to the context (their results carry the same ids)."""
    from etl.validate.gx import import_gx

    gx = import_gx()
    expectations = [e.configuration for e in suite(name).expectations if e.id in ids]
    return gx.ExpectationSuite(name=name, expectations=expectations)


def label(config: Any, frame: str) -> str:
    """`expect_…(frame.column)` for an expectation config; several columns are joined by commas."""
    kwargs = config.kwargs
    if "column" in kwargs:
        columns = [kwargs["column"]]
    elif "column_A" in kwargs:
        columns = [kwargs["column_A"], kwargs["column_B"]]
    else:
        columns = list(kwargs.get("column_list") or [])
    return f"{config.type}({frame}.{','.join(map(str, columns))})" if columns else f"{config.type}({frame})"


def _raised(exception_info: Any) -> str | None:
    """The exception message GX caught while evaluating, if any (its info is flat or keyed by metric)."""
    if not isinstance(exception_info, dict):
        return None
    infos = [exception_info] if "raised_exception" in exception_info else list(exception_info.values())
    for info in infos:
        if isinstance(info, dict) and info.get("raised_exception"):
            return str(info.get("exception_message"))
    return None


def raise_on_errors(result: Any, suite_name: str, frame: str) -> None:
    """Raise ValidationError when GX caught an exception evaluating any expectation of the suite result."""
    for r in result.results:
        message = _raised(r.exception_info)
        if message is not None:
            raise ValidationError(
                f"suite {suite_name}: {label(r.expectation_config, frame)} could not be evaluated: {message}"
            )


def jsonable(value: Any) -> Any:
    """Plain JSON values: numpy scalars unwrapped, dates as ISO text, NaN/inf as text."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (TypeError, ValueError):
            return str(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return str(value)


def summarize(result: Any, suite_name: str, frame: str, target: str, **extra: Any) -> dict:
    """One JSON-able line per suite run: suite, target, success, evaluated, failed, details.

    details lists every expectation with its element and unexpected counts (null when
    its result format did not count, as BOOLEAN_ONLY) and, when it failed, a few
    unexpected values and the rows that held them."""
    expectations = []
    for r in result.results:
        entry = {
            "expectation": label(r.expectation_config, frame),
            "success": bool(r.success),
            "element_count": jsonable(r.result.get("element_count")),
            "unexpected_count": jsonable(r.result.get("unexpected_count")),
        }
        if not r.success:
            entry["sample"] = jsonable(list(r.result.get("partial_unexpected_list") or [])[:SAMPLE])
            if r.result.get("unexpected_index_list"):  # which rows (e.g. which staging table) broke it
                entry["where"] = jsonable(list(r.result["unexpected_index_list"])[:SAMPLE])
        expectations.append(entry)
    stats = result.statistics
    return {
        "suite": suite_name,
        "target": target,
        "success": bool(result.success),
        "evaluated": int(stats["evaluated_expectations"]),
        "failed": int(stats["unsuccessful_expectations"]),
        "details": {**jsonable(extra), "expectations": expectations},
    }
