"""Find the landing files that are new or changed since the last run, and cut them into batches.

Incremental by design: a file whose (size, mtime) matches what the warehouse
recorded for its path is skipped without being read or hashed, so a run that
finds nothing new costs one `stat` per file and one query.
"""
from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class LandedFile:
    source_path: str   # relative to the landing folder, '/'-separated: the article's natural id
    path: str          # absolute path a worker reads
    size_bytes: int
    mtime_ns: int


def walk_landing(landing: Path) -> list[LandedFile]:
    """Every regular file under `landing`, skipping hidden files and folders (.truth, .git …), sorted."""
    if not landing.is_dir():
        raise FileNotFoundError(f"landing folder {landing} does not exist")
    found = []
    for dirpath, dirnames, filenames in os.walk(landing):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.startswith("."):
                continue
            full = Path(dirpath) / name
            st = full.stat()
            rel = full.relative_to(landing).as_posix()
            found.append(LandedFile(rel, str(full), st.st_size, st.st_mtime_ns))
    found.sort(key=lambda f: f.source_path)
    return found


def changed_files(found: list[LandedFile], known: dict[str, tuple]) -> list[LandedFile]:
    """Files whose path is new or whose size or mtime differ from what was recorded."""
    out = []
    for f in found:
        seen = known.get(f.source_path)
        if seen is None or seen[0] != f.size_bytes or seen[1] != f.mtime_ns:
            out.append(f)
    return out


def batches(files: list[LandedFile], size: int) -> list[list[dict]]:
    size = max(1, size)
    return [[asdict(f) for f in files[i:i + size]] for i in range(0, len(files), size)]
