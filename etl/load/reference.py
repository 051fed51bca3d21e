"""Reference dimensions loaded from maintained packages: China's divisions into core.dim_region."""

from __future__ import annotations

from etl.load import sql_text


def load_regions(conninfo: str) -> dict[str, int]:
    """COPY every province, prefecture and county of `etl.reference.gazetteer` into core.dim_region.

    Idempotent: rows that already match are left alone, so a second call changes nothing.
    Returns {"inserted": n, "updated": n, "linked": n} (linked: parent keys set).
    Development zones found in articles live in the same table and are left untouched.
    """
    import psycopg

    from etl.reference.gazetteer import divisions

    with psycopg.connect(conninfo) as conn, conn.cursor() as cur:
        cur.execute(
            "create temp table region_in (admin_code text, name text, level text,"
            " parent_code text, aliases text[]) on commit drop"
        )
        with cur.copy("copy region_in (admin_code, name, level, parent_code, aliases) from stdin") as copy:
            for d in divisions():
                copy.write_row((d.admin_code, d.name, d.level, d.parent_code, list(d.aliases)))
        inserted, updated = cur.execute(sql_text("load/load_dim_region.sql")).fetchone()
        cur.execute(sql_text("load/link_dim_region_parent.sql"))
        return {"inserted": inserted, "updated": updated, "linked": cur.rowcount}
