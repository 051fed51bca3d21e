"""Where files live: a local path or an object-store URL (Airflow's `ObjectStoragePath`).

The landing folder and the work folder (where discovery leaves the batch files the
mapped tasks read) may each be a plain path, seen by every worker (one machine, or
a shared volume), or a URL such as `s3://aws_default@bucket/newsetl/work` that any
worker can reach through the Airflow connection named before the `@`. Plain paths
stay `pathlib.Path` (no Airflow import, C-speed `os.scandir`); URLs become
`airflow.sdk.ObjectStoragePath`, which has the same pathlib interface.
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def is_url(location: str | Any) -> bool:
    """True for `scheme://…` text or an ObjectStoragePath; False for a plain path."""
    return not isinstance(location, Path) and bool(_URL.match(str(location)))


def locate(location: str | Path | Any):
    """A `Path` for a plain path, an `ObjectStoragePath` for a URL (or an ObjectStoragePath itself)."""
    if isinstance(location, Path):
        return location
    if is_url(location):
        from airflow.sdk import ObjectStoragePath

        return location if isinstance(location, ObjectStoragePath) else ObjectStoragePath(str(location))
    return Path(str(location)).expanduser().absolute()


def read_bytes(location: str | Path | Any) -> bytes:
    return locate(location).read_bytes()


def will_read(location: str | Path | Any) -> None:
    """Ask the OS to start reading a local file into its cache now, without waiting for it
    (`posix_fadvise` WILLNEED), so that a later read finds it there. Nothing happens for a URL, a file
    that cannot be opened (its reader reports that) or a platform without posix_fadvise."""
    if not hasattr(os, "posix_fadvise") or is_url(location):
        return
    try:
        fd = os.open(location, os.O_RDONLY)
    except OSError:
        return
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_text(location: str | Path | Any) -> str:
    return locate(location).read_text(encoding="utf-8")


def write_text(location: str | Path | Any, text: str) -> None:
    target = locate(location)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def remove_tree(location: str | Path | Any) -> None:
    """Delete a folder and everything in it; nothing happens when it does not exist."""
    target = locate(location)
    if isinstance(target, Path):
        shutil.rmtree(target, ignore_errors=True)
    elif target.exists():
        target.rmdir(recursive=True)
