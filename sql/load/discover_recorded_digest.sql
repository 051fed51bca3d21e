-- Discovery: the digest of the file states meta.landed_file recorded (kept by the triggers of
-- sql/schema/074_discovery.sql and 076), for discovery to compare with the landing folder's. One
-- value of (bucket int4, hash_sum int8, file_count int8) triples, big-endian: up to 65,536
-- buckets arrive at once, not as rows.
select coalesce(string_agg(int4send(bucket) || int8send(hash_sum) || int8send(file_count), ''::bytea), ''::bytea)
from meta.landed_file_digest;
