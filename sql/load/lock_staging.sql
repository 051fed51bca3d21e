-- Take every staging table for the rest of the publish, or fail at once (NOWAIT) when another
-- session is using one: then the run's rows are deleted instead (clear_staging_run.sql).
-- The order is the loader's COPY order.
lock table staging.article, staging.official_role, staging.region_mention, staging.figure,
           staging.ranking_item, staging.campaign_mention, staging.meeting, staging.keyword,
           staging.quarantine, staging.seen_file, staging.audit
    in access exclusive mode nowait;
