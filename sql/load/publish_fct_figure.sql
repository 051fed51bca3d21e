insert into core.fct_figure (article_key, figure_no, kind, value, unit, text, sha256, extractor_version,
                             span_start, span_end)
select d.article_key, g.figure_no, g.kind, g.value, g.unit, g.text, g.sha256, a.extractor_version,
       g.span_start, g.span_end
from staging.figure as g
join staging.article as a on a.run_id = g.run_id and a.source_path = g.source_path
join pub_file as f on f.source_path = g.source_path and f.outcome in ('loaded', 'replaced')
join core.dim_article as d on d.article_id = g.source_path
where g.run_id = %(run_id)s
order by d.article_key, g.figure_no;
