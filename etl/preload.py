"""Importing this module warms the process up for process_batch: for long-lived processes that fork tasks.

A process_batch task spends its first seconds loading what it needs (Great Expectations and the record
suites, the dictionaries, the gazetteer: `pipeline.warm_up_task`) before it reads a file. Airflow runs
each task in a process forked from the one that received it (on Linux; on macOS it starts a fresh
interpreter there), and a forked process inherits what its parent had loaded. So a Celery worker that
imports this module as it starts, before it forks its pool, hands every task it runs a warm process:

    AIRFLOW__CELERY__EXTRA_CELERY_CONFIG='{"imports": ["etl.preload"]}'

(Airflow passes `[celery] extra_celery_config` to Celery; Celery imports the modules of its `imports`
setting in the worker's main process, whose pool processes are forked from it.) A process that has not
imported it loads the same on its first task; nothing else changes. Loading takes memory once per worker
(a worker's main process held 411 MB RSS, measured after a run), shared by the processes forked from it
until they write to it.
"""
from __future__ import annotations

from etl.pipeline import warm_up_task

warm_up_task()
