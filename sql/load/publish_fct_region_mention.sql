insert into core.fct_region_mention (article_key, region_no, region_key, name, mention_count, sha256,
                                     extractor_version, span_start, span_end)
select d.article_key, m.region_no, r.region_key, m.name, m.mention_count, m.sha256, a.extractor_version,
       m.span_start, m.span_end
from staging.region_mention as m
join staging.article as a on a.run_id = m.run_id and a.source_path = m.source_path
join pub_file as f on f.source_path = m.source_path and f.outcome in ('loaded', 'replaced')
join core.dim_article as d on d.article_id = m.source_path
join core.dim_region as r on r.region_id = core.region_id_of(m.admin_code, m.level, m.name, a.region_code)
where m.run_id = %(run_id)s
order by d.article_key, m.region_no;
