-- One row per official × article × role, as staged (staging.official_role has the fact's grain:
-- etl/load/staging.py picks the evidence sentence and the title).
insert into core.fct_official_role (article_key, official_key, role, title, titles, mention_count, sha256,
                                    extractor_version, span_start, span_end)
select p.article_key, d.official_key, o.role, o.title, o.titles, o.mention_count, p.sha256,
       p.extractor_version, o.span_start, o.span_end
from staging.official_role as o
join pub_article as p on p.source_path = o.source_path
join core.dim_official as d on d.official_id = core.official_id_of(o.name, p.region_code)
where o.run_id = %(run_id)s;
