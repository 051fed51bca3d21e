-- Discovery's view of the run's files that have no outcome in this publish (staging.seen_file
-- without a pub_file row; publish_meta_landed_file.sql writes the others with their outcomes) into
-- meta.landed_file. Rows already matching are not touched; a file that was gone is back.
with upserted as (
    insert into meta.landed_file as f (source_path, size_bytes, mtime_ns, sha256, first_seen_run_id, last_run_id)
    select s.source_path, s.size_bytes, s.mtime_ns, s.sha256, %(run_id)s, %(run_id)s
    from staging.seen_file as s
    where s.run_id = %(run_id)s
      and not exists (select from pub_file as p where p.source_path = s.source_path)
    order by s.source_path
    on conflict (source_path) do update
        set size_bytes = excluded.size_bytes,
            mtime_ns = excluded.mtime_ns,
            sha256 = coalesce(excluded.sha256, f.sha256),
            last_run_id = excluded.last_run_id,
            gone_since = null
        where (f.size_bytes, f.mtime_ns, f.sha256, f.last_run_id)
              is distinct from (excluded.size_bytes, excluded.mtime_ns, coalesce(excluded.sha256, f.sha256),
                                excluded.last_run_id)
    returning 1
)
select count(*) from upserted;
