-- Keywords describe the whole article: their evidence span is the whole body.
insert into core.fct_keyword (article_key, keyword_no, term, weight, sha256, extractor_version,
                              span_start, span_end)
select d.article_key, k.keyword_no, k.term, k.weight, k.sha256, a.extractor_version,
       0, coalesce(length(d.body), 0)
from staging.keyword as k
join staging.article as a on a.run_id = k.run_id and a.source_path = k.source_path
join pub_file as f on f.source_path = k.source_path and f.outcome in ('loaded', 'replaced')
join core.dim_article as d on d.article_id = k.source_path
where k.run_id = %(run_id)s
order by d.article_key, k.keyword_no;
