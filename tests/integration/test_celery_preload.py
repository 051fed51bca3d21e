"""A Celery worker configured as docker-compose.yml configures its airflow-worker service (`[celery]
extra_celery_config` importing etl.preload) hands its tasks warm processes: a real worker of Airflow's
Celery app, on the machine's Redis."""
import os
import subprocess
import sys
import textwrap
import uuid

import pytest

pytest.importorskip("airflow.providers.celery")
celery = pytest.importorskip("celery")

REDIS = os.environ.get("NEWSETL_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Airflow's own Celery app (built from the environment below), plus a task that reports what its process
# holds without loading anything itself.
PROBE_APP = textwrap.dedent("""
    import os
    import sys

    from airflow.providers.celery.executors.celery_executor_utils import app


    @app.task(name="newsetl_probe")
    def probe():
        from etl import pipeline

        return {"pid": os.getpid(), "warmed": sorted(pipeline._warmed),
                "gx_imported": "great_expectations" in sys.modules}
""")


def _compose_worker_env() -> dict[str, str]:
    """The environment docker-compose.yml gives its Celery workers."""
    import yaml

    with open(os.path.join(ROOT, "docker-compose.yml"), encoding="utf-8") as f:
        return yaml.safe_load(f)["services"]["airflow-worker"]["environment"]


def _redis_up() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def worker(tmp_path):
    """A Celery worker (prefork, one process) of Airflow's app on its own queue; yields (queue, main pid)."""
    if not _redis_up():
        pytest.skip(f"no Redis at {REDIS}")
    (tmp_path / "probe_app.py").write_text(PROBE_APP, encoding="utf-8")
    queue = f"newsetl-test-{uuid.uuid4().hex[:8]}"
    compose = _compose_worker_env()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), ROOT]),
        "AIRFLOW_HOME": str(tmp_path / "airflow"),
        "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
        "AIRFLOW__CELERY__BROKER_URL": REDIS,
        "AIRFLOW__CELERY__RESULT_BACKEND": REDIS,
        "AIRFLOW__CELERY__EXTRA_CELERY_CONFIG": compose["AIRFLOW__CELERY__EXTRA_CELERY_CONFIG"],
        "NEWSETL_WORKERS": compose["NEWSETL_WORKERS"],
    }
    log = open(tmp_path / "worker.log", "wb")  # a file, not a pipe nobody reads: a full pipe would stop the worker
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "--app", "probe_app:app", "worker", "--pool", "prefork",
         "--concurrency", "1", "--queues", queue, "--without-gossip", "--without-mingle",
         "--without-heartbeat", "--loglevel", "WARNING"],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=log,
    )
    try:
        yield queue, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        _forget_queue(queue)


def _forget_queue(queue: str) -> None:
    """Remove what the queue left in Redis (the queue and kombu's bindings of it)."""
    import redis

    client = redis.Redis.from_url(REDIS)
    keys = list(client.scan_iter(match=f"*{queue}*"))
    if keys:
        client.delete(*keys)


def test_tasks_of_a_worker_importing_etl_preload_start_warm(worker):
    queue, main_pid = worker
    client = celery.Celery(broker=REDIS, backend=REDIS)

    result = client.send_task("newsetl_probe", queue=queue)
    report = result.get(timeout=180)
    result.forget()

    assert report["pid"] != main_pid  # a pool process, forked after the main process imported etl.preload
    assert report["warmed"] == ["extract", "ingest", "validate"]
    assert report["gx_imported"]
