-- Files gone from the landing folder. A recorded file that disappears leaves its digest bucket
-- different from the listing's for good, so every later discovery would compare that bucket's
-- files again, and enough deletions would make it compare everything. Discovery now notices
-- gone files and marks them (sql/load/discover_mark_gone.sql): their size and mtime are set to
-- null, which takes them out of the digest (as a replay's forgetting does), and gone_since says
-- when. A file that comes back is new to discovery and read again.
--
-- To notice them cheaply, each bucket also counts its files: the recorded files of the differing
-- buckets are all in the listing (a changed file is listed under its path) unless some are gone.

alter table meta.landed_file add column gone_since timestamptz;
comment on column meta.landed_file.gone_since is
    'When discovery found the file gone from the landing folder (its size and mtime are then null); '
    'null while it is there. Its article and facts stay.';

alter table meta.landed_file_digest add column file_count bigint not null default 0;
comment on column meta.landed_file_digest.file_count is
    'How many recorded files (size and mtime not null) the bucket holds.';

create or replace function meta.add_landed_file_digest() returns trigger
    language plpgsql as $$
begin
    with entered as materialized (
        select meta.landed_file_state_md5(source_path, size_bytes, mtime_ns) as md5
        from new_rows
        where size_bytes is not null and mtime_ns is not null
    )
    insert into meta.landed_file_digest as d (bucket, hash_sum, file_count)
    select meta.landed_file_bucket(md5), meta.wrap64(sum(meta.landed_file_hash(md5))), count(*)
    from entered
    group by 1
    order by 1
    on conflict (bucket) do update
        set hash_sum = meta.wrap64(d.hash_sum::numeric + excluded.hash_sum),
            file_count = d.file_count + excluded.file_count;
    return null;
end $$;

create or replace function meta.subtract_landed_file_digest() returns trigger
    language plpgsql as $$
begin
    with gone as materialized (
        select meta.landed_file_state_md5(source_path, size_bytes, mtime_ns) as md5
        from old_rows
        where size_bytes is not null and mtime_ns is not null
    )
    insert into meta.landed_file_digest as d (bucket, hash_sum, file_count)
    select meta.landed_file_bucket(md5), meta.wrap64(-sum(meta.landed_file_hash(md5))), -count(*)
    from gone
    group by 1
    order by 1
    on conflict (bucket) do update
        set hash_sum = meta.wrap64(d.hash_sum::numeric + excluded.hash_sum),
            file_count = d.file_count + excluded.file_count;
    return null;
end $$;

create or replace function meta.move_landed_file_digest() returns trigger
    language plpgsql as $$
begin
    -- most updates (outcomes, run ids) leave path, size and mtime alone: those rows drop out here
    with changed as materialized (
        select meta.landed_file_state_md5(x.source_path, x.size_bytes, x.mtime_ns) as md5, x.sign
        from new_rows as n
        full join old_rows as o on o.source_path = n.source_path
        cross join lateral (values (n.source_path, n.size_bytes, n.mtime_ns, 1),
                                   (o.source_path, o.size_bytes, o.mtime_ns, -1))
            as x(source_path, size_bytes, mtime_ns, sign)
        where (n.size_bytes, n.mtime_ns) is distinct from (o.size_bytes, o.mtime_ns)
          and x.size_bytes is not null and x.mtime_ns is not null
    )
    insert into meta.landed_file_digest as d (bucket, hash_sum, file_count)
    select meta.landed_file_bucket(md5),
           meta.wrap64(coalesce(sum(meta.landed_file_hash(md5)) filter (where sign = 1), 0)
                       - coalesce(sum(meta.landed_file_hash(md5)) filter (where sign = -1), 0)),
           sum(sign)
    from changed
    group by 1
    order by 1
    on conflict (bucket) do update
        set hash_sum = meta.wrap64(d.hash_sum::numeric + excluded.hash_sum),
            file_count = d.file_count + excluded.file_count;
    return null;
end $$;

-- the counts of what is already recorded
update meta.landed_file_digest as d
set file_count = c.file_count
from (
    select meta.landed_file_bucket(m) as bucket, count(*) as file_count
    from meta.landed_file,
         lateral meta.landed_file_state_md5(source_path, size_bytes, mtime_ns) as m
    where size_bytes is not null and mtime_ns is not null
    group by 1
) as c
where c.bucket = d.bucket;
