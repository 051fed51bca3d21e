-- The staging tables hold only the published run's rows: empty them whole. Unlike a DELETE this
-- leaves no dead rows behind for the next run's scans and ANALYZE to wade through.
truncate staging.article, staging.official_role, staging.region_mention, staging.figure,
         staging.ranking_item, staging.campaign_mention, staging.meeting, staging.keyword,
         staging.quarantine, staging.seen_file, staging.audit;
