-- Discovery: how many files of the listing (the files of the differing buckets) meta.landed_file
-- records with a size and mtime. Every recorded file of those buckets is among them unless it is
-- gone from the landing folder (sql/schema/076_discovery_gone_files.sql).
select count(*)
from listing as l
join meta.landed_file as f on f.source_path = l.source_path
where f.size_bytes is not null and f.mtime_ns is not null;
