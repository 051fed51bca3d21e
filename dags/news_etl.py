"""
### news_etl: raw news pages → validated records → PostgreSQL star schema

Every hour, picks up the files that are new or changed in the landing folder
(`NEWSETL_LANDING`), and carries them through:

1. **discover_files**: the landing listing against `meta.landed_file` (size and mtime; unchanged files are
   neither read nor hashed), written as batch files of `NEWSETL_BATCH_SIZE` files to the work folder.
2. **process_batch** (mapped, one task per batch, any order, on any worker): decode, clean, extract one
   record per file; run the Great Expectations record suites (failing records are quarantined with the
   failed expectations; a batch whose failure share passes `NEWSETL_MAX_FAILURE_RATE` fails the task);
   COPY records, quarantine lines and the files' size/mtime into `staging`, replacing the run's earlier
   rows of the same files (a retry never doubles).
3. **publish_records**: one transaction, under an advisory lock, from staging into `core` dimensions and
   facts and `meta.landed_file` (marts are views). The Great Expectations staging suites (unique keys,
   resolving references) run beside it on a session of their own, and it commits only if they pass:
   a failure publishes nothing and fails the run.
4. **report_run**: closes the run in `meta.pipeline_run` and logs what was loaded.

Tasks hand each other locations and counts, never data, so any worker that reaches the landing
folder, the work folder (`NEWSETL_WORK`; both may be object-store URLs such as
`s3://aws_default@bucket/newsetl/work`, read through `ObjectStoragePath`) and the warehouse can run
any task. The warehouse is the Airflow connection `news_dw` when defined (`AIRFLOW_CONN_NEWS_DW`),
else `NEWSETL_WAREHOUSE_URL`, else the embedded PostgreSQL. All logic lives in `etl/`; this file only wires it.
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
    def process_batch(batch: str) -> dict:
        from etl import pipeline

        return pipeline.process_batch(warehouse_conninfo(), _run_id(), batch)

    @task
    def publish_records(processed: list[dict]) -> dict:
        from etl import pipeline

        return pipeline.publish_run(warehouse_conninfo(), _run_id())

    @task
    def report_run(published: dict) -> dict:
        from etl import pipeline

        return pipeline.finish_run(warehouse_conninfo(), _run_id(), published)

    batches = discover_files()
    processed = process_batch.expand(batch=batches)
    published = publish_records(processed)
    report_run(published)


news_etl()
