-- One row per quarantined file version; quarantining the same version again only records the
-- latest run and reason (and reopens it).
insert into meta.quarantine as q (source_path, sha256, run_id, last_run_id, stage, reason,
                                  failed_expectations, record)
select s.source_path, s.sha256, %(run_id)s, %(run_id)s, s.stage, s.reason, s.failed_expectations, s.record
from staging.quarantine as s
where s.run_id = %(run_id)s
order by s.source_path
on conflict on constraint quarantine_version_uq do update
    set last_run_id = excluded.last_run_id,
        stage = excluded.stage,
        reason = excluded.reason,
        failed_expectations = excluded.failed_expectations,
        record = excluded.record,
        is_resolved = false,
        resolved_run_id = null
    where (q.last_run_id, q.stage, q.reason, q.failed_expectations, q.record, q.is_resolved)
          is distinct from (excluded.last_run_id, excluded.stage, excluded.reason,
                            excluded.failed_expectations, excluded.record, false);
