-- A run starts (or a retried run starts again): status back to running, first start time kept.
insert into meta.pipeline_run as r (run_id, started_at, status)
values (%(run_id)s, %(started_at)s, 'running')
on conflict (run_id) do update
    set started_at = coalesce(r.started_at, excluded.started_at),
        finished_at = null,
        status = 'running'
    where r.status <> 'running' or r.finished_at is not null or r.started_at is null;
