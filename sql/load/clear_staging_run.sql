-- Empty the run's rows from every staging table (publish, once they are in core).
with article as (
    delete from staging.article where run_id = %(run_id)s returning 1
), official_role as (
    delete from staging.official_role where run_id = %(run_id)s returning 1
), region_mention as (
    delete from staging.region_mention where run_id = %(run_id)s returning 1
), figure as (
    delete from staging.figure where run_id = %(run_id)s returning 1
), ranking_item as (
    delete from staging.ranking_item where run_id = %(run_id)s returning 1
), campaign_mention as (
    delete from staging.campaign_mention where run_id = %(run_id)s returning 1
), meeting as (
    delete from staging.meeting where run_id = %(run_id)s returning 1
), keyword as (
    delete from staging.keyword where run_id = %(run_id)s returning 1
), quarantine as (
    delete from staging.quarantine where run_id = %(run_id)s returning 1
), seen_file as (
    delete from staging.seen_file where run_id = %(run_id)s returning 1
), audit as (
    delete from staging.audit where run_id = %(run_id)s returning 1
)
select (select count(*) from article) + (select count(*) from official_role)
       + (select count(*) from region_mention) + (select count(*) from figure)
       + (select count(*) from ranking_item) + (select count(*) from campaign_mention)
       + (select count(*) from meeting) + (select count(*) from keyword)
       + (select count(*) from quarantine) + (select count(*) from seen_file) as deleted;
