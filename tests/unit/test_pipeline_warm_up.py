"""A worker's start-up: loaded once per process, only what the process itself runs, then the heap settled."""
import subprocess
import sys

import pytest

from etl import pipeline


@pytest.fixture
def calls(monkeypatch):
    """The warm-up steps run, in order: each part's warm_up and settle_heap are recorded, not run."""
    import etl.extract
    import etl.ingest
    import etl.validate

    calls = []
    for module, part in ((etl.ingest, "ingest"), (etl.extract, "extract"), (etl.validate, "validate")):
        monkeypatch.setattr(module, "warm_up", lambda part=part: calls.append(part))
    monkeypatch.setattr(pipeline, "settle_heap", lambda: calls.append("settle"))
    monkeypatch.setattr(pipeline, "_warmed", set())
    return calls


def test_warm_up_loads_each_part_once_and_settles_after_loading(calls):
    pipeline.warm_up_worker(extraction=False)  # a process whose extraction pool loads the dictionaries
    pipeline.warm_up_worker(extraction=False)
    pipeline.warm_up_worker()
    pipeline.warm_up_worker()

    assert calls == ["validate", "settle", "ingest", "extract", "settle"]


def test_a_task_loads_extraction_itself_only_with_one_worker(calls):
    assert pipeline.warm_up_task(2) == 2
    assert calls == ["validate", "settle"]  # its extraction pool loads the dictionaries
    assert pipeline.warm_up_task(1) == 1
    assert calls == ["validate", "settle", "ingest", "extract", "settle"]


def test_settle_heap_freezes_what_is_loaded_and_collects_the_young_less_often():
    """In a fresh interpreter: gc.freeze must not touch the test process's own heap."""
    code = (
        "import gc; from etl.pipeline import settle_heap, GC_YOUNG_THRESHOLD\n"
        "kept = [[i] for i in range(10_000)]\n"
        "settle_heap()\n"
        "assert gc.get_freeze_count() >= 10_000, gc.get_freeze_count()\n"
        "assert gc.get_threshold()[0] == GC_YOUNG_THRESHOLD > 700\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


def test_an_extraction_pool_worker_loads_no_validation(calls):
    pipeline.warm_up_worker(True, False)  # the extraction pool's initializer and initargs

    assert calls == ["ingest", "extract", "settle"]
