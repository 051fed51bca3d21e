-- Staging at COPY speed. Staging rows live from a run's load to its publish, and every load
-- replaces what an earlier attempt staged for its files, so they need no crash safety: the
-- tables become UNLOGGED (no WAL; emptied by crash recovery, after which the files are simply
-- read again, since publish records them as seen only with their facts). Only the tables with
-- one row per file keep their (run_id, source_path) index: the loader finds an earlier attempt's
-- files there before it deletes their rows elsewhere, and the staging suites look articles up by
-- it; publish reads a run's rows whole. staging.article loses `record`, the whole extraction
-- record as JSON, which nothing read. staging.seen_file brings discovery's view of the files to
-- publish, which records it in meta.landed_file in the same transaction as the facts.

alter table staging.article drop column record;

alter table staging.article set unlogged;
alter table staging.official_role set unlogged;
alter table staging.region_mention set unlogged;
alter table staging.figure set unlogged;
alter table staging.ranking_item set unlogged;
alter table staging.campaign_mention set unlogged;
alter table staging.meeting set unlogged;
alter table staging.keyword set unlogged;
alter table staging.quarantine set unlogged;

drop index staging.official_role_run_idx;
drop index staging.region_mention_run_idx;
drop index staging.figure_run_idx;
drop index staging.ranking_item_run_idx;
drop index staging.campaign_mention_run_idx;
drop index staging.meeting_run_idx;
drop index staging.keyword_run_idx;

create unlogged table staging.seen_file (
    run_id      text not null,
    source_path text not null,
    size_bytes  bigint,
    mtime_ns    bigint,
    sha256      text,
    primary key (run_id, source_path)
);
comment on table staging.seen_file is
    'One row per file of a run as discovery saw it; publish records it in meta.landed_file with the facts.';
comment on column staging.seen_file.run_id is 'The pipeline run that loaded the row.';
comment on column staging.seen_file.source_path is
    'Path of the file relative to the landing folder (the article''s natural id).';
comment on column staging.seen_file.size_bytes is 'Size in bytes when discovery saw the file.';
comment on column staging.seen_file.mtime_ns is 'Modification time (ns since epoch) when discovery saw the file.';
comment on column staging.seen_file.sha256 is 'sha256 (hex) of the raw bytes read; null when they could not be read.';
