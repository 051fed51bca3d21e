-- Every file of the run ends loaded, quarantined or duplicate, and what discovery saw of it
-- (staging.seen_file: size, mtime, sha256) goes into the same row in the same write: the next
-- discovery skips a file only once its outcome is published. (Seen files without an outcome are
-- publish_meta_landed_file_seen.sql's.) A quarantined new version leaves the earlier loaded version
-- (if any) published: article_id then still names it. A demoted article's path becomes a duplicate
-- without counting as seen by this run. A seen file that was gone is back.
-- Returns the rows written, and how many of them changed what discovery compares (new, or size,
-- mtime or content not as recorded): meta.landed_file_seen.
with file as (
    select f.source_path, f.sha256, f.outcome, f.reason, f.duplicate_of,
           s.size_bytes, s.mtime_ns, s.sha256 as seen_sha256, s.source_path is not null as seen
    from pub_file as f
    left join staging.seen_file as s on s.run_id = %(run_id)s and s.source_path = f.source_path
), seen_changed as (
    -- read before the write (one snapshot for the whole statement)
    select count(*) as files
    from file
    left join meta.landed_file as p on p.source_path = file.source_path
    where file.seen
      and (p.source_path is null
           or (p.size_bytes, p.mtime_ns) is distinct from (file.size_bytes, file.mtime_ns)
           or coalesce(file.seen_sha256, file.sha256, p.sha256) is distinct from coalesce(file.sha256, p.sha256))
), written as (
    insert into meta.landed_file as l (source_path, size_bytes, mtime_ns, sha256, outcome, reason, article_id,
                                       first_seen_run_id, last_run_id)
    select f.source_path, f.size_bytes, f.mtime_ns, coalesce(f.seen_sha256, f.sha256),
           case
               when f.outcome in ('duplicate', 'demoted') then 'duplicate'
               when f.outcome = 'quarantined' then 'quarantined'
               else 'loaded'
           end,
           f.reason,
           case
               when f.outcome in ('duplicate', 'demoted') then f.duplicate_of
               when f.outcome = 'quarantined'
                   then (select d.article_id from core.dim_article as d where d.article_id = f.source_path)
               else f.source_path
           end,
           %(run_id)s,
           case
               when f.outcome = 'demoted'
                   then coalesce((select p.last_run_id from meta.landed_file as p
                                  where p.source_path = f.source_path),
                                 %(run_id)s)
               else %(run_id)s
           end
    from file as f
    order by f.source_path
    -- a seen file gives its size and mtime (staging.seen_file requires both); a file not seen keeps its own
    on conflict (source_path) do update
        set size_bytes = coalesce(excluded.size_bytes, l.size_bytes),
            mtime_ns = coalesce(excluded.mtime_ns, l.mtime_ns),
            sha256 = coalesce(excluded.sha256, l.sha256),
            outcome = excluded.outcome,
            reason = excluded.reason,
            article_id = excluded.article_id,
            last_run_id = excluded.last_run_id,
            gone_since = case when excluded.mtime_ns is null then l.gone_since end
        where (l.size_bytes, l.mtime_ns, l.sha256, l.outcome, l.reason, l.article_id, l.last_run_id,
               l.gone_since)
              is distinct from (coalesce(excluded.size_bytes, l.size_bytes), coalesce(excluded.mtime_ns, l.mtime_ns),
                                coalesce(excluded.sha256, l.sha256), excluded.outcome, excluded.reason,
                                excluded.article_id, excluded.last_run_id,
                                case when excluded.mtime_ns is null then l.gone_since end)
    returning 1
)
select (select count(*) from written), (select files from seen_changed);
