-- Does staging hold rows of another run than %(run_id)s? Every staged row comes with its file's
-- row in staging.article, staging.quarantine or staging.seen_file (one transaction per batch), and
-- those three are indexed by run_id first: two short index probes each, whatever the table size.
select exists (select 1 from staging.article where run_id < %(run_id)s)
    or exists (select 1 from staging.article where run_id > %(run_id)s)
    or exists (select 1 from staging.quarantine where run_id < %(run_id)s)
    or exists (select 1 from staging.quarantine where run_id > %(run_id)s)
    or exists (select 1 from staging.seen_file where run_id < %(run_id)s)
    or exists (select 1 from staging.seen_file where run_id > %(run_id)s);
