"""Discovery: which landing files a run reads, and how they are cut into batches."""
from etl.ingest.discover import batches, walk_landing


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
    import pytest

    with pytest.raises(FileNotFoundError, match="landing folder"):
        walk_landing(tmp_path / "nope")
