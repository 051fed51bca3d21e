-- Run by etl.load.migrate before any numbered file: the ledger of applied migrations.
-- Idempotent; every numbered file under sql/schema/ is recorded here once applied.
create schema if not exists meta;
comment on schema meta is 'Pipeline metadata: migrations, runs, landed files, quarantine, suite results.';

create table if not exists meta.schema_migration (
    file_name  text primary key,
    checksum   text not null,
    applied_at timestamptz not null default clock_timestamp()
);
comment on table meta.schema_migration is
    'One row per migration file of sql/schema/ applied to this database, in the order applied.';
comment on column meta.schema_migration.file_name is 'Base name of the applied file, e.g. 020_meta.sql.';
comment on column meta.schema_migration.checksum is
    'sha256 (hex) of the file''s bytes when applied; a later change to an applied file is an error.';
comment on column meta.schema_migration.applied_at is 'When the file was applied (database clock).';
