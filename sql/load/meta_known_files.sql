-- Files whose last seen state is fully known (discovery recorded size and mtime).
select source_path, size_bytes, mtime_ns, sha256
from meta.landed_file
where size_bytes is not null
  and mtime_ns is not null;
