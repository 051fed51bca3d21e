-- Freshly COPYed staging rows have no statistics (autovacuum comes later, if at all): without
-- them the planner takes a run's rows for a handful and joins them by nested loops. Row counts
-- and the run_id column are what it needs (joins go through pub_article, whose key is unique);
-- statistics of bodies, names and arrays would cost more than they help.
analyze staging.article (run_id, sha256),
        staging.official_role (run_id),
        staging.region_mention (run_id),
        staging.figure (run_id),
        staging.ranking_item (run_id),
        staging.campaign_mention (run_id),
        staging.meeting (run_id),
        staging.keyword (run_id),
        staging.quarantine (run_id),
        staging.seen_file (run_id);
