insert into core.fct_figure (article_key, figure_no, kind, value, unit, text, sha256, extractor_version,
                             span_start, span_end)
select p.article_key, g.figure_no, g.kind, g.value, g.unit, g.text, p.sha256, p.extractor_version,
       g.span_start, g.span_end
from staging.figure as g
join pub_article as p on p.source_path = g.source_path
where g.run_id = %(run_id)s;
