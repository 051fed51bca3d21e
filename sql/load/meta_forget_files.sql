-- Replay: forget the last seen size and mtime of files so the next discovery reads them again.
-- %(paths)s: the source paths to forget (null: none by name); %(all_quarantined)s: also every quarantined file.
update meta.landed_file
set size_bytes = null,
    mtime_ns = null
where (source_path = any(%(paths)s) or (%(all_quarantined)s and outcome = 'quarantined'))
  and (size_bytes is not null or mtime_ns is not null);
