"""The environment of the processes that run tasks: WORKER_ENV added, nothing the caller set overridden."""
from etl.config import WORKER_ENV, worker_env


def test_worker_env_adds_what_is_missing_and_keeps_what_is_set():
    assert worker_env({"PATH": "/bin"}) == {"PATH": "/bin", **WORKER_ENV}
    assert worker_env({"GLIBC_TUNABLES": "glibc.malloc.arena_max=2"})["GLIBC_TUNABLES"] == "glibc.malloc.arena_max=2"


def test_the_airflow_cli_runs_with_the_worker_environment(monkeypatch):
    from etl.cli import airflow_env

    monkeypatch.delenv("GLIBC_TUNABLES", raising=False)
    env = airflow_env("postgresql://postgres@127.0.0.1:5432/postgres")
    assert all(env[key] == value for key, value in WORKER_ENV.items())
