-- Upsert the gazetteer (in the session's temp table region_in) into core.dim_region,
-- changing only rows whose attributes differ, then point every division at its parent.
with upserted as (
    insert into core.dim_region as r (region_id, admin_code, name, level, parent_region_id, aliases)
    select i.admin_code, i.admin_code, i.name, i.level, i.parent_code, i.aliases
    from region_in as i
    order by i.admin_code
    on conflict (region_id) do update
        set admin_code = excluded.admin_code,
            name = excluded.name,
            level = excluded.level,
            parent_region_id = excluded.parent_region_id,
            aliases = excluded.aliases
        where (r.admin_code, r.name, r.level, r.parent_region_id, r.aliases)
              is distinct from (excluded.admin_code, excluded.name, excluded.level,
                                excluded.parent_region_id, excluded.aliases)
    returning (xmax = 0) as is_insert
)
select count(*) filter (where is_insert) as inserted,
       count(*) filter (where not is_insert) as updated
from upserted;
