-- Forget what an earlier load of this run staged for these files in the tables with one row per
-- file, so loading them again replaces their rows instead of doubling them. Returns the paths
-- that had a record staged: only those have rows in the section tables (clear_staging_sections.sql).
with article as (
    delete from staging.article where run_id = %(run_id)s and source_path = any(%(paths)s) returning source_path
), quarantine as (
    delete from staging.quarantine where run_id = %(run_id)s and source_path = any(%(paths)s)
), seen_file as (
    delete from staging.seen_file where run_id = %(run_id)s and source_path = any(%(paths)s)
)
select array(select source_path from article) as had_records;
