"""DAG tests get an Airflow home of their own per test worker, set before Airflow is imported."""
import os
import tempfile

_home = tempfile.mkdtemp(prefix="newsetl-airflow-")
os.environ["AIRFLOW_HOME"] = _home
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
