-- Discovery at scale: a per-bucket digest of the file states meta.landed_file recorded, so a run
-- that finds little compares 16,384 bucket digests instead of every file. etl/ingest/discover.py
-- computes the same digest of the landing listing and compares file by file only the buckets
-- whose digests differ.
--
-- A file's state is size_bytes and mtime_ns (8 bytes each, big-endian) followed by source_path
-- (UTF-8). Of its md5, the first 14 bits name the bucket and the last 64 bits are its hash; a
-- bucket's digest is the sum of its files' hashes mod 2^64. A new, changed, renamed or deleted file changes the digest of
-- the bucket(s) it leaves and enters, but for a 2^-64 chance. Only files discovery recorded
-- (size and mtime not null) count: a forgotten file (replay) leaves its bucket, so the next
-- discovery compares that bucket's files and reads it again.
--
-- Statement triggers keep the digest in step with every write to meta.landed_file (publish,
-- replay, a manual fix), in the writer's transaction, whatever session_replication_role says.
-- An UPDATE counts only the rows whose (source_path, size_bytes, mtime_ns) changed, so
-- publishing outcomes costs nothing here.

create table meta.landed_file_digest (
    bucket   integer primary key,
    hash_sum bigint not null
);
comment on table meta.landed_file_digest is
    'One row per bucket of the files meta.landed_file recorded (16,384 buckets by md5 of the file''s state): '
    'the sum of their hashes. Kept by triggers on meta.landed_file; discovery skips the buckets it matches.';
comment on column meta.landed_file_digest.bucket is
    'First 14 bits of the md5 of the file''s state (meta.landed_file_state_md5): 0 … 16383.';
comment on column meta.landed_file_digest.hash_sum is
    'Sum mod 2^64 of the last 64 bits of that md5 over the bucket''s files, as a signed 64-bit integer.';

create function meta.landed_file_state_md5(source_path text, size_bytes bigint, mtime_ns bigint) returns text
    language sql stable parallel safe  -- stable, as convert_to is
    return md5(int8send(size_bytes) || int8send(mtime_ns) || convert_to(source_path, 'UTF8'));
comment on function meta.landed_file_state_md5(text, bigint, bigint) is
    'md5 (hex) of a file''s state as discovery hashes it: size and mtime (int8, big-endian), then the path in UTF-8.';

create function meta.wrap64(n numeric) returns bigint
    language sql immutable parallel safe
    return ((n % 18446744073709551616 + 27670116110564327424) % 18446744073709551616
            - 9223372036854775808)::bigint;
comment on function meta.wrap64(numeric) is 'n mod 2^64 as a signed 64-bit integer (two''s complement).';

create function meta.landed_file_bucket(state_md5 text) returns integer
    language sql immutable parallel safe
    return ('x' || left(state_md5, 4))::bit(16)::integer >> 2;
comment on function meta.landed_file_bucket(text) is 'A file''s digest bucket: the first 14 bits of its state md5.';

create function meta.landed_file_hash(state_md5 text) returns bigint
    language sql immutable parallel safe
    return ('x' || right(state_md5, 16))::bit(64)::bigint;
comment on function meta.landed_file_hash(text) is 'A file''s digest hash: the last 64 bits of its state md5, signed.';

-- One trigger function per event: a trigger sees only its own event's transition tables. The
-- md5 of each state is computed once (materialized), then summed into its bucket.
create function meta.add_landed_file_digest() returns trigger
    language plpgsql as $$
begin
    with entered as materialized (
        select meta.landed_file_state_md5(source_path, size_bytes, mtime_ns) as md5
        from new_rows
        where size_bytes is not null and mtime_ns is not null
    )
    insert into meta.landed_file_digest as d (bucket, hash_sum)
    select meta.landed_file_bucket(md5), meta.wrap64(sum(meta.landed_file_hash(md5)))
    from entered
    group by 1
    order by 1
    on conflict (bucket) do update
        set hash_sum = meta.wrap64(d.hash_sum::numeric + excluded.hash_sum);
    return null;
end $$;
comment on function meta.add_landed_file_digest() is
    'Statement trigger of meta.landed_file (insert): adds the new files to meta.landed_file_digest.';

create function meta.subtract_landed_file_digest() returns trigger
    language plpgsql as $$
begin
    with gone as materialized (
        select meta.landed_file_state_md5(source_path, size_bytes, mtime_ns) as md5
        from old_rows
        where size_bytes is not null and mtime_ns is not null
    )
    insert into meta.landed_file_digest as d (bucket, hash_sum)
    select meta.landed_file_bucket(md5), meta.wrap64(-sum(meta.landed_file_hash(md5)))
    from gone
    group by 1
    order by 1
    on conflict (bucket) do update
        set hash_sum = meta.wrap64(d.hash_sum::numeric + excluded.hash_sum);
    return null;
end $$;
comment on function meta.subtract_landed_file_digest() is
    'Statement trigger of meta.landed_file (delete): subtracts the deleted files from meta.landed_file_digest.';

create function meta.move_landed_file_digest() returns trigger
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
    insert into meta.landed_file_digest as d (bucket, hash_sum)
    select meta.landed_file_bucket(md5),
           meta.wrap64(coalesce(sum(meta.landed_file_hash(md5)) filter (where sign = 1), 0)
                       - coalesce(sum(meta.landed_file_hash(md5)) filter (where sign = -1), 0))
    from changed
    group by 1
    order by 1
    on conflict (bucket) do update
        set hash_sum = meta.wrap64(d.hash_sum::numeric + excluded.hash_sum);
    return null;
end $$;
comment on function meta.move_landed_file_digest() is
    'Statement trigger of meta.landed_file (update): moves the files whose path, size or mtime changed '
    'from their old state''s bucket to their new one in meta.landed_file_digest.';

create trigger landed_file_digest_insert after insert on meta.landed_file
    referencing new table as new_rows
    for each statement execute function meta.add_landed_file_digest();
create trigger landed_file_digest_update after update on meta.landed_file
    referencing old table as old_rows new table as new_rows
    for each statement execute function meta.move_landed_file_digest();
create trigger landed_file_digest_delete after delete on meta.landed_file
    referencing old table as old_rows
    for each statement execute function meta.subtract_landed_file_digest();

-- publish runs with session_replication_role = replica (no per-row foreign-key checks), which
-- silences ordinary triggers: the digest must follow publish all the same
alter table meta.landed_file enable always trigger landed_file_digest_insert;
alter table meta.landed_file enable always trigger landed_file_digest_update;
alter table meta.landed_file enable always trigger landed_file_digest_delete;

create function meta.clear_landed_file_digest() returns trigger
    language plpgsql as $$
begin
    delete from meta.landed_file_digest;
    return null;
end $$;
comment on function meta.clear_landed_file_digest() is
    'Statement trigger of meta.landed_file: a truncate empties the digest.';

create trigger landed_file_digest_truncate after truncate on meta.landed_file
    for each statement execute function meta.clear_landed_file_digest();
alter table meta.landed_file enable always trigger landed_file_digest_truncate;

-- the digest of what is already recorded
insert into meta.landed_file_digest (bucket, hash_sum)
with recorded as materialized (
    select meta.landed_file_state_md5(source_path, size_bytes, mtime_ns) as md5
    from meta.landed_file
    where size_bytes is not null and mtime_ns is not null
)
select meta.landed_file_bucket(md5), meta.wrap64(sum(meta.landed_file_hash(md5)))
from recorded
group by 1;
