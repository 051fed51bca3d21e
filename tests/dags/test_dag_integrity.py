"""The DAG file loads, is wired as documented, and is cheap to parse."""
import subprocess
import sys
from pathlib import Path

import pytest

DAGS = Path(__file__).resolve().parents[2] / "dags"


@pytest.fixture(scope="module")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS))


def test_dag_files_import_without_errors(dagbag):
    assert dagbag.import_errors == {}
    assert "news_etl" in dagbag.dag_ids


def test_news_etl_is_wired_in_pipeline_order(dagbag):
    from airflow.sdk.definitions.mappedoperator import MappedOperator

    dag = dagbag.dags["news_etl"]
    order = ["discover_files", "process_batch", "publish_records", "report_run"]
    assert set(dag.task_ids) == set(order)
    for upstream, downstream in zip(order, order[1:]):
        assert downstream in dag.get_task(upstream).downstream_task_ids
    assert isinstance(dag.get_task("process_batch"), MappedOperator), "process_batch should map over batches"


def test_news_etl_schedule_and_safety_settings(dagbag):
    dag = dagbag.dags["news_etl"]
    assert dag.max_active_runs == 1
    assert dag.catchup is False
    assert dag.doc_md and "discover_files" in dag.doc_md
    assert all(t.retries >= 1 for t in dag.tasks)


def test_dag_file_imports_nothing_heavy_and_opens_no_connection():
    probe = (
        "import sys, time, importlib.util\n"
        "import airflow.sdk\n"
        "t = time.monotonic()\n"
        f"spec = importlib.util.spec_from_file_location('news_etl', {str(DAGS / 'news_etl.py')!r})\n"
        "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n"
        "heavy = sorted({n.split('.')[0] for n in sys.modules} & "
        "{'great_expectations', 'jieba', 'rjieba', 'opencc', 'pandas', 'psycopg', 'etl', 'jionlp'})\n"
        "print(heavy, round(time.monotonic() - t, 3))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    heavy, seconds = out.stdout.strip().splitlines()[-1].rsplit(" ", 1)
    assert heavy == "[]", f"the DAG file imports {heavy} at parse time"
    assert float(seconds) < 2.0, f"parsing the DAG file took {seconds} s beyond importing Airflow"
