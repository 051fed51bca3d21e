-- staging.article rows of one run, with has_known_region: the region code is null or exists in core.dim_region.
select
    a.run_id,
    a.source_path,
    a.sha256,
    a.file_name,
    a.script,
    a.region_code,
    a.body,
    (a.region_code is null
     or exists (select 1 from core.dim_region as d where d.admin_code = a.region_code)) as has_known_region
from staging.article as a
where a.run_id = :run_id
