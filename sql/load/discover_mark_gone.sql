-- Discovery: mark the recorded files of the differing buckets (%(buckets)s) that the listing lacks
-- as gone: size and mtime to null (out of the digest) and gone_since to now. Reads every recorded
-- state once (an md5 each), so it runs only when the bucket counts say some file is gone. The
-- caller takes publish's lock first (publish_lock.sql): publish writes the same rows.
with gone as (
    update meta.landed_file as f
    set size_bytes = null, mtime_ns = null, gone_since = now()
    where f.size_bytes is not null and f.mtime_ns is not null
      and meta.landed_file_bucket(meta.landed_file_state_md5(f.source_path, f.size_bytes, f.mtime_ns))
          = any(%(buckets)s)
      and not exists (select 1 from listing as l where l.source_path = f.source_path)
    returning 1
)
select count(*) from gone;
