insert into meta.pipeline_run as r (run_id, finished_at, status, counts)
values (%(run_id)s, %(finished_at)s, %(status)s, %(counts)s)
on conflict (run_id) do update
    set finished_at = excluded.finished_at,
        status = excluded.status,
        counts = excluded.counts
    where (r.finished_at, r.status, r.counts) is distinct from (excluded.finished_at, excluded.status, excluded.counts);
