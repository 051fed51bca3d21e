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

-- One trigger function for the three events instead of 074's three, which repeated one upsert:
-- only the file states a statement adds (+1) and removes (-1) differ by event. An UPDATE counts
-- only the rows whose size or mtime changed, so publishing outcomes costs nothing here. The
-- transition tables are visible to the dynamic statement as to a static one.
create function meta.track_landed_file_digest() returns trigger
    language plpgsql as $$
declare
    states constant text := case tg_op
        when 'INSERT' then 'select source_path, size_bytes, mtime_ns, 1 as sign from new_rows'
        when 'DELETE' then 'select source_path, size_bytes, mtime_ns, -1 as sign from old_rows'
        else 'select x.* from new_rows as n
              full join old_rows as o on o.source_path = n.source_path
              cross join lateral (values (n.source_path, n.size_bytes, n.mtime_ns, 1),
                                         (o.source_path, o.size_bytes, o.mtime_ns, -1))
                  as x(source_path, size_bytes, mtime_ns, sign)
              where (n.size_bytes, n.mtime_ns) is distinct from (o.size_bytes, o.mtime_ns)'
    end;
begin
    -- the md5 of each state is computed once (materialized), then summed into its bucket
    execute format($sql$
        with changed as materialized (
            select meta.landed_file_state_md5(source_path, size_bytes, mtime_ns) as md5, sign
            from (%s) as s
            where size_bytes is not null and mtime_ns is not null
        )
        insert into meta.landed_file_digest as d (bucket, hash_sum, file_count)
        select meta.landed_file_bucket(md5), meta.wrap64(sum(sign * meta.landed_file_hash(md5)::numeric)),
               sum(sign)
        from changed
        group by 1
        order by 1
        on conflict (bucket) do update
            set hash_sum = meta.wrap64(d.hash_sum::numeric + excluded.hash_sum),
                file_count = d.file_count + excluded.file_count
    $sql$, states);
    return null;
end $$;
comment on function meta.track_landed_file_digest() is
    'Statement trigger of meta.landed_file (insert, update, delete): adds the file states the statement '
    'brought to meta.landed_file_digest and subtracts those it took away.';

drop trigger landed_file_digest_insert on meta.landed_file;
drop trigger landed_file_digest_update on meta.landed_file;
drop trigger landed_file_digest_delete on meta.landed_file;
drop function meta.add_landed_file_digest();
drop function meta.subtract_landed_file_digest();
drop function meta.move_landed_file_digest();
create trigger landed_file_digest_insert after insert on meta.landed_file
    referencing new table as new_rows
    for each statement execute function meta.track_landed_file_digest();
create trigger landed_file_digest_update after update on meta.landed_file
    referencing old table as old_rows new table as new_rows
    for each statement execute function meta.track_landed_file_digest();
create trigger landed_file_digest_delete after delete on meta.landed_file
    referencing old table as old_rows
    for each statement execute function meta.track_landed_file_digest();
-- as in 074: the digest must follow publish, which runs with session_replication_role = replica
alter table meta.landed_file enable always trigger landed_file_digest_insert;
alter table meta.landed_file enable always trigger landed_file_digest_update;
alter table meta.landed_file enable always trigger landed_file_digest_delete;

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
