-- The staging audit's result: one row per staging table of a run, with its row count and how many
-- rows break each rule. `etl.validate.validate_staging` computes it in one statement
-- (sql/load/audit_staging.sql: one pass over each table), then the GX suite `staging_audit` validates
-- these few rows, so GX never re-reads the staging tables once per expectation.
create unlogged table staging.audit (
    run_id              text   not null,
    table_name          text   not null,
    row_count           bigint not null,
    missing_values      bigint not null,
    duplicate_keys      bigint not null,
    dangling_rows       bigint not null,
    values_outside_sets bigint not null,
    unknown_regions     bigint not null,
    malformed_values    bigint not null,
    primary key (run_id, table_name)
);
comment on table staging.audit is
    'One row per staging table of a run: rows, and rows breaking each audit rule (expectations/README.md).';
comment on column staging.audit.run_id is 'The pipeline run audited.';
comment on column staging.audit.table_name is 'The staging table (article, official_role, …).';
comment on column staging.audit.row_count is 'Rows of the run in the table.';
comment on column staging.audit.missing_values is 'Rows with a required column null.';
comment on column staging.audit.duplicate_keys is 'Rows beyond the first with the same natural key within the run.';
comment on column staging.audit.dangling_rows is 'Fact rows whose source_path is not an article staged by the same run.';
comment on column staging.audit.values_outside_sets is 'Rows with a code (script, role, level, kind, form) outside its set.';
comment on column staging.audit.unknown_regions is 'Rows with an admin code core.dim_region does not hold.';
comment on column staging.audit.malformed_values is 'Rows with a malformed sha256 or a rank below 1.';
