insert into core.dim_source (source_id)
select distinct f.source
from pub_file as f
where f.outcome in ('loaded', 'replaced')
  and f.source is not null
  and not exists (select 1 from core.dim_source as d where d.source_id = f.source)
order by f.source;
