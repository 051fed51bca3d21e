-- staging.region_mention rows of one run, with has_article (the source_path is an article of the same run)
-- and has_known_region (the admin code is null, as for most development zones, or exists in core.dim_region).
select
    f.*,
    exists (
        select 1 from staging.article as a
        where a.run_id = f.run_id and a.source_path = f.source_path
    ) as has_article,
    (f.admin_code is null
     or exists (select 1 from core.dim_region as d where d.admin_code = f.admin_code)) as has_known_region
from staging.region_mention as f
where f.run_id = :run_id
