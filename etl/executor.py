"""`PreloadedLocalExecutor`: Airflow's LocalExecutor with its worker processes forked warm.

The LocalExecutor's worker processes are forked from the scheduler when it starts them (the "fork"
start method, Linux's default), and each task process is forked from its worker (see etl.preload). A
scheduler that has loaded what process_batch needs (`pipeline.warm_up_task`: the dictionaries,
Great Expectations and the record suites) before its workers are forked hands every task a warm
process; otherwise each mapped process_batch task pays some five seconds of loading first. Chosen by

    AIRFLOW__CORE__EXECUTOR=etl.executor.PreloadedLocalExecutor

The loading runs in `start`, which only the scheduler calls, and only when workers are forked: under
"spawn" (macOS, or `[core] mp_start_method`) a worker starts a fresh interpreter and would inherit
nothing. It costs the scheduler the memory of one warm process (not measured here; a Celery worker's
main process so loaded held 411 MB RSS after a run), shared with the processes forked from it until they
write to it.
"""
from __future__ import annotations

from airflow.executors.local_executor import LocalExecutor


class PreloadedLocalExecutor(LocalExecutor):
    """LocalExecutor whose start loads process_batch's resources before it forks its workers."""

    def start(self) -> None:
        if self.is_mp_using_fork:
            from etl.pipeline import warm_up_task

            warm_up_task()
        super().start()
