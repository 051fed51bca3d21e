-- staging.official_role rows of one run, with has_article: the row's source_path is an article of the same run.
select
    f.*,
    exists (
        select 1 from staging.article as a
        where a.run_id = f.run_id and a.source_path = f.source_path
    ) as has_article
from staging.official_role as f
where f.run_id = :run_id
