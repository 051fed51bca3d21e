-- Staging section rows name their file by (run_id, source_path) only. Each carried the file's
-- sha256 as well: 64 characters in every one of a run's millions of section rows, COPYed by the
-- workers and read again by publish, though it is always the sha256 of the record's article row
-- (staging.article), from which publish now takes it.
alter table staging.official_role drop column sha256;
alter table staging.region_mention drop column sha256;
alter table staging.figure drop column sha256;
alter table staging.ranking_item drop column sha256;
alter table staging.campaign_mention drop column sha256;
alter table staging.meeting drop column sha256;
alter table staging.keyword drop column sha256;
