"""The warehouse side: migrations, staging loads (COPY), publishing to the star schema, metadata.

Every function takes a libpq connection string and opens its own psycopg 3 connection, so
Airflow tasks pass only the conninfo. SQL lives in `sql/` (see `sql_text`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

SQL_DIR = Path(__file__).resolve().parents[2] / "sql"


@lru_cache(maxsize=None)
def sql_text(relative: str) -> str:
    """The text of `sql/<relative>`; raises FileNotFoundError for a name that is not there."""
    return (SQL_DIR / relative).read_text(encoding="utf-8")
