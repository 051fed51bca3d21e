-- Publish repoints the duplicates of a demoted article (repoint_meta_landed_file.sql) by
-- article_id: without an index that is a scan of every file ever seen. Only duplicates need it.
create index landed_file_duplicate_of_idx on meta.landed_file (article_id) where outcome = 'duplicate';
