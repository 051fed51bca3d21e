"""The expectation suites: GX's own JSON serialization, one file per suite, in `expectations/`.

`records_<frame>.json` validate one table of flattened extraction records
(etl.validate.frames); `staging_<table>.json` validate one staging table of a
run, whose rows come from the query in `staging_<table>.sql` beside it.
"""

from __future__ import annotations

import json
from pathlib import Path

from etl.config import PROJECT_ROOT

SUITES_DIR = PROJECT_ROOT / "expectations"


class SuiteFileError(RuntimeError):
    """A suite file that GX would not load whole."""


def suite_names(prefix: str, directory: Path = SUITES_DIR) -> list[str]:
    """Names of the suites whose file name starts with `prefix` (`records_`, `staging_`), sorted."""
    return sorted(p.stem for p in directory.glob(f"{prefix}*.json"))


def read_suite_file(name: str, directory: Path = SUITES_DIR) -> dict:
    """The suite file's JSON as written. Raises FileNotFoundError for an unknown suite."""
    return json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))


def load_suite(name: str, directory: Path = SUITES_DIR):
    """The suite as a GX ExpectationSuite, with every expectation of its file.

    GX drops (and only logs) an expectation whose type it does not know or whose
    arguments it rejects; a suite quietly missing a check would pass bad data, so
    any difference in count raises SuiteFileError.
    """
    from etl.validate.gx import import_gx

    gx = import_gx()
    doc = read_suite_file(name, directory)
    if doc.get("name") != name:
        raise SuiteFileError(f"{directory / name}.json names itself {doc.get('name')!r}, not {name!r}")
    suite = gx.ExpectationSuite(**doc)
    written = len(doc.get("expectations", []))
    if len(suite.expectations) != written:
        loaded = {e.expectation_type for e in suite.expectations}
        dropped = [e.get("type") for e in doc.get("expectations", []) if e.get("type") not in loaded]
        raise SuiteFileError(
            f"suite {name}: GX loaded {len(suite.expectations)} of the file's {written} expectations"
            f" (unknown or invalid: {', '.join(map(str, dropped)) or 'see the GX log'})"
        )
    return suite


def staging_query(name: str, directory: Path = SUITES_DIR) -> str:
    """The SELECT of a staging suite (`<name>.sql`), its leading comment lines removed,
    with `:run_id` where the run goes."""
    lines = (directory / f"{name}.sql").read_text(encoding="utf-8").splitlines()
    while lines and (not lines[0].strip() or lines[0].lstrip().startswith("--")):
        lines.pop(0)
    return "\n".join(lines).strip()
