"""etl.executor.PreloadedLocalExecutor hands its tasks warm processes: Airflow's real LocalExecutor worker
loop, in a process forked by the executor's `start`, asked to run a probe instead of a task."""
import json
import os
import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("airflow.executors.local_executor")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Starts the executor named in argv[1] with one worker, hands that worker a workload whose run reports what
# the worker's process holds (without loading anything itself), and prints the report.
SCRIPT = textwrap.dedent("""
    import importlib
    import json
    import os
    import sys
    import types

    from airflow.executors.base_executor import BaseExecutor


    def probe(workload, **kwargs):
        from etl import pipeline

        with open(workload.report, "w") as f:
            json.dump({"pid": os.getpid(), "warmed": sorted(pipeline._warmed),
                       "gx_imported": "great_expectations" in sys.modules,
                       "rjieba_imported": "rjieba" in sys.modules}, f)


    BaseExecutor.run_workload = staticmethod(probe)  # in place before the worker is forked
    module, _, name = sys.argv[1].rpartition(".")
    executor = getattr(importlib.import_module(module), name)(parallelism=1)
    executor.start()
    try:
        workload = types.SimpleNamespace(key="probe", running_state=None, success_state="success",
                                         failure_state="failed", display_name="probe", report=sys.argv[2])
        with executor._unread_messages:
            executor._unread_messages.value += 1
        executor.activity_queue.put(workload)
        key, state, error = executor.result_queue.get()
        assert error is None, error
        report = json.load(open(sys.argv[2]))
        print("REPORT " + json.dumps({**report, "scheduler_pid": os.getpid(),
                                      "worker_pids": list(executor.workers)}), flush=True)
    finally:
        executor.end()
""")


def _probe(executor: str, tmp_path) -> dict:
    script = tmp_path / "probe.py"
    script.write_text(SCRIPT, encoding="utf-8")
    # one extraction process per task, as a LocalExecutor deployment runs one task per core
    env = {**os.environ, "NEWSETL_WORKERS": "1", "PYTHONPATH": ROOT}
    done = subprocess.run([sys.executable, str(script), executor, str(tmp_path / "report.json")], env=env,
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    # Airflow logs to stdout as well
    return json.loads(next(line for line in done.stdout.splitlines() if line.startswith("REPORT "))[7:])


def test_preloaded_local_executor_forks_warm_workers(tmp_path):
    report = _probe("etl.executor.PreloadedLocalExecutor", tmp_path)
    assert report["pid"] in report["worker_pids"] and report["pid"] != report["scheduler_pid"]
    assert report["warmed"] == ["extract", "ingest", "validate"]
    assert report["gx_imported"] and report["rjieba_imported"]


def test_plain_local_executor_workers_start_cold(tmp_path):
    """What the preloading changes: Airflow's own LocalExecutor forks workers that hold none of it."""
    report = _probe("airflow.executors.local_executor.LocalExecutor", tmp_path)
    assert report["pid"] != report["scheduler_pid"]
    assert report["warmed"] == [] and not report["gx_imported"] and not report["rjieba_imported"]
