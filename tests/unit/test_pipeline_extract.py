"""extract_batch on a process pool: every file accounted for, in batch order, bad files as quarantine lines."""
from etl import pipeline
from etl.ingest.discover import batches, walk_landing


def test_extract_batch_on_two_processes_keeps_order_and_quarantines_bad_files(tmp_path):
    from etl.generate import generate

    landing = tmp_path / "landing"
    generate(40, landing, seed=8)
    (landing / "zz_empty.txt").write_bytes(b"")
    files = walk_landing(landing)

    out = pipeline.extract_batch(batches(files, 100)[0], workers=2)

    assert (len(out["records"]), len(out["quarantine"])) == (40, 1)
    records = out["records"]
    assert [r["source_path"] for r in records] == [f.source_path for f in files[:40]]
    quarantined = out["quarantine"]
    assert quarantined[0]["source_path"] == "zz_empty.txt" and quarantined[0]["stage"] == "ingest"
    seen = out["seen"]
    assert [s["source_path"] for s in seen] == [f.source_path for f in files]
    assert all(len(s["sha256"]) == 64 for s in seen)


def test_a_reader_bug_on_one_file_quarantines_that_file_not_the_batch(tmp_path):
    """A page that makes the HTML parser itself fail (here: the whole document hidden) is a quarantine line."""
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "hidden.html").write_text(
        "<html hidden><body><p>3月2日,县长李明主持召开项目推进会。</p></body></html>", encoding="utf-8")
    (landing / "ok.txt").write_text("西华县召开项目推进会\n3月6日,县长韩启明主持召开项目推进会。\n", encoding="utf-8")

    out = pipeline.extract_batch(batches(walk_landing(landing), 10)[0], workers=1)

    assert [r["source_path"] for r in out["records"]] == ["ok.txt"]
    [line] = out["quarantine"]
    assert line["source_path"] == "hidden.html" and line["stage"] == "ingest"
    assert line["sha256"] and len(out["seen"]) == 2


def test_a_process_keeps_one_warm_pool_for_all_its_batches(tmp_path):
    """`airflow dags test` runs every batch in one process: the second batch must not start workers again."""
    from etl.generate import generate

    landing = tmp_path / "landing"
    generate(70, landing, seed=9)
    first, second = batches(walk_landing(landing), 35)

    pipeline.extract_batch(first, workers=2)
    pool = pipeline._pools[2]  # made by the first batch, not by this test
    workers = sorted(process.pid for process in pool._pool)  # multiprocessing keeps its processes there
    out = pipeline.extract_batch(second, workers=2)

    assert pipeline.extraction_pool(2) is pool
    assert sorted(process.pid for process in pool._pool) == workers  # the first batch's processes did the second
    assert [r["source_path"] for r in out["records"]] == [f["source_path"] for f in second]


def test_read_ahead_asks_for_every_file_once_before_its_turn(monkeypatch):
    events = []
    monkeypatch.setattr(pipeline.storage, "will_read", lambda path: events.append(("ask", path)))
    items = [{"path": f"/landing/{i:03d}.txt"} for i in range(pipeline.READ_AHEAD + 10)]
    files = pipeline.ReadAhead(items)

    for item in files:
        events.append(("read", item["path"]))

    asked = [path for kind, path in events if kind == "ask"]
    read = [path for kind, path in events if kind == "read"]
    assert read == asked == [item["path"] for item in items]  # all of them, once, in batch order
    for k, path in enumerate(read):  # asked READ_AHEAD files earlier, or at the start
        assert events.index(("ask", path)) < events.index(("read", read[max(0, k - pipeline.READ_AHEAD)]))
    assert files.seconds > 0  # the asking is timed


def test_will_read_ignores_what_it_cannot_read_ahead(tmp_path):
    from etl import storage

    page = tmp_path / "a.txt"
    page.write_text("县长主持召开项目推进会。", encoding="utf-8")
    for location in (str(page), str(tmp_path / "gone.txt"), "s3://aws_default@bucket/a.txt"):
        assert storage.will_read(location) is None
    assert page.read_text(encoding="utf-8") == "县长主持召开项目推进会。"


def test_a_chunk_is_read_first_and_extracted_after_in_file_order(tmp_path):
    """_extract_chunk reads all its files before extracting any; a bad one in the middle keeps its place."""
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "a.txt").write_text("西华县召开项目推进会\n3月6日,县长韩启明主持召开项目推进会。\n", encoding="utf-8")
    (landing / "b.txt").write_bytes(b"")
    (landing / "c.txt").write_text("扶沟县召开项目建设会\n3月7日,县长李明主持召开会议。\n", encoding="utf-8")
    items = batches(walk_landing(landing), 10)[0]
    lines, _, _ = pipeline._extract_chunk(items)

    kinds = [(kind, line["source_path"]) for kind, line, _ in lines]

    assert kinds == [("record", "a.txt"), ("quarantine", "b.txt"), ("record", "c.txt")]
    assert [list(chunk) for chunk in pipeline._chunked(range(5), 2)] == [[0, 1], [2, 3], [4]]


def test_an_extractor_bug_on_one_file_of_a_chunk_quarantines_that_file_only(tmp_path, monkeypatch):
    import etl.extract

    landing = tmp_path / "landing"
    landing.mkdir()
    for name, county in (("a.txt", "西华县"), ("b.txt", "鹿邑县"), ("c.txt", "扶沟县")):
        (landing / name).write_text(f"{county}召开项目推进会\n3月6日,{county}县长韩启明主持召开项目推进会。\n",
                                    encoding="utf-8")
    real = etl.extract.extract_figures

    def breaks_on_one(body, index):
        if "鹿邑" in body:
            raise ZeroDivisionError("a bug")
        return real(body, index)

    monkeypatch.setattr(etl.extract, "extract_figures", breaks_on_one)
    lines, _, _ = pipeline._extract_chunk(batches(walk_landing(landing), 10)[0])

    assert [(kind, line["source_path"]) for kind, line, _ in lines] == [
        ("record", "a.txt"), ("quarantine", "b.txt"), ("record", "c.txt")]
    quarantined = lines[1][1]
    assert quarantined["stage"] == "extract" and quarantined["reason"].startswith("extractor error: ZeroDivisionError")
