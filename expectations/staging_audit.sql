-- The staging audit of one run, as validate_staging computed it into staging.audit
-- (sql/load/audit_staging.sql: one pass over each staging table): one row per staging table.
select table_name, row_count, missing_values, duplicate_keys, dangling_rows, values_outside_sets,
       unknown_regions, malformed_values
from staging.audit
where run_id = :run_id
