"""
### news_etl: raw news pages → validated records → PostgreSQL star schema

Every hour, picks up the files that are new or changed in the landing folder
(`NEWSETL_LANDING`), and carries them through:

1. **discover_files**: new or changed files only (size and mtime against `meta.landed_file`), cut into batches.
2. **extract_records** (mapped, one task per batch): decode, clean, extract one record per file;
   unreadable files become quarantine lines with a reason.
3. **validate_records** (mapped): the Great Expectations record suites; failing records are quarantined,
   and a batch whose failure share passes `NEWSETL_MAX_FAILURE_RATE` fails the task.
4. **load_staging**: COPY the run's records and quarantine lines into `staging`.
5. **validate_staging**: the staging suites (unique keys, resolving references); a failure stops the run.
6. **publish_records**: one transaction from staging into `core` dimensions and facts (marts are views).
7. **report_run**: closes the run in `meta.pipeline_run` and logs what was loaded.

Tasks hand each other paths and counts, never data, so any worker that sees the work folder
(`NEWSETL_WORK`) and the warehouse can run any task. The warehouse is the Airflow connection
`news_dw` when defined (`AIRFLOW_CONN_NEWS_DW`), else `NEWSETL_WAREHOUSE_URL`, else the embedded
PostgreSQL. All logic lives in `etl/`; this file only wires it.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from airflow.sdk import dag, get_current_context, task

CONN_ID = "news_dw"


def warehouse_conninfo() -> str:
    """The Airflow connection `news_dw` as a libpq conninfo, or newsetl's own default."""
    from airflow.sdk import BaseHook
    from airflow.sdk.exceptions import AirflowNotFoundException

    from etl import warehouse

    try:
        conn = BaseHook.get_connection(CONN_ID)
    except AirflowNotFoundException:
        return warehouse.url()
    return warehouse.conninfo_from_parts(host=conn.host, port=conn.port, user=conn.login,
                                         password=conn.password, dbname=conn.schema)


def _run_id() -> str:
    return get_current_context()["run_id"]


@dag(
    dag_id="news_etl",
    schedule="@hourly",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=1)},
    doc_md=__doc__,
    tags=["newsetl"],
)
def news_etl():
    @task
    def discover_files() -> list[str]:
        from etl import pipeline

        conninfo = warehouse_conninfo()
        pipeline.prepare_warehouse(conninfo)
        return pipeline.discover_files(conninfo, _run_id())["batches"]

    @task
    def extract_records(batch_path: str) -> dict:
        from etl import pipeline

        return pipeline.extract_batch(batch_path)

    @task
    def validate_records(extracted: dict) -> dict:
        from etl import pipeline

        return pipeline.validate_batch(warehouse_conninfo(), _run_id(), extracted)

    @task
    def load_staging(validated: list[dict]) -> dict:
        from etl import pipeline

        return pipeline.load_staging(warehouse_conninfo(), _run_id(), list(validated))

    @task
    def validate_staging(staged: dict) -> dict:
        from etl import pipeline

        return pipeline.validate_staging(warehouse_conninfo(), _run_id())

    @task
    def publish_records(validated: list[dict], audited: dict) -> dict:
        from etl import pipeline

        return pipeline.publish_run(warehouse_conninfo(), _run_id(), list(validated))

    @task
    def report_run(published: dict) -> dict:
        from etl import pipeline

        return pipeline.finish_run(warehouse_conninfo(), _run_id(), published)

    batches = discover_files()
    extracted = extract_records.expand(batch_path=batches)
    validated = validate_records.expand(extracted=extracted)
    staged = load_staging(validated)
    audited = validate_staging(staged)
    published = publish_records(validated, audited)
    report_run(published)


news_etl()
