-- A path that this run loaded (or found unchanged or duplicate) is no longer a problem.
update meta.quarantine as q
set is_resolved = true,
    resolved_run_id = %(run_id)s
from pub_file as f
where f.source_path = q.source_path
  and f.outcome not in ('quarantined', 'demoted')
  and not q.is_resolved;
