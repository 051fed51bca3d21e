"""All configuration, read from the environment in one place.

Every setting has a default, so nothing is needed to start:

| variable | default | meaning |
| --- | --- | --- |
| NEWSETL_HOME | `.newsetl` (in the project) | state: embedded PostgreSQL data, Airflow home, work files |
| NEWSETL_WAREHOUSE_URL | unset: the embedded server | a PostgreSQL URL to use instead of the embedded server |
| AIRFLOW_CONN_NEWS_DW | unset | the same, as an Airflow connection (the DAG prefers it) |
| NEWSETL_LANDING | `data/landing` | folder (or object-store URL) of raw files to ingest |
| NEWSETL_WORK | `$NEWSETL_HOME/work` | folder (or object-store URL) where tasks hand batches to each other |
| NEWSETL_BATCH_SIZE | 5000 | files per mapped process_batch task |
| NEWSETL_WORKERS | number of cores | processes one process_batch task extracts on |
| NEWSETL_MAX_FAILURE_RATE | 0.2 | share of a batch that may be quarantined before the task fails |

`worker_env()` is the environment the processes that run tasks start with (WORKER_ENV added).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
EXTRACTOR_VERSION = "0.1.0"

# Set for the processes that run tasks, unless already set: glibc's malloc (2.35 and newer) then asks
# the kernel for transparent huge pages for its heap (madvise), so the big tables extraction looks words
# up in (IDF table, lexicons, gazetteer) take fewer TLB misses. Where THP is off, glibc is older or the
# C library is another, it does nothing. Eight pairs of processes, alternating, each reading and
# extracting three batches of 5,000 files, then validating them: extraction 0.900-1.072 ms per file
# without (mean 0.978), 0.887-1.024 ms with (mean 0.925); the record suites 0.182 ms per record without,
# 0.187 with (means); peak RSS, measured in one pair, 562 MB without and 563 MB with.
WORKER_ENV = {"GLIBC_TUNABLES": "glibc.malloc.hugetlb=1"}


@dataclass(frozen=True)
class Settings:
    home: Path
    warehouse_url: str | None
    landing: Path | str  # a str only for an object-store URL
    work: str
    batch_size: int
    workers: int
    max_failure_rate: float

    @property
    def embedded_pgdata(self) -> Path:
        return self.home / "pgdata"

    @property
    def airflow_home(self) -> Path:
        return self.home / "airflow"


def _path(value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else (Path.cwd() / path)


def _location(value: str) -> Path | str:
    """An object-store URL stays text (etl.storage opens it); anything else is a local path."""
    return value if "://" in value else _path(value)


def settings() -> Settings:
    """Read the environment now (not at import, so tests can change it)."""
    home = _path(os.environ.get("NEWSETL_HOME", str(PROJECT_ROOT / ".newsetl")))
    return Settings(
        home=home,
        warehouse_url=os.environ.get("NEWSETL_WAREHOUSE_URL") or None,
        landing=_location(os.environ.get("NEWSETL_LANDING", str(PROJECT_ROOT / "data" / "landing"))),
        work=os.environ.get("NEWSETL_WORK", str(home / "work")),
        batch_size=int(os.environ.get("NEWSETL_BATCH_SIZE", "5000")),
        workers=int(os.environ.get("NEWSETL_WORKERS", str(os.cpu_count() or 1))),
        max_failure_rate=float(os.environ.get("NEWSETL_MAX_FAILURE_RATE", "0.2")),
    )


def worker_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """A copy of `env` (default: this process's environment) with WORKER_ENV's variables it lacks.

    The variables act when a process starts (glibc reads its tunables then): give this to the processes
    that run tasks (`newsetl run`'s Airflow, a worker pool's server), not to the database server.
    """
    out = dict(os.environ if env is None else env)
    for key, value in WORKER_ENV.items():
        out.setdefault(key, value)
    return out
