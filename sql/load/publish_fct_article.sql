-- After the other facts: one row per published article with their counts.
insert into core.fct_article (article_key, date_key, published_date_key, event_date_key, source_key, region_key,
                              official_count, official_role_count, region_count, figure_count,
                              money_figure_count, money_total, ranking_count, ranking_item_count,
                              campaign_count, meeting_count, keyword_count, sha256, extractor_version,
                              span_start, span_end)
select d.article_key, core.date_key(d.reference_date), core.date_key(d.published_date),
       core.date_key(d.event_date), d.source_key, d.region_key,
       (select count(distinct o.official_key) from core.fct_official_role as o where o.article_key = d.article_key),
       (select count(*) from core.fct_official_role as o where o.article_key = d.article_key),
       (select count(*) from core.fct_region_mention as m where m.article_key = d.article_key),
       (select count(*) from core.fct_figure as g where g.article_key = d.article_key),
       (select count(*) from core.fct_figure as g where g.article_key = d.article_key and g.kind = 'money'),
       (select sum(g.value) from core.fct_figure as g where g.article_key = d.article_key and g.kind = 'money'),
       (select count(distinct i.list_no) from core.fct_ranking_item as i where i.article_key = d.article_key),
       (select count(*) from core.fct_ranking_item as i where i.article_key = d.article_key),
       (select count(*) from core.fct_campaign_mention as c where c.article_key = d.article_key),
       (select count(*) from core.fct_meeting as m where m.article_key = d.article_key),
       (select count(*) from core.fct_keyword as k where k.article_key = d.article_key),
       d.sha256, d.extractor_version, 0, coalesce(length(d.body), 0)
from core.dim_article as d
join pub_file as f on f.source_path = d.article_id and f.outcome in ('loaded', 'replaced')
order by d.article_key;
