"""Staging → core: publish one run's validated records to the star schema.

One transaction under a transaction-level advisory lock (a second publish waits for the first
to commit), one set-based statement per target (`sql/load/publish_*.sql`), then the run's
staging rows are removed (the tables truncated when they hold nothing else).
Natural key of an article: its source_path. What happens to a file:

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
path. New rows take their surrogate keys in the natural keys' order (dim_article numbers its new
articles from the identity's sequence; the other inserts are ordered), so a run gives the same
surrogate keys whatever order its batches were staged in. Fact timestamps come only from the data.

Known limit: a file recorded as a duplicate of a path whose content later changes stays a
duplicate (pointing at the new version) until it lands again.

What discovery saw of the run's files (staging.seen_file: size, mtime, sha256) goes into
meta.landed_file in the same write as the file's outcome, so a file counts as seen exactly when its
outcome is published; rows already matching are not touched, and outcomes are kept.

Speed: the inserts run with triggers off (`session_replication_role = replica`, for this
transaction only), so the foreign keys are not checked row by row: every key publish writes
comes from an inner join with the dimension row it points at, inside this transaction and under
the lock, so the per-row checks could never fail, and they were most of the insert time. The
facts of retired articles are deleted explicitly, not by cascade. The foreign keys stay declared
and enforced for every other writer. A role that may not set the parameter (it takes superuser,
or `GRANT SET ON PARAMETER session_replication_role`) publishes with the checks on: same result,
slower. The staging tables are analyzed first (fresh COPYs have no statistics); the run's
published articles are kept once in a temp table (pub_article) that every fact statement joins;
every staged row of a published article is inserted, so fct_article takes the counts the loader
staged with each article (staging.article) and reads no fact again. Only the articles that hold a staged
content are read from core.dim_article, so publishing costs what the run brings, not what
the warehouse holds. The tables a big run grew are analyzed in the same transaction, so their
statistics commit with their rows.
"""

from __future__ import annotations

from collections.abc import Callable

from etl.load import sql_text

# (counter name, sql file) in execution order; dimensions count the rows they inserted.
DIMENSIONS = (
    ("core.dim_source", "publish_dim_source.sql"),
    ("core.dim_region", "publish_dim_region.sql"),
    ("core.dim_campaign", "publish_dim_campaign.sql"),
)
# (counter name, sql file): each inserts every staged row of the published articles.
FACTS = (
    ("core.fct_official_role", "publish_fct_official_role.sql"),
    ("core.fct_figure", "publish_fct_figure.sql"),
    ("core.fct_region_mention", "publish_fct_region_mention.sql"),
    ("core.fct_ranking_item", "publish_fct_ranking_item.sql"),
    ("core.fct_campaign_mention", "publish_fct_campaign_mention.sql"),
    ("core.fct_meeting", "publish_fct_meeting.sql"),
    ("core.fct_keyword", "publish_fct_keyword.sql"),
)
OUTCOMES = ("loaded", "replaced", "unchanged", "duplicate", "quarantined", "demoted")
# Sorts and hashes of a whole run's rows (ordered inserts, joins) stay in memory: at 10^5 articles
# the article and official sorts spilled to disk with 64MB.
WORK_MEM = "256MB"


def publish(conninfo: str, run_id: str, first_load: bool = True,
            before_commit: Callable[[], object] | None = None) -> dict[str, int]:
    """Move run `run_id`'s staging rows into core and meta; returns counts.

    `first_load=False` never takes the first-load path (`_truncate_empty`), to compare the two.
    `before_commit` is called once every row is written, before the run's staging rows are removed:
    should it raise, nothing is published and the exception propagates (etl.pipeline.publish_run
    waits there for the staging suites).

    Keys: `files_<outcome>` for loaded, replaced, unchanged, duplicate, quarantined, demoted
    (replaced and unchanged files end with landed outcome "loaded", demoted ones "duplicate");
    `<schema.table>`: rows inserted;
    `core.facts_deleted`, `core.articles_dropped`, `core.dim_article_updated`,
    `meta.quarantine`, `meta.quarantine_resolved`, `meta.landed_file` (rows written with outcomes),
    `meta.landed_file_seen` (seen files whose row was new or whose size, mtime or content changed);
    `staging_truncated`: 1 when the staging tables were emptied whole, else 0 and
    `staging_deleted` counts the run's staging rows deleted (see `_clear_staging`);
    `triggers_off`: 1 when the inserts ran without per-row foreign-key checks;
    `tables_analyzed`: core and meta tables analyzed before commit because this publish grew them (`_grown`);
    `tables_truncated`: empty tables truncated so that writing them skips the WAL (`_truncate_empty`);
    `indexes_rebuilt`: indexes of those tables built after their rows went in (`_drop_indexes`).
    A run with nothing staged (say, already published) returns zeros.
    Any database error rolls everything back and propagates.
    """
    import psycopg

    counts: dict[str, int] = {}
    with psycopg.connect(conninfo) as conn, conn.cursor() as cur:
        params = {"run_id": run_id}
        cur.execute(sql_text("load/publish_lock.sql"))
        # date-only publication times are Beijing midnight, whatever the server's time zone
        cur.execute("set local timezone to 'Asia/Shanghai'")
        cur.execute("select set_config('work_mem', %s, true)", (WORK_MEM,))
        # JIT compiling (a second or more) costs more than it saves on statements of a run's rows
        cur.execute("set local jit = off")
        counts["triggers_off"] = int(_triggers_off(cur))
        truncated = _truncate_empty(cur) if first_load else []
        counts["tables_truncated"] = len(truncated)
        rebuild = _drop_indexes(cur, [t for t in truncated if t in REBUILT_TABLES])
        counts["indexes_rebuilt"] = sum(len(statements) for statements in rebuild.values())
        # ANALYZE samples 300 rows per unit of target: 3,000 rows give the row counts and run_id's
        # one value the plans need, at a tenth of the default's cost on a big run
        cur.execute("set local default_statistics_target = 10")
        cur.execute(sql_text("load/publish_analyze.sql"))
        cur.execute(sql_text("load/publish_file_table.sql"))
        cur.execute(sql_text("load/publish_file.sql"), params)
        cur.execute("analyze pub_file")
        counts["core.facts_deleted"], counts["core.articles_dropped"] = cur.execute(
            sql_text("load/publish_retire_articles.sql")
        ).fetchone()
        for name, file in DIMENSIONS:
            cur.execute(sql_text(f"load/{file}"), params)
            counts[name] = cur.rowcount
        cur.execute(sql_text("load/link_dim_region_parent.sql"))
        cur.execute(sql_text("load/publish_dim_article.sql"), params)
        _rebuild(cur, rebuild, "core.dim_article")
        counts["core.dim_article"], counts["core.dim_article_updated"] = cur.execute(
            "select count(*) filter (where is_new), count(*) filter (where not is_new) from pub_article"
        ).fetchone()
        cur.execute("analyze pub_article")
        cur.execute(sql_text("load/publish_dim_official.sql"), params)
        counts["core.dim_official"] = cur.rowcount
        _rebuild(cur, rebuild, "core.dim_official")
        cur.execute(sql_text("load/publish_dim_date.sql"), params)
        counts["core.dim_date"] = cur.rowcount
        for name, file in FACTS:
            cur.execute(sql_text(f"load/{file}"), params)
            counts[name] = cur.rowcount
        cur.execute(sql_text("load/publish_fct_article.sql"))
        counts["core.fct_article"] = cur.rowcount
        for table in list(rebuild):  # the facts' indexes, and any left
            _rebuild(cur, rebuild, table)
        cur.execute(sql_text("load/publish_meta_quarantine.sql"), params)
        counts["meta.quarantine"] = cur.rowcount
        cur.execute(sql_text("load/resolve_meta_quarantine.sql"), params)
        counts["meta.quarantine_resolved"] = cur.rowcount
        counts["meta.landed_file"], counts["meta.landed_file_seen"] = cur.execute(
            sql_text("load/publish_meta_landed_file.sql"), params
        ).fetchone()
        cur.execute(sql_text("load/repoint_meta_landed_file.sql"))
        counts["meta.landed_file"] += cur.rowcount
        counts["meta.landed_file_seen"] += cur.execute(
            sql_text("load/publish_meta_landed_file_seen.sql"), params
        ).fetchone()[0]
        outcomes = dict(cur.execute(sql_text("load/publish_counts.sql")).fetchall())
        grown = _grown(cur, counts)
        counts["tables_analyzed"] = len(grown)
        _analyze(cur, grown)
        if before_commit is not None:
            before_commit()
        counts["staging_truncated"], counts["staging_deleted"] = _clear_staging(cur, run_id)
    return {**{f"files_{o}": outcomes.get(o, 0) for o in OUTCOMES}, **counts}


# Tables whose statistics a big publish can leave stale; the counts key of the rows inserted is the
# table's name, but for meta.landed_file.
GROWN = (*(name for name, _ in DIMENSIONS), "core.dim_article", "core.dim_official",
         *(name for name, _ in FACTS), "core.fct_article", "meta.landed_file")
INSERTED_KEY = {"meta.landed_file": "meta.landed_file_seen"}


def _grown(cur, counts: dict[str, int]) -> list[str]:
    """The tables this publish grew by more than a tenth and 50 rows, in GROWN's order.

    Autovacuum would analyze them too, but minutes later when it is busy vacuuming a big load, and
    until then the next run's statements are planned without statistics: on a warehouse of 10^6
    articles a 100-file run then scanned whole tables (45 s instead of a few). The threshold is
    autovacuum's own (10 % + 50 rows), so a small run analyzes nothing.
    """
    sizes = dict(cur.execute("select c.oid::regclass::text, c.reltuples from pg_class as c"
                             " where c.oid = any(%s::regclass[])", (list(GROWN),)).fetchall())
    # reltuples is -1 for a table never analyzed
    inserted = {table: counts.get(INSERTED_KEY.get(table, table), 0) for table in GROWN}
    return [table for table in GROWN if inserted[table] > 0.1 * max(sizes.get(table, 0), 0) + 50]


def _analyze(cur, tables: list[str]) -> None:
    """ANALYZE `tables` in the publish transaction, at the server's default sample size (not the small
    one publish sets for staging), so that their statistics commit with the rows they describe: no
    reader plans a query on the new rows without them.

    It costs less than analyzing after commit did, on two sessions at once. A staged 10^5 run cloned
    per try, the two alternating, three times each: the whole publish 16.44-17.44 s with the two sessions
    after commit, 15.26-16.49 s in the transaction (each pair lower by 0.32-2.18 s).
    """
    if tables:
        cur.execute("set local default_statistics_target to default")
        cur.execute("analyze " + ", ".join(tables))


def _clear_staging(cur, run_id: str) -> tuple[int, int]:
    """Remove the run's rows from staging: (1, 0) when the tables were truncated, else (0, rows deleted).

    When staging holds this run's rows only and no other session is using it, TRUNCATE empties it
    (under an ACCESS EXCLUSIVE lock held to commit, taken with NOWAIT so it can never deadlock
    with a loader); a DELETE of a big run would leave its dead rows for the next run's scans.
    Otherwise (other runs' rows, a busy table, a role without the TRUNCATE privilege) the run's
    rows are deleted, other runs' rows stay, and the savepoint gives the lock back.
    """
    import psycopg

    params = {"run_id": run_id}
    cur.execute("savepoint clear_staging")
    try:
        cur.execute(sql_text("load/lock_staging.sql"))
        if not cur.execute(sql_text("load/staging_other_runs.sql"), params).fetchone()[0]:
            cur.execute(sql_text("load/truncate_staging.sql"))
            cur.execute("release savepoint clear_staging")
            return 1, 0
    except (psycopg.errors.LockNotAvailable, psycopg.errors.InsufficientPrivilege):
        pass
    cur.execute("rollback to savepoint clear_staging")
    return 0, cur.execute(sql_text("load/clear_staging_run.sql"), params).fetchone()[0]


FACT_TABLES = ("core.fct_article", *(name for name, _ in FACTS))
# The tables whose indexes a first load builds after their rows: the facts (nothing references them),
# and the two big dimensions but for the keys the facts reference; each is rebuilt as soon as its
# table is written, before a later statement looks rows up through it. meta.landed_file keeps its key:
# its upserts need it.
REBUILT_TABLES = ("core.dim_article", "core.dim_official", *FACT_TABLES)
# What a run writes into; a first load finds them all empty. The reference dimensions (dim_region,
# dim_date) and the file digest that discovery compares are never truncated.
FIRST_LOAD_TABLES = ("core.dim_source", "core.dim_campaign", "core.dim_article", "core.dim_official",
                     *FACT_TABLES, "meta.landed_file", "meta.quarantine")


def _truncate_empty(cur) -> list[str]:
    """TRUNCATE the tables of FIRST_LOAD_TABLES that are empty, when that skips the WAL; returns them.

    Under wal_level = minimal (the embedded server's setting), rows written into a table truncated
    in the same transaction are not WAL-logged, nor are its index entries: the table is synced to
    disk at commit. A first load into an empty warehouse, the biggest publish there is, then writes
    its rows once instead of twice. Truncating an empty table changes nothing else. Under any
    other wal_level it would gain nothing and hold ACCESS EXCLUSIVE locks (readers wait) until
    commit, so nothing is truncated; nor when the role may not.
    A dimension can only be empty when every fact referencing it is, so the set is always one
    TRUNCATE may take (it refuses to empty a referenced table without its referencing ones).
    """
    if cur.execute("select current_setting('wal_level')").fetchone()[0] != "minimal":
        return []
    empty_flags = cur.execute(
        "select " + ", ".join(f"not exists (select from {table})" for table in FIRST_LOAD_TABLES)
    ).fetchone()
    empty = [table for table, is_empty in zip(FIRST_LOAD_TABLES, empty_flags) if is_empty]
    if empty and _if_allowed(cur, "truncate " + ", ".join(empty)):
        return empty
    return []


def _drop_indexes(cur, tables: list[str]) -> dict[str, list[str]]:
    """Drop the indexes (primary and unique keys included) of `tables`, all empty; returns, per table,
    the statements that rebuild them (`_rebuild` runs them).

    Building an index once from all its rows (a sort, on parallel workers) costs a fraction of
    inserting the rows' entries one by one, so a first load fills the empty tables bare and
    rebuilds their indexes after, in the same transaction and under the same names; a duplicate
    then fails the rebuild, and the transaction, as it would have failed the insert. Indexes that
    a foreign key depends on are kept. A role that does not own the tables drops nothing and
    fills them with their indexes.
    """
    if not tables:
        return {}
    rows = cur.execute(sql_text("load/publish_rebuilt_indexes.sql"), {"tables": tables}).fetchall()
    if not _if_allowed(cur, *(drop for _, drop, _ in rows)):
        return {}
    rebuild: dict[str, list[str]] = {}
    for table, _, statement in rows:
        rebuild.setdefault(table, []).append(statement)
    return rebuild


def _rebuild(cur, rebuild: dict[str, list[str]], table: str) -> None:
    """Rebuild the indexes `_drop_indexes` dropped on `table` (none when it dropped none there)."""
    for statement in rebuild.pop(table, ()):
        cur.execute(statement)


def _triggers_off(cur) -> bool:
    """Turn triggers (so foreign-key checks) off for the transaction, when the role may; True if so."""
    return _if_allowed(cur, "set local session_replication_role = replica")


def _if_allowed(cur, *statements: str) -> bool:
    """Run `statements` all or none: False (and nothing done, locks given back) when the role may not."""
    import psycopg

    cur.execute("savepoint if_allowed")
    try:
        for statement in statements:
            cur.execute(statement)
    except psycopg.errors.InsufficientPrivilege:
        cur.execute("rollback to savepoint if_allowed")
        return False
    cur.execute("release savepoint if_allowed")
    return True
