"""Validate the staging tables of one run with the `staging_*` suites, through a GX SQL data source.

Each suite `staging_<name>` validates the rows of its query (`expectations/staging_<name>.sql`,
`:run_id` the run). The one suite, `staging_audit`, validates staging.audit: one row per staging
table of the run with its row count and how many rows break each rule (missing values, duplicate
keys, facts whose article is not in the run, codes outside their sets, unknown regions, malformed
values), computed first by `audit_staging` (sql/load/audit_staging.sql); every
count must be 0. PostgreSQL does the row-level work once, and GX (which runs its query again for
every metric) reads eight rows.
"""

from __future__ import annotations

import hashlib
import uuid
from functools import lru_cache

from etl.validate import runner
from etl.validate.suites import staging_query, suite_names

TARGET = "staging"
# the audit query has one row per staging table: a failed expectation names the tables that broke it
RESULT_FORMAT = {"result_format": "COMPLETE", "unexpected_index_column_names": ["table_name"]}
_SQLALCHEMY_DRIVER = "postgresql+psycopg"


def sqlalchemy_url(conninfo: str) -> str:
    """The SQLAlchemy URL (psycopg 3 driver) of a libpq conninfo, URL or `key=value` form.

    A host that is a socket folder (a percent-encoded path in a libpq URL, or
    `host=/path`) goes into the query string, where SQLAlchemy expects it; other
    libpq parameters (sslmode, options …) follow it there. The password is kept in
    clear, as the engine needs it. Raises psycopg.ProgrammingError for text that
    is not a conninfo.
    """
    from psycopg.conninfo import conninfo_to_dict
    from sqlalchemy.engine import URL

    params = {k: str(v) for k, v in conninfo_to_dict(conninfo).items()}
    host = params.pop("host", None)
    port = params.pop("port", None)
    query = {}
    if host and (host.startswith("/") or "," in host):
        query["host"], host = host, None
    query.update(sorted((k, v) for k, v in params.items() if k not in ("user", "password", "dbname")))
    url = URL.create(
        _SQLALCHEMY_DRIVER,
        username=params.get("user"),
        password=params.get("password"),
        host=host,
        port=int(port) if port else None,
        database=params.get("dbname"),
        query=query,
    )
    return url.render_as_string(hide_password=False)


def run_query(sql: str, run_id: str) -> str:
    """The suite's SELECT with the run id in place of `:run_id`, as SQL text for a GX query asset.

    GX query assets take SQL text without bind parameters, so the value is quoted
    by SQLAlchemy's PostgreSQL dialect (literal_binds), not pasted in; every colon
    is then escaped because GX wraps the text in `sqlalchemy.text()` again, which
    would read a `:word` inside the value as a parameter.
    """
    from sqlalchemy import bindparam, text
    from sqlalchemy.dialects import postgresql

    statement = text(sql).bindparams(bindparam("run_id", value=str(run_id)))
    compiled = statement.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})
    return str(compiled).replace(":", "\\:")


@lru_cache(maxsize=None)
def _sql_source(url: str):
    """A GX SQL data source for `url`, made once per URL and process (it keeps its engine).

    A generic SQL source, not GX's PostgresDatasource: the latter validates the URL as a
    PostgresDsn, which refuses a unix-socket URL (no host part), the embedded server's form.
    """
    import warnings

    with runner.gx_lock, warnings.catch_warnings():
        # GX warns that a PostgresDatasource "may be more appropriate"; see above why it is not.
        warnings.filterwarnings("ignore", message="You are using a generic SQLDatasource")
        name = "staging-" + hashlib.sha256(url.encode()).hexdigest()[:12]
        return runner.context().data_sources.add_sql(name=name, connection_string=url)


def validate_staging(conninfo: str, run_id: str) -> list[dict]:
    """Run every staging suite on the run's staging rows; one summary per suite (runner.summarize).

    A suite with failed expectations gives `success: false` (the caller decides to stop); an
    expectation GX cannot evaluate (a missing table or column) raises runner.ValidationError, and an
    unreachable database raises GX's connection error.
    """
    with runner.gx_lock:  # one GX context per process: threads validating at once take turns
        return _validate_staging(conninfo, run_id)


def audit_staging(conninfo: str, run_id: str) -> None:
    """Compute the run's staging audit into staging.audit (replacing an earlier one), in one statement.

    It runs on one session: the pipeline runs the suites beside the publish transaction
    (etl.pipeline.publish_run), which keeps the other core busy.
    """
    import psycopg

    from etl.load import sql_text

    params = {"run_id": run_id}
    with psycopg.connect(conninfo) as conn:
        conn.execute("delete from staging.audit where run_id = %(run_id)s", params)
        conn.execute(sql_text("load/audit_staging.sql"), params)


def _validate_staging(conninfo: str, run_id: str) -> list[dict]:
    audit_staging(conninfo, run_id)
    source = _sql_source(sqlalchemy_url(conninfo))
    results = []
    for name in suite_names("staging_"):
        table = "staging." + name.removeprefix("staging_")
        asset_name = f"{name}-{uuid.uuid4().hex[:12]}"
        asset = source.add_query_asset(name=asset_name, query=run_query(staging_query(name), run_id))
        try:
            batch = asset.add_batch_definition_whole_table("run").get_batch()
            result = batch.validate(runner.suite(name), result_format=RESULT_FORMAT)
        finally:
            # One asset per (suite, run): dropping it keeps a long-lived process from collecting them.
            source.delete_asset(asset_name)
        runner.raise_on_errors(result, name, table)
        results.append(runner.summarize(result, name, table, TARGET, run_id=run_id))
    return results
