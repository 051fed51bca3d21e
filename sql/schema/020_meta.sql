-- Pipeline metadata: runs, the landing folder's files, quarantine, suite results.

create table meta.pipeline_run (
    run_id      text primary key,
    started_at  timestamptz,
    finished_at timestamptz,
    status      text not null default 'running',
    counts      jsonb not null default '{}'::jsonb
);
comment on table meta.pipeline_run is 'One row per pipeline run (an Airflow DAG run or a CLI run).';
comment on column meta.pipeline_run.run_id is 'The run''s id (natural key), e.g. the Airflow run_id.';
comment on column meta.pipeline_run.started_at is 'When the run started, as passed in by the pipeline.';
comment on column meta.pipeline_run.finished_at is 'When the run finished, as passed in; null while running.';
comment on column meta.pipeline_run.status is 'running, success or failed (free text set by the pipeline).';
comment on column meta.pipeline_run.counts is 'Counts reported at the end of the run (files seen, loaded, rows …).';

create table meta.landed_file (
    source_path       text primary key,
    size_bytes        bigint,
    mtime_ns          bigint,
    sha256            text,
    outcome           text check (outcome in ('loaded', 'quarantined', 'duplicate')),
    reason            text,
    article_id        text,
    first_seen_run_id text not null,
    last_run_id       text not null
);
comment on table meta.landed_file is
    'One row per file path ever seen in the landing folder, with its last seen state and outcome.';
comment on column meta.landed_file.source_path is 'Path relative to the landing folder (natural key; = article_id when loaded).';
comment on column meta.landed_file.size_bytes is 'Size in bytes when last seen by discovery; null if never seen by discovery.';
comment on column meta.landed_file.mtime_ns is 'Modification time (ns since epoch) when last seen by discovery.';
comment on column meta.landed_file.sha256 is 'sha256 (hex) of the raw bytes last seen; null when unreadable.';
comment on column meta.landed_file.outcome is
    'What publishing did with the last version: loaded, quarantined or duplicate; null until published.';
comment on column meta.landed_file.reason is 'Why: the quarantine reason, or the path a duplicate repeats; null when loaded.';
comment on column meta.landed_file.article_id is
    'The core.dim_article.article_id holding this file''s content (its own path, or the original for a duplicate).';
comment on column meta.landed_file.first_seen_run_id is 'The run that first saw this path.';
comment on column meta.landed_file.last_run_id is 'The latest run that saw or published this path.';

create table meta.quarantine (
    quarantine_key      bigint generated always as identity primary key,
    source_path         text not null,
    sha256              text,
    run_id              text not null,
    last_run_id         text not null,
    stage               text not null,
    reason              text not null,
    failed_expectations text[] not null default '{}',
    record              jsonb,
    is_resolved         boolean not null default false,
    resolved_run_id     text,
    constraint quarantine_version_uq unique nulls not distinct (source_path, sha256)
);
comment on table meta.quarantine is
    'One row per quarantined file version (source_path + sha256); resolved when a later run loads that path.';
comment on column meta.quarantine.quarantine_key is 'Surrogate key.';
comment on column meta.quarantine.source_path is 'Path of the file relative to the landing folder.';
comment on column meta.quarantine.sha256 is 'sha256 of the quarantined version''s raw bytes; null when unreadable.';
comment on column meta.quarantine.run_id is 'The run that first quarantined this version.';
comment on column meta.quarantine.last_run_id is 'The latest run that quarantined this version.';
comment on column meta.quarantine.stage is 'Where it failed: ingest, extract or validate.';
comment on column meta.quarantine.reason is 'Why it failed, in words.';
comment on column meta.quarantine.failed_expectations is 'Names of the failed expectations (validate stage), else empty.';
comment on column meta.quarantine.record is 'The extraction record when there was one (for replay and diagnosis), else null.';
comment on column meta.quarantine.is_resolved is 'True once a later run loaded the same source_path successfully.';
comment on column meta.quarantine.resolved_run_id is 'The run that resolved it; null while unresolved.';

create table meta.suite_result (
    suite_result_key bigint generated always as identity primary key,
    run_id    text not null,
    suite     text not null,
    target    text not null check (target in ('records', 'staging')),
    success   boolean not null,
    evaluated integer not null,
    failed    integer not null,
    details   jsonb not null default '{}'::jsonb
);
create index suite_result_run_idx on meta.suite_result (run_id);
comment on table meta.suite_result is
    'One row per execution of an expectation suite (a run validates each batch, so a suite may run several times).';
comment on column meta.suite_result.suite_result_key is 'Surrogate key, in the order results were recorded.';
comment on column meta.suite_result.run_id is 'The pipeline run.';
comment on column meta.suite_result.suite is 'Name of the Great Expectations suite.';
comment on column meta.suite_result.target is 'What was validated: records (extraction records) or staging (tables).';
comment on column meta.suite_result.success is 'True when every expectation passed.';
comment on column meta.suite_result.evaluated is 'Number of expectations evaluated.';
comment on column meta.suite_result.failed is 'Number of expectations that failed.';
comment on column meta.suite_result.details is 'Suite-specific details (failed expectations, unexpected counts …).';
