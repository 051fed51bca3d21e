-- Regions the run's articles need that the gazetteer lacks: article regions and mentioned
-- divisions with unknown codes, and development zones (id zone:<article region>:<name>,
-- parent the article's region). Parent keys are linked afterwards (link_dim_region_parent.sql).
with published as (
    select f.source_path, f.region_code, f.region_name
    from pub_file as f
    where f.outcome in ('loaded', 'replaced')
),
wanted as (
    select p.region_code as region_id, p.region_code as admin_code, p.region_name as name,
           null::text as level, null::text as context_id
    from published as p
    where p.region_code is not null and p.region_name is not null
    union all
    select core.region_id_of(m.admin_code, m.level, m.name, p.region_code), nullif(m.admin_code, ''),
           m.name, m.level, p.region_code
    from staging.region_mention as m
    join published as p on p.source_path = m.source_path
    where m.run_id = %(run_id)s
),
guessed as (
    select distinct on (w.region_id)
           w.region_id, w.admin_code, w.name,
           coalesce(w.level, case
               when w.admin_code ~ '0000$' then 'province'
               when w.admin_code ~ '00$' then 'prefecture'
               else 'county'
           end) as level,
           w.context_id
    from wanted as w
    where not exists (select 1 from core.dim_region as d where d.region_id = w.region_id)
    order by w.region_id, w.name
)
insert into core.dim_region (region_id, admin_code, name, level, parent_region_id)
select g.region_id, g.admin_code, g.name, g.level,
       case
           when g.admin_code is null then g.context_id
           when g.level = 'province' then null
           when g.level = 'prefecture' then substr(g.admin_code, 1, 2) || '0000'
           when exists (select 1 from core.dim_region as d where d.region_id = substr(g.admin_code, 1, 4) || '00')
               then substr(g.admin_code, 1, 4) || '00'
           else substr(g.admin_code, 1, 2) || '0000'
       end
from guessed as g
order by g.region_id;
