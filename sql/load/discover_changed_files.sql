-- Discovery: the files of the landing listing (temp table `listing`) that are new, or whose size or
-- modification time differ from what meta.landed_file recorded; in path order, so batches are stable.
-- For a local folder the listing holds only the files of the digest buckets that differ
-- (etl/ingest/discover.py): a few rows, each meeting meta.landed_file through its primary key.
select l.source_path, l.size_bytes, l.mtime_ns
from listing as l
left join meta.landed_file as f on f.source_path = l.source_path
where f.source_path is null
   or f.size_bytes is distinct from l.size_bytes
   or f.mtime_ns is distinct from l.mtime_ns
order by l.source_path;
