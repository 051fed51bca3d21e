-- Keywords describe the whole article: their evidence span is the whole body.
insert into core.fct_keyword (article_key, keyword_no, term, weight, sha256, extractor_version,
                              span_start, span_end)
select p.article_key, k.keyword_no, k.term, k.weight, p.sha256, p.extractor_version, 0, p.body_length
from staging.keyword as k
join pub_article as p on p.source_path = k.source_path
where k.run_id = %(run_id)s;
