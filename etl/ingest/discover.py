"""Find the landing files that are new or changed since the last run, and cut them into batches.

Incremental by design: a file whose (size, mtime) matches what the warehouse recorded for its
path is skipped without being read or hashed. The changed files stream back from the database
in path order straight into batch files, so memory stays flat whatever the size of the archive.

A local landing folder is compared through a digest (sql/schema/074_discovery.sql): every file's
state (size, mtime, source_path) is hashed (md5) into one of 16,384 buckets, and the warehouse
keeps the same digest of what meta.landed_file recorded. Only the files of the buckets whose
digests differ are sent to the database and compared file by file, so a run that finds nothing
costs one `stat` and one md5 of a short text per file, and one small query. Big folders are
stat'ed by helper processes (one per core, up to four) while this process lists them.

An object-store landing folder (listed through `ObjectStoragePath`, size and modification time
from the store's metadata) is compared file by file: its whole listing goes to the database.
"""
from __future__ import annotations

import itertools
import os
import pickle
import struct
import sys
import tempfile
from array import array
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from etl import storage

try:  # CPython's own md5 costs half of OpenSSL's on texts this short (no per-call EVP set-up)
    from _md5 import md5
except ImportError:  # a Python built without it
    from hashlib import md5

# Few enough buckets that their sums stay in the processor's cache (a run that finds nothing
# adds one hash per file to them); many enough that a new file costs comparing ~60 others at 10^6.
BUCKETS = 1 << 14
MASK64 = (1 << 64) - 1
CHUNK = 4096               # names per listing chunk: the unit of work of a helper process
PARALLEL_FROM = 16 * CHUNK  # files listed before helper processes pay for their start-up
MAX_GONE_SHARE = 0.5       # more recorded files gone at once are not marked (see _mark_gone)
MAX_HELPERS = 4            # one lister feeds about four stat'ing helpers
# a file's state as hashed: size and mtime (int8, big-endian), then the path's bytes
_SIZE_MTIME = struct.Struct(">qq")
# the first 16 bits (of which the bucket is the first 14) and the last 64 bits (the hash) of an md5
_BUCKET_HASH = struct.Struct(">H6xQ")


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


# ---------------------------------------------------------------- the digest of a local folder

def state_digest(source_path: str, size_bytes: int, mtime_ns: int) -> tuple[int, int]:
    """(bucket, hash) of one file state, as meta.landed_file_digest counts it (tests and diagnosis)."""
    top, value = _BUCKET_HASH.unpack(md5(_SIZE_MTIME.pack(size_bytes, mtime_ns) + source_path.encode()).digest())
    return top >> 2, value


def _list_chunks(folder: bytes, prefix: bytes = b"") -> Iterator[tuple[bytes, bytes, list[bytes]]]:
    """(folder, prefix, names) of the regular files under `folder`, CHUNK names at a time; hidden ones skipped.

    Names are bytes: they go to md5 and os.stat as they are, without a decode per file.
    """
    subfolders = []
    names: list[bytes] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            if name[0] == 46:  # "."
                continue
            # the entry's type comes with the listing: no system call but for a symbolic link
            if entry.is_file():
                names.append(name)
                if len(names) == CHUNK:
                    yield folder, prefix, names
                    names = []
            elif entry.is_dir(follow_symlinks=False):
                subfolders.append(name)
    if names:
        yield folder, prefix, names
    for name in subfolders:
        yield from _list_chunks(folder + b"/" + name, prefix + name + b"/")


class _Tally:
    """Stats the files of listing chunks and sums their state hashes by bucket.

    Each chunk's names and buckets go to a spill file (temporary, so memory stays flat); it is
    read back only for the buckets whose digests differ from the warehouse's, and their files
    are stat'ed again then.
    """

    def __init__(self):
        self.files = 0
        self.sums = [0] * BUCKETS
        self._spill = tempfile.TemporaryFile()

    def add(self, folder: bytes, prefix: bytes, names: list[bytes]) -> None:
        fd = os.open(folder, os.O_RDONLY)
        try:
            stat = os.stat
            pack = _SIZE_MTIME.pack
            try:
                # the per-file work of a run that finds nothing: one stat, one md5
                digests = [md5(pack((st := stat(name, dir_fd=fd)).st_size, st.st_mtime_ns) + prefix + name).digest()
                           for name in names]
            except FileNotFoundError:  # a file went away since the listing: drop it
                kept = list(self._stat_each(fd, names))
                names = [name for name, _ in kept]
                digests = [md5(pack(st.st_size, st.st_mtime_ns) + prefix + name).digest() for name, st in kept]
        finally:
            os.close(fd)
        digest_bytes = b"".join(digests)
        sums = self.sums
        for top, value in _BUCKET_HASH.iter_unpack(digest_bytes):
            sums[top >> 2] += value
        self.files += len(names)
        # each file's first two digest bytes, sliced out without a loop, locate its bucket later
        tops = bytearray(2 * len(names))
        tops[0::2] = digest_bytes[0::16]
        tops[1::2] = digest_bytes[1::16]
        joined = b"\0".join(names)
        self._spill.write(struct.pack("<IIII", len(names), len(folder), len(prefix), len(joined)))
        self._spill.write(folder + prefix + joined)
        self._spill.write(tops)

    @staticmethod
    def _stat_each(fd: int, names: list[bytes]) -> Iterator[tuple[bytes, os.stat_result]]:
        """(name, stat) of the names that are still there."""
        for name in names:
            try:
                yield name, os.stat(name, dir_fd=fd)
            except FileNotFoundError:
                continue

    def digest(self) -> list[int]:
        return [s & MASK64 for s in self.sums]

    def rows(self, buckets: set[int]) -> Iterator[list[tuple[str, int, int]]]:
        """The (source_path, size_bytes, mtime_ns) of the files in `buckets` as they are now, a chunk at a time."""
        if not buckets:
            return
        wanted = bytes(int(top >> 2 in buckets) for top in range(4 * BUCKETS))  # by a digest's first 16 bits
        spill = self._spill
        spill.seek(0)
        while header := spill.read(16):
            n, folder_size, prefix_size, joined_size = struct.unpack("<IIII", header)
            folder = spill.read(folder_size)
            prefix = spill.read(prefix_size)
            joined = spill.read(joined_size)
            tops = array("H")
            tops.frombytes(spill.read(2 * n))
            if sys.byteorder == "little":
                tops.byteswap()
            hits = [i for i, top in enumerate(tops) if wanted[top]]
            if not hits:
                continue
            names = joined.split(b"\0")
            fd = os.open(folder, os.O_RDONLY)
            try:
                # decoded as os.scandir would have: the same source_path as walk_landing gives
                rows = [(os.fsdecode(prefix + name), st.st_size, st.st_mtime_ns)
                        for name, st in self._stat_each(fd, [names[i] for i in hits])]
            finally:
                os.close(fd)
            if rows:
                yield rows

    def close(self) -> None:
        self._spill.close()


def _helper_main(fd: int) -> None:
    """A helper process, talking to the lister over the socket `fd`.

    It tallies each chunk it is sent (answering "ok"), sends (files, digest) when asked for
    "digest", then, given a set of buckets, the rows of those buckets and a None. It ends when the
    lister closes the socket; a failure is sent to the lister instead of an answer.
    """
    from multiprocessing.connection import Connection

    conn = Connection(fd)
    tally = _Tally()
    try:
        while True:
            message = conn.recv()
            if isinstance(message, tuple):
                folder, prefix, joined = message
                tally.add(folder, prefix, joined.split(b"\0"))
                conn.send("ok")
            elif message == "digest":
                conn.send((tally.files, tally.digest()))
            else:
                for rows in tally.rows(message):
                    conn.send(rows)
                conn.send(None)
    except EOFError:
        pass
    except BaseException as exc:  # the lister re-raises it, and would otherwise wait for ever
        try:
            pickle.dumps(exc)
        except Exception:
            exc = RuntimeError(repr(exc))
        try:
            conn.send(exc)
        except OSError:  # the lister is gone: nobody to tell
            pass
    finally:
        tally.close()
        conn.close()


class _Helpers:
    """Helper processes that stat and tally the chunks this process lists; a _Tally's interface.

    Plain subprocesses rather than multiprocessing's: those would import the caller's __main__.
    Each helper holds at most two chunks, so the listing never runs far ahead of the stat'ing.
    """

    def __init__(self, count: int):
        import socket
        import subprocess
        from multiprocessing.connection import Connection

        self.files = 0
        self._conns = []
        self._procs = []
        self._pending = [0] * count
        try:
            for _ in range(count):
                ours, theirs = socket.socketpair()
                with ours, theirs:
                    # os._exit: a helper has nothing to flush, and its interpreter's shutdown would make
                    # the lister wait
                    code = (f"import os, sys; sys.path[:0] = {sys.path!r}; from etl.ingest.discover import"
                            f" _helper_main; _helper_main({theirs.fileno()}); os._exit(0)")
                    self._procs.append(subprocess.Popen([sys.executable, "-c", code], pass_fds=[theirs.fileno()],
                                                        stdin=subprocess.DEVNULL))
                    self._conns.append(Connection(ours.detach()))
        except BaseException:
            self.close()
            raise

    def add(self, folder: bytes, prefix: bytes, names: list[bytes]) -> None:
        from multiprocessing.connection import wait

        while min(self._pending) >= 2:
            for conn in wait(self._conns):
                self._done(conn)
        helper = self._pending.index(min(self._pending))
        # one bytes object pickles far faster than a list of thousands
        self._conns[helper].send((folder, prefix, b"\0".join(names)))
        self._pending[helper] += 1

    def _done(self, conn) -> None:
        self._receive(conn)
        self._pending[self._conns.index(conn)] -= 1

    def digest(self) -> list[int]:
        sums = [0] * BUCKETS
        for helper, conn in enumerate(self._conns):
            while self._pending[helper]:
                self._done(conn)
            conn.send("digest")
            files, digest = self._receive(conn)
            self.files += files
            sums = [a + b for a, b in zip(sums, digest)]
        return [s & MASK64 for s in sums]

    def rows(self, buckets: set[int]) -> Iterator[list[tuple[str, int, int]]]:
        for conn in self._conns:
            conn.send(buckets)
        for conn in self._conns:
            while (rows := self._receive(conn)) is not None:
                yield rows

    @staticmethod
    def _receive(conn):
        try:
            message = conn.recv()
        except EOFError:
            raise RuntimeError("a discovery helper process ended early") from None
        if isinstance(message, BaseException):
            raise message
        return message

    def close(self) -> None:
        import subprocess

        for conn in self._conns:
            conn.close()
        for proc in self._procs:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _helper_count() -> int:
    """Helper processes for a big folder: one per core, none on one core or without a Python to start."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cores, MAX_HELPERS) if cores > 1 and sys.executable else 0


def _tally_local(root: Path):
    """The landing folder listed and stat'ed: a _Tally, or _Helpers when the folder is big."""
    chunks = _list_chunks(os.fsencode(root))
    first = list(itertools.islice(chunks, PARALLEL_FROM // CHUNK))
    helpers = _helper_count() if len(first) == PARALLEL_FROM // CHUNK else 0
    tally = _Helpers(helpers) if helpers else _Tally()
    try:
        for chunk in itertools.chain(first, chunks):
            tally.add(*chunk)
    except BaseException:
        tally.close()
        raise
    return tally


# ---------------------------------------------------------------- discovery

def discover_changed(conninfo: str, landing, batch_size: int, emit) -> dict[str, int]:
    """Compare the landing folder with meta.landed_file in the database; `emit(batch)` each batch in path order.

    A batch is a list of LandedFile dicts; returns files_seen, files_new_or_changed, files_gone
    (recorded files no longer in a local landing folder, now marked gone: `_mark_gone`) and
    files_missing (gone files left unmarked because too many went at once).
    """
    import psycopg

    root = storage.locate(landing)
    if not root.is_dir():
        raise FileNotFoundError(f"landing folder {landing} does not exist")
    with psycopg.connect(conninfo) as conn:
        if not isinstance(root, Path):
            base = str(root)
            listing = ((f.source_path, f.size_bytes, f.mtime_ns) for f in scan_landing(root))
            seen, changed = _compare(conn, listing, lambda rel: f"{base}/{rel}", batch_size, emit)
            return {"files_seen": seen, "files_new_or_changed": changed, "files_gone": 0, "files_missing": 0}
        base = str(root)
        tally = _tally_local(root)
        try:
            differ, recorded, total = _differing_buckets(conn, tally)
            if not differ:  # the usual run: nothing new, changed or gone
                return {"files_seen": tally.files, "files_new_or_changed": 0, "files_gone": 0, "files_missing": 0}
            listing = (row for rows in tally.rows(differ) for row in rows)
            _, changed = _compare(conn, listing, lambda rel: os.path.join(base, rel), batch_size, emit)
            gone, missing = _mark_gone(conn, differ, recorded, total)
            return {"files_seen": tally.files, "files_new_or_changed": changed, "files_gone": gone,
                    "files_missing": missing}
        finally:
            tally.close()


def _differing_buckets(conn, tally) -> tuple[set[int], int, int]:
    """The buckets whose digest in the folder (`tally`) differs from meta.landed_file_digest's, how
    many files the warehouse records in them, and in all."""
    from etl.load import sql_text

    # read while helper processes finish the listing's last chunks
    recorded, counts = [0] * BUCKETS, [0] * BUCKETS
    packed = conn.execute(sql_text("load/discover_recorded_digest.sql"), binary=True).fetchone()[0]
    for bucket, hash_sum, file_count in struct.iter_unpack(">iqq", packed):
        recorded[bucket] = hash_sum & MASK64
        counts[bucket] = file_count
    listed = tally.digest()
    differ = {b for b in range(BUCKETS) if listed[b] != recorded[b]}
    return differ, sum(counts[b] for b in differ), sum(counts)


def _mark_gone(conn, buckets: set[int], recorded: int, total: int) -> tuple[int, int]:
    """Mark the recorded files of `buckets` missing from the listing as gone; returns (marked, left unmarked).

    Every file the warehouse records in a differing bucket is in the listing (the files of those
    buckets; a changed file is listed under its path) unless it is gone, so counting the listed
    ones tells how many are. Only then is every recorded state hashed again to find them
    (sql/load/discover_mark_gone.sql): once per deletion, after which their buckets match.
    More than MAX_GONE_SHARE of all recorded files gone at once looks like a landing folder not
    (fully) mounted rather than a pruned archive: they are left unmarked, so that they are not all
    read again when it comes back; their buckets are compared on every run meanwhile.
    """
    from etl.load import sql_text

    if not recorded:
        return 0, 0
    missing = recorded - conn.execute(sql_text("load/discover_listed_recorded.sql")).fetchone()[0]
    if missing <= 0:
        return 0, 0
    if missing > MAX_GONE_SHARE * total:
        return 0, missing
    conn.execute(sql_text("load/publish_lock.sql"))
    return conn.execute(sql_text("load/discover_mark_gone.sql"), {"buckets": sorted(buckets)}).fetchone()[0], 0


def _compare(conn, listing, locate, batch_size: int, emit) -> tuple[int, int]:
    """COPY `listing` (source_path, size_bytes, mtime_ns) and emit its new or changed files in path order.

    Returns (files listed, files new or changed).
    """
    from etl.load import sql_text

    size = max(1, batch_size)
    listed = 0
    with conn.cursor() as cur:
        cur.execute("create temp table listing (source_path text not null, size_bytes bigint not null,"
                    " mtime_ns bigint not null) on commit drop")
        with cur.copy("copy listing (source_path, size_bytes, mtime_ns) from stdin") as copy:
            for row in listing:
                copy.write_row(row)
                listed += 1
        # a few rows (the usual case) should meet meta.landed_file through its primary key
        cur.execute("analyze listing")
    changed = 0
    batch: list[dict] = []
    with conn.cursor(name="changed_files") as named:
        named.itersize = size
        named.execute(sql_text("load/discover_changed_files.sql"))
        for source_path, size_bytes, mtime_ns in named:
            batch.append({"source_path": source_path, "path": locate(source_path),
                          "size_bytes": size_bytes, "mtime_ns": mtime_ns})
            if len(batch) == size:
                emit(batch)
                changed += len(batch)
                batch = []
    if batch:
        emit(batch)
        changed += len(batch)
    return listed, changed
