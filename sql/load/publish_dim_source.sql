insert into core.dim_source (source_id)
select distinct a.source
from staging.article as a
join pub_file as f on f.source_path = a.source_path and f.outcome in ('loaded', 'replaced')
where a.run_id = %(run_id)s
  and a.source is not null
  and not exists (select 1 from core.dim_source as d where d.source_id = a.source)
order by a.source;
