"""Discovery: which landing files a run reads, and how they are cut into batches.

The digest tests at the end need a real PostgreSQL (marked integration): the warehouse keeps the
digest of meta.landed_file by triggers, and discovery must compute the same digest of the folder.
"""
import os

import psycopg
import pytest

from etl.ingest import discover
from etl.ingest.discover import BUCKETS, MASK64, batches, state_digest, walk_landing


def _landing(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.html").write_text("<p>一</p>", encoding="utf-8")
    (tmp_path / "b.txt").write_text("二", encoding="utf-8")
    (tmp_path / ".truth").mkdir()
    (tmp_path / ".truth" / "b.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("三", encoding="utf-8")
    return tmp_path


def test_walk_landing_lists_relative_paths_and_skips_hidden(tmp_path):
    found = walk_landing(_landing(tmp_path))
    assert [f.source_path for f in found] == ["a/x.html", "b.txt"]
    assert found[1].size_bytes == len("二".encode())


def test_batches_cover_every_file_once_in_order(tmp_path):
    for i in range(7):
        (tmp_path / f"{i}.txt").write_text("五", encoding="utf-8")
    cut = batches(walk_landing(tmp_path), 3)
    assert [len(b) for b in cut] == [3, 3, 1]
    assert [item["source_path"] for b in cut for item in b] == [f"{i}.txt" for i in range(7)]


def test_missing_landing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="landing folder"):
        walk_landing(tmp_path / "nope")


# ---------------------------------------------------------------- the folder's digest

def _folder(tmp_path, files=30):
    """Files at the top and in two levels of subfolders (one with a Chinese name), plus hidden ones."""
    for i in range(files):
        sub = ("", "县/", "县/乡/")[i % 3]
        (tmp_path / sub).mkdir(parents=True, exist_ok=True)
        (tmp_path / f"{sub}f{i:02d}.txt").write_bytes(b"x" * i)
    (tmp_path / ".truth").mkdir()
    (tmp_path / ".truth" / "f00.json").write_text("{}")
    return tmp_path


def _states(folder):
    return {(f.source_path, f.size_bytes, f.mtime_ns) for f in walk_landing(folder)}


def _digest_of(states):
    """(hash sum, file count) by bucket."""
    sums, counts = [0] * BUCKETS, [0] * BUCKETS
    for path, size, mtime in states:
        bucket, value = state_digest(path, size, mtime)
        sums[bucket] = (sums[bucket] + value) & MASK64
        counts[bucket] += 1
    return sums, counts


def _tally(folder, tally):
    for chunk in discover._list_chunks(os.fsencode(folder)):
        tally.add(*chunk)
    return tally


def _all_rows(tally):
    return {row for rows in tally.rows(set(range(BUCKETS))) for row in rows}


def test_tally_digest_is_the_sum_of_the_file_states_by_bucket(tmp_path):
    folder = _folder(tmp_path)
    tally = _tally(folder, discover._Tally())
    try:
        assert tally.files == 30
        assert tally.digest() == _digest_of(_states(folder))[0]
        assert _all_rows(tally) == _states(folder)
        some = {state_digest(*s)[0] for s in sorted(_states(folder))[:2]}
        assert {row for rows in tally.rows(some) for row in rows} == {
            s for s in _states(folder) if state_digest(*s)[0] in some}
        assert list(tally.rows(set())) == []
    finally:
        tally.close()


def test_a_file_gone_between_listing_and_stat_is_dropped(tmp_path):
    (tmp_path / "kept.txt").write_bytes(b"abc")
    tally = discover._Tally()
    try:
        tally.add(os.fsencode(tmp_path), b"", [b"kept.txt", b"gone.txt"])
        assert tally.files == 1
        st = (tmp_path / "kept.txt").stat()
        assert _all_rows(tally) == {("kept.txt", 3, st.st_mtime_ns)}
    finally:
        tally.close()


def test_helper_processes_give_what_this_process_gives(tmp_path, monkeypatch):
    folder = _folder(tmp_path, files=40)
    monkeypatch.setattr(discover, "CHUNK", 3)  # many chunks: both helpers get work
    helpers = _tally(folder, discover._Helpers(2))
    try:
        assert helpers.digest() == _digest_of(_states(folder))[0]
        assert helpers.files == 40
        assert _all_rows(helpers) == _states(folder)
    finally:
        helpers.close()


def test_a_helper_failure_is_raised_in_the_lister(tmp_path):
    helpers = discover._Helpers(1)
    try:
        helpers.add(os.fsencode(tmp_path / "no-such-folder"), b"", [b"a.txt"])
        with pytest.raises(FileNotFoundError):
            helpers.digest()
    finally:
        helpers.close()


# ---------------------------------------------------------------- against the warehouse

def _warehouse_digest(conn):
    rows = conn.execute("select bucket, hash_sum, file_count from meta.landed_file_digest").fetchall()
    sums, counts = [0] * BUCKETS, [0] * BUCKETS
    for bucket, hash_sum, file_count in rows:
        sums[bucket] = hash_sum & MASK64
        counts[bucket] = file_count
    return sums, counts


def _recorded_states(conn):
    return conn.execute("select source_path, size_bytes, mtime_ns from meta.landed_file"
                        " where size_bytes is not null and mtime_ns is not null").fetchall()


@pytest.mark.integration
def test_the_warehouse_hashes_file_states_as_discovery_does(fresh_db):
    from etl.pipeline import prepare_warehouse

    prepare_warehouse(fresh_db)
    states = [("a.txt", 0, 0), ("县/乡/新闻 1.html", 2048, 1_700_000_000_123_456_789),
              ("x" * 300, 2**62, -1_000_000_007), ("b.json", 7, 2**63 - 1)]
    with psycopg.connect(fresh_db) as conn:
        for path, size, mtime in states:
            bucket, hash_sum = conn.execute(
                "select meta.landed_file_bucket(m), meta.landed_file_hash(m)"
                " from meta.landed_file_state_md5(%s, %s, %s) as m", (path, size, mtime)).fetchone()
            assert (bucket, hash_sum & MASK64) == state_digest(path, size, mtime)


@pytest.mark.integration
def test_the_digest_follows_every_write_to_landed_file(fresh_db):
    from etl.load import meta
    from etl.pipeline import prepare_warehouse

    prepare_warehouse(fresh_db)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        def check(expected_states):
            assert sorted(_recorded_states(conn)) == sorted(expected_states)
            assert _warehouse_digest(conn) == _digest_of(expected_states)

        check([])
        conn.execute("insert into meta.landed_file (source_path, size_bytes, mtime_ns, outcome, first_seen_run_id,"
                     " last_run_id) values ('a', 1, 10, 'loaded', 'r1', 'r1'), ('b', 2, 20, 'loaded', 'r1', 'r1'),"
                     " ('c', null, null, 'quarantined', 'r1', 'r1')")
        check([("a", 1, 10), ("b", 2, 20)])
        before = _warehouse_digest(conn)
        conn.execute("update meta.landed_file set outcome = 'duplicate', last_run_id = 'r2'")
        assert _warehouse_digest(conn) == before, "outcomes alone do not move the digest"
        conn.execute("update meta.landed_file set mtime_ns = 11 where source_path = 'a'")   # touched
        conn.execute("update meta.landed_file set size_bytes = 3, mtime_ns = 30 where source_path = 'c'")
        check([("a", 1, 11), ("b", 2, 20), ("c", 3, 30)])
        conn.execute("update meta.landed_file set (size_bytes, mtime_ns) = (select f.size_bytes, f.mtime_ns"
                     " from meta.landed_file as f where f.source_path = 'b') where source_path = 'a'")
        conn.execute("update meta.landed_file set (size_bytes, mtime_ns) = (1, 11) where source_path = 'b'")
        check([("a", 2, 20), ("b", 1, 11), ("c", 3, 30)])                                 # states swapped
        assert meta.forget_files(fresh_db, ["b"]) == 1                                     # replay
        check([("a", 2, 20), ("c", 3, 30)])
        conn.execute("insert into meta.landed_file as l (source_path, size_bytes, mtime_ns, first_seen_run_id,"
                     " last_run_id) values ('b', 5, 50, 'r3', 'r3'), ('d', 4, 40, 'r3', 'r3')"
                     " on conflict (source_path) do update set size_bytes = excluded.size_bytes,"
                     " mtime_ns = excluded.mtime_ns")
        check([("a", 2, 20), ("b", 5, 50), ("c", 3, 30), ("d", 4, 40)])
        conn.execute("delete from meta.landed_file where source_path in ('a', 'd')")
        check([("b", 5, 50), ("c", 3, 30)])
        with conn.transaction():  # as publish writes: ordinary triggers off
            conn.execute("set local session_replication_role = replica")
            conn.execute("update meta.landed_file set mtime_ns = 31 where source_path = 'c'")
        check([("b", 5, 50), ("c", 3, 31)])
        conn.execute("truncate meta.landed_file")
        check([])


@pytest.mark.integration
def test_discovery_sends_only_the_differing_buckets_to_the_warehouse(fresh_db, tmp_path, monkeypatch):
    from etl.load.staging import stage_batch
    from etl.pipeline import prepare_warehouse, publish_run

    folder = _folder(tmp_path / "landing")
    prepare_warehouse(fresh_db)
    sent: list[int] = []
    compare = discover._compare

    def counting_compare(conn, listing, *args):
        rows = list(listing)
        sent[-1] = len(rows)
        return compare(conn, iter(rows), *args)

    monkeypatch.setattr(discover, "_compare", counting_compare)

    def changed():
        found: list[dict] = []
        sent.append(0)  # files sent to the warehouse to compare: none unless _compare runs
        counts = discover.discover_changed(fresh_db, folder, 7, found.extend)
        assert counts["files_seen"] == len(_states(folder))
        assert counts["files_new_or_changed"] == len(found)
        gone.append(counts["files_gone"])
        missing.append(counts["files_missing"])
        return [f["source_path"] for f in found]

    run = 0
    gone: list[int] = []
    missing: list[int] = []

    def publish(paths):
        nonlocal run
        run += 1
        seen = [{"source_path": s[0], "size_bytes": s[1], "mtime_ns": s[2], "sha256": "0" * 64}
                for s in _states(folder) if s[0] in paths]
        stage_batch(fresh_db, f"run-{run}", [], [], seen)
        publish_run(fresh_db, f"run-{run}")

    first = changed()
    assert sorted(first) == sorted(s[0] for s in _states(folder)) and sent[-1] == 30
    publish(first)
    assert changed() == [] and sent[-1] == 0, "nothing differs: no file goes to the warehouse"

    touched = folder / "县" / "f01.txt"
    st = touched.stat()
    os.utime(touched, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000))                  # touched
    grown = folder / "f03.txt"
    st = grown.stat()
    grown.write_bytes(b"y" * 9)                                                         # size changed
    os.utime(grown, ns=(st.st_atime_ns, st.st_mtime_ns))
    same = folder / "f06.txt"
    st = same.stat()
    same.write_bytes(b"z" * 6)                                                          # same size, same mtime
    os.utime(same, ns=(st.st_atime_ns, st.st_mtime_ns))
    (folder / "县" / "乡" / "f02.txt").rename(folder / "县" / "乡" / "moved.txt")      # renamed
    (folder / "f09.txt").unlink()                                                       # deleted
    (folder / "new").mkdir()
    (folder / "new" / "n.txt").write_bytes(b"n")                                        # new
    found = changed()
    assert sorted(found) == sorted(["new/n.txt", "f03.txt", "县/f01.txt", "县/乡/moved.txt"])
    assert sent[-1] < 10, "only the files of the differing buckets are compared"
    assert gone[-1] == 2                         # f09.txt and the old name of moved.txt
    publish(found)
    assert changed() == [] and sent[-1] == 0 and gone[-1] == 0, "gone files no longer make their buckets differ"
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("select source_path from meta.landed_file where gone_since is not null"
                            " and size_bytes is null order by 1").fetchall() == [("f09.txt",), ("县/乡/f02.txt",)]
    (folder / "f09.txt").write_bytes(b"back")                                          # a gone file is back
    assert changed() == ["f09.txt"] and gone[-1] == 0
    publish(["f09.txt"])
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("select gone_since is null, size_bytes from meta.landed_file"
                            " where source_path = 'f09.txt'").fetchone() == (True, 4)
    assert changed() == []

    # most of the folder gone at once (an unmounted share?): counted, not marked, nothing to read
    hidden = tmp_path / "hidden"
    hidden.mkdir()
    away = {hidden / f"{i}.txt": path for i, path in enumerate(sorted(folder.rglob("*.txt"))[1:])}
    for parked, path in away.items():
        path.rename(parked)
    assert changed() == [] and gone[-1] == 0 and missing[-1] == len(away)
    for parked, path in away.items():
        parked.rename(path)
    assert changed() == [] and missing[-1] == 0 and sent[-1] == 0

    from etl.load import meta

    meta.forget_files(fresh_db, ["f12.txt"])                                            # replay
    assert changed() == ["f12.txt"]


@pytest.mark.integration
def test_an_object_store_landing_is_compared_file_by_file(fresh_db, tmp_path):
    from etl.pipeline import prepare_warehouse

    folder = _folder(tmp_path / "landing", files=5)
    prepare_warehouse(fresh_db)
    found: list[dict] = []
    counts = discover.discover_changed(fresh_db, f"file://{folder}", 2, found.extend)
    assert counts == {"files_seen": 5, "files_new_or_changed": 5, "files_gone": 0, "files_missing": 0}
    assert sorted(f["source_path"] for f in found) == sorted(s[0] for s in _states(folder))
    assert all(f["path"] == f"file://{folder}/{f['source_path']}" for f in found)
