-- What discovery saw of a file always has a size and an mtime: publish writes a file's outcome
-- and its seen state in one upsert (publish_meta_landed_file.sql) and reads a null mtime there as
-- "not seen by this run". The loader refuses such rows (etl/load/staging.py seen_row); the table
-- says so too. Staging holds one run's rows between its COPYs and its publish.
alter table staging.seen_file alter column size_bytes set not null,
                              alter column mtime_ns set not null;
