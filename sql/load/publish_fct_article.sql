-- After the other facts: one row per published article with the counts of its facts, as the
-- fact statements recorded them in pub_fact_count (every fact of a published article is new).
with counted as (
    select c.article_key,
           sum(c.fact_rows) filter (where c.fact = 'official_role') as official_role_count,
           sum(c.distinct_keys) filter (where c.fact = 'official_role') as official_count,
           sum(c.fact_rows) filter (where c.fact = 'region_mention') as region_count,
           sum(c.fact_rows) filter (where c.fact = 'figure') as figure_count,
           sum(c.money_rows) filter (where c.fact = 'figure') as money_figure_count,
           sum(c.money_total) filter (where c.fact = 'figure') as money_total,
           sum(c.distinct_keys) filter (where c.fact = 'ranking_item') as ranking_count,
           sum(c.fact_rows) filter (where c.fact = 'ranking_item') as ranking_item_count,
           sum(c.fact_rows) filter (where c.fact = 'campaign_mention') as campaign_count,
           sum(c.fact_rows) filter (where c.fact = 'meeting') as meeting_count,
           sum(c.fact_rows) filter (where c.fact = 'keyword') as keyword_count
    from pub_fact_count as c
    group by c.article_key
)
insert into core.fct_article (article_key, date_key, published_date_key, event_date_key, source_key, region_key,
                              official_count, official_role_count, region_count, figure_count,
                              money_figure_count, money_total, ranking_count, ranking_item_count,
                              campaign_count, meeting_count, keyword_count, sha256, extractor_version,
                              span_start, span_end)
select p.article_key, core.date_key(p.reference_date), core.date_key(p.published_date),
       core.date_key(p.event_date), p.source_key, p.region_key,
       coalesce(c.official_count, 0), coalesce(c.official_role_count, 0), coalesce(c.region_count, 0),
       coalesce(c.figure_count, 0), coalesce(c.money_figure_count, 0), c.money_total,
       coalesce(c.ranking_count, 0), coalesce(c.ranking_item_count, 0), coalesce(c.campaign_count, 0),
       coalesce(c.meeting_count, 0), coalesce(c.keyword_count, 0), p.sha256, p.extractor_version,
       0, p.body_length
from pub_article as p
left join counted as c on c.article_key = p.article_key
order by p.article_key;
