-- Discovery's view of the landing folder (temp table seen_in) into meta.landed_file;
-- rows already matching are not touched. The outcome stays publish's business.
with upserted as (
    insert into meta.landed_file as f (source_path, size_bytes, mtime_ns, sha256, first_seen_run_id, last_run_id)
    select distinct on (s.source_path) s.source_path, s.size_bytes, s.mtime_ns, s.sha256, %(run_id)s, %(run_id)s
    from seen_in as s
    order by s.source_path, s.ord
    on conflict (source_path) do update
        set size_bytes = excluded.size_bytes,
            mtime_ns = excluded.mtime_ns,
            sha256 = coalesce(excluded.sha256, f.sha256),
            last_run_id = excluded.last_run_id
        where (f.size_bytes, f.mtime_ns, f.sha256, f.last_run_id)
              is distinct from (excluded.size_bytes, excluded.mtime_ns, coalesce(excluded.sha256, f.sha256),
                                excluded.last_run_id)
    returning 1
)
select count(*) from upserted;
