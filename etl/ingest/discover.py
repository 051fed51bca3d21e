"""Find the landing files that are new or changed since the last run, and cut them into batches.

Incremental by design: a file whose (size, mtime) matches what the warehouse
recorded for its path is skipped without being read or hashed. The listing is
streamed into a temporary table and compared with `meta.landed_file` by the
database, and the changed files stream back in path order straight into batch
files: memory stays flat whatever the size of the archive, and a run that finds
nothing new costs one `stat` per file, one COPY and one query.

The landing folder is a local path (walked with `os.scandir`) or an object-store
URL (listed through `ObjectStoragePath`, size and modification time from the
store's metadata).
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from etl import storage


@dataclass(frozen=True)
class LandedFile:
    source_path: str   # relative to the landing folder, '/'-separated: the article's natural id
    path: str          # where a worker reads it: an absolute path or an object-store URL
    size_bytes: int
    mtime_ns: int


def scan_landing(landing) -> Iterator[LandedFile]:
    """Every regular file under `landing`, skipping hidden files and folders (.truth, .git …), unordered."""
    root = storage.locate(landing)
    if not root.is_dir():
        raise FileNotFoundError(f"landing folder {landing} does not exist")
    if isinstance(root, Path):
        yield from _scan_local(str(root), "")
    else:
        yield from _scan_object_store(root)


def _scan_local(folder: str, prefix: str) -> Iterator[LandedFile]:
    with os.scandir(folder) as entries:
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                subfolders.append(entry)
            elif entry.is_file():
                st = entry.stat()
                yield LandedFile(prefix + entry.name, entry.path, st.st_size, st.st_mtime_ns)
    for sub in subfolders:
        yield from _scan_local(sub.path, f"{prefix}{sub.name}/")


def _scan_object_store(root) -> Iterator[LandedFile]:
    for folder, dirnames, filenames in root.walk():
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.startswith("."):
                continue
            item = folder / name
            info = item.stat()
            mtime = info.get("mtime") or info.get("LastModified") or info.get("updated") or 0
            mtime_ns = int(mtime.timestamp() * 1e9) if hasattr(mtime, "timestamp") else int(float(mtime) * 1e9)
            yield LandedFile(str(item.relative_to(root)), str(item), int(info.get("size") or 0), mtime_ns)


def walk_landing(landing) -> list[LandedFile]:
    """Every file of the landing folder, sorted by source_path (small folders and tests)."""
    return sorted(scan_landing(landing), key=lambda f: f.source_path)


def batches(files: list[LandedFile], size: int) -> list[list[dict]]:
    size = max(1, size)
    return [[asdict(f) for f in files[i:i + size]] for i in range(0, len(files), size)]


def discover_changed(conninfo: str, landing, batch_size: int, emit) -> dict[str, int]:
    """Compare the landing folder with meta.landed_file in the database; `emit(batch)` each batch in path order.

    A batch is a list of LandedFile dicts; returns files_seen and files_new_or_changed.
    """
    import psycopg

    from etl.load import sql_text

    root = storage.locate(landing)
    base = str(root)
    join = (lambda rel: f"{base}/{rel}") if not isinstance(root, Path) else (lambda rel: os.path.join(base, rel))
    size = max(1, batch_size)
    with psycopg.connect(conninfo) as conn:
        with conn.cursor() as cur:
            cur.execute("create temp table listing (source_path text not null, size_bytes bigint not null,"
                        " mtime_ns bigint not null) on commit drop")
            with cur.copy("copy listing (source_path, size_bytes, mtime_ns) from stdin") as copy:
                for f in scan_landing(landing):
                    copy.write_row((f.source_path, f.size_bytes, f.mtime_ns))
            seen = cur.execute("select count(*) from listing").fetchone()[0]
        changed = 0
        batch: list[dict] = []
        with conn.cursor(name="changed_files") as named:
            named.itersize = size
            named.execute(sql_text("load/discover_changed_files.sql"))
            for source_path, size_bytes, mtime_ns in named:
                batch.append({"source_path": source_path, "path": join(source_path),
                              "size_bytes": size_bytes, "mtime_ns": mtime_ns})
                if len(batch) == size:
                    emit(batch)
                    changed += len(batch)
                    batch = []
        if batch:
            emit(batch)
            changed += len(batch)
    return {"files_seen": seen, "files_new_or_changed": changed}
