insert into core.fct_region_mention (article_key, region_no, region_key, name, mention_count, sha256,
                                     extractor_version, span_start, span_end)
select p.article_key, m.region_no, r.region_key, m.name, m.mention_count, p.sha256, p.extractor_version,
       m.span_start, m.span_end
from staging.region_mention as m
join pub_article as p on p.source_path = m.source_path
join core.dim_region as r on r.region_id = core.region_id_of(m.admin_code, m.level, m.name, p.region_code)
where m.run_id = %(run_id)s;
