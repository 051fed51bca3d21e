-- The section rows of records an earlier load of this run staged (a retried batch). These tables
-- have no index on the path: loads and publish read them whole, so only a retry scans them.
with official_role as (
    delete from staging.official_role where run_id = %(run_id)s and source_path = any(%(paths)s) returning 1
), region_mention as (
    delete from staging.region_mention where run_id = %(run_id)s and source_path = any(%(paths)s) returning 1
), figure as (
    delete from staging.figure where run_id = %(run_id)s and source_path = any(%(paths)s) returning 1
), ranking_item as (
    delete from staging.ranking_item where run_id = %(run_id)s and source_path = any(%(paths)s) returning 1
), campaign_mention as (
    delete from staging.campaign_mention where run_id = %(run_id)s and source_path = any(%(paths)s) returning 1
), meeting as (
    delete from staging.meeting where run_id = %(run_id)s and source_path = any(%(paths)s) returning 1
), keyword as (
    delete from staging.keyword where run_id = %(run_id)s and source_path = any(%(paths)s) returning 1
)
select (select count(*) from official_role) + (select count(*) from region_mention)
       + (select count(*) from figure) + (select count(*) from ranking_item)
       + (select count(*) from campaign_mention) + (select count(*) from meeting)
       + (select count(*) from keyword) as deleted;
