"""`python -m etl.extract FILE...`: one JSON record per line, in argument order, on stdout."""
from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO


def write_records(paths: Iterable[str | Path], out: TextIO) -> int:
    """Extract each file and write its record as one JSON line to `out`; returns the count.

    An unreadable file raises etl.ingest.IngestError: quarantining is the caller's choice.
    """
    from etl.extract import extract_file

    n = 0
    for path in paths:
        out.write(json.dumps(extract_file(path), ensure_ascii=False) + "\n")
        n += 1
    return n


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m etl.extract FILE...", file=sys.stderr)
        return 2
    write_records(args, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
