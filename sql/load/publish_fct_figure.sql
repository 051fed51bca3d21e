with inserted as (
    insert into core.fct_figure (article_key, figure_no, kind, value, unit, text, sha256, extractor_version,
                                 span_start, span_end)
    select p.article_key, g.figure_no, g.kind, g.value, g.unit, g.text, p.sha256, p.extractor_version,
           g.span_start, g.span_end
    from staging.figure as g
    join pub_article as p on p.source_path = g.source_path
    where g.run_id = %(run_id)s
    returning article_key, kind, value
)
insert into pub_fact_count (article_key, fact, fact_rows, money_rows, money_total)
select article_key, 'figure', count(*), count(*) filter (where kind = 'money'),
       sum(value) filter (where kind = 'money')
from inserted
group by article_key;
