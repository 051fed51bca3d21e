"""Staging → core: publish one run's validated records to the star schema.

One transaction under a transaction-level advisory lock (a second publish waits for the first
to commit), one set-based statement per target (`sql/load/publish_*.sql`), then the run's
staging rows are deleted. Natural key of an article: its source_path. What happens to a file:

- a new path → `loaded`: a new article and its facts;
- a known path, same sha256 and extractor version → `loaded` (counted unchanged): nothing at all;
- a known path, new content or extractor version → `loaded` (counted replaced): the article is
  updated in place (same key), its facts deleted and inserted anew;
- content that a smaller path holds (an article, or a file of the same run) → `duplicate`: no
  article; the path's own earlier article, if any, is dropped;
- content an article holds under a larger path → `loaded`: that article is dropped and its path
  becomes a `duplicate` (counted demoted);
- a quarantine line → `quarantined`: a meta.quarantine row; an earlier loaded version stays.

The smallest path holding a content wins, so runs bringing the same content under several paths
end the same whatever order they publish in. Different contents of ONE path are versions: the
last published wins. Any outcome but quarantined resolves open meta.quarantine rows of the
path. Inserts follow the natural keys' order, so a run gives the same surrogate keys whatever
order its batches were staged in. Fact timestamps come only from the data.

Known limit: a file recorded as a duplicate of a path whose content later changes stays a
duplicate (pointing at the new version) until it lands again.
"""

from __future__ import annotations

from etl.load import sql_text

# (counter name, sql file) in execution order; each counts the rows it inserted.
DIMENSIONS = (
    ("core.dim_source", "publish_dim_source.sql"),
    ("core.dim_region", "publish_dim_region.sql"),
    ("core.dim_campaign", "publish_dim_campaign.sql"),
)
FACTS = (
    ("core.fct_official_role", "publish_fct_official_role.sql"),
    ("core.fct_figure", "publish_fct_figure.sql"),
    ("core.fct_region_mention", "publish_fct_region_mention.sql"),
    ("core.fct_ranking_item", "publish_fct_ranking_item.sql"),
    ("core.fct_campaign_mention", "publish_fct_campaign_mention.sql"),
    ("core.fct_meeting", "publish_fct_meeting.sql"),
    ("core.fct_keyword", "publish_fct_keyword.sql"),
    ("core.fct_article", "publish_fct_article.sql"),
)
OUTCOMES = ("loaded", "replaced", "unchanged", "duplicate", "quarantined", "demoted")


def publish(conninfo: str, run_id: str) -> dict[str, int]:
    """Move run `run_id`'s staging rows into core and meta; returns counts.

    Keys: `files_<outcome>` for loaded, replaced, unchanged, duplicate, quarantined, demoted
    (replaced and unchanged files end with landed outcome "loaded", demoted ones "duplicate");
    `<schema.table>`: rows inserted;
    `core.facts_deleted`, `core.articles_dropped`, `core.dim_article_updated`,
    `meta.quarantine`, `meta.quarantine_resolved`, `meta.landed_file` (rows written),
    `staging_deleted`. A run with nothing staged (say, already published) returns zeros.
    Any database error rolls everything back and propagates.
    """
    import psycopg

    counts: dict[str, int] = {}
    with psycopg.connect(conninfo) as conn, conn.cursor() as cur:
        params = {"run_id": run_id}
        cur.execute(sql_text("load/publish_lock.sql"))
        # date-only publication times are Beijing midnight, whatever the server's time zone
        cur.execute("set local timezone to 'Asia/Shanghai'")
        cur.execute(sql_text("load/publish_file_table.sql"))
        cur.execute(sql_text("load/publish_file.sql"), params)
        counts["core.facts_deleted"], counts["core.articles_dropped"] = cur.execute(
            sql_text("load/publish_retire_articles.sql")
        ).fetchone()
        for name, file in DIMENSIONS:
            cur.execute(sql_text(f"load/{file}"), params)
            counts[name] = cur.rowcount
        cur.execute(sql_text("load/link_dim_region_parent.sql"))
        counts["core.dim_article"], counts["core.dim_article_updated"] = cur.execute(
            sql_text("load/publish_dim_article.sql"), params
        ).fetchone()
        cur.execute(sql_text("load/publish_dim_official.sql"), params)
        counts["core.dim_official"] = cur.rowcount
        cur.execute(sql_text("load/publish_dim_date.sql"), params)
        counts["core.dim_date"] = cur.rowcount
        for name, file in FACTS:
            cur.execute(sql_text(f"load/{file}"), params)
            counts[name] = cur.rowcount
        cur.execute(sql_text("load/publish_meta_quarantine.sql"), params)
        counts["meta.quarantine"] = cur.rowcount
        cur.execute(sql_text("load/resolve_meta_quarantine.sql"), params)
        counts["meta.quarantine_resolved"] = cur.rowcount
        cur.execute(sql_text("load/publish_meta_landed_file.sql"), params)
        counts["meta.landed_file"] = cur.rowcount
        cur.execute(sql_text("load/repoint_meta_landed_file.sql"))
        counts["meta.landed_file"] += cur.rowcount
        outcomes = dict(cur.execute(sql_text("load/publish_counts.sql")).fetchall())
        counts["staging_deleted"] = cur.execute(sql_text("load/clear_staging_run.sql"), params).fetchone()[0]
    return {**{f"files_{o}": outcomes.get(o, 0) for o in OUTCOMES}, **counts}
