-- One row per published article with the counts of its facts. Publish inserts every staged row of
-- an article it publishes, so the counts are those of its staged rows, which the loader wrote with
-- the article (staging.article, via pub_article): the facts are not read again.
insert into core.fct_article (article_key, date_key, published_date_key, event_date_key, source_key, region_key,
                              official_count, official_role_count, region_count, figure_count,
                              money_figure_count, money_total, ranking_count, ranking_item_count,
                              campaign_count, meeting_count, keyword_count, sha256, extractor_version,
                              span_start, span_end)
select p.article_key, core.date_key(p.reference_date), core.date_key(p.published_date),
       core.date_key(p.event_date), p.source_key, p.region_key,
       p.official_count, p.official_role_count, p.region_count, p.figure_count, p.money_figure_count,
       p.money_total, p.ranking_count, p.ranking_item_count, p.campaign_count, p.meeting_count,
       p.keyword_count, p.sha256, p.extractor_version, 0, p.body_length
from pub_article as p
order by p.article_key;
