-- Make room for new versions: delete every fact of a replaced article, and drop the article of
-- a path whose content is now another path's article, with its facts. Facts are deleted here,
-- not by the foreign keys' cascade: publish may run with triggers off (etl.load.publish).
with retired as (
    select d.article_key
    from core.dim_article as d
    join pub_file as f on f.source_path = d.article_id
    where f.outcome in ('replaced', 'duplicate', 'demoted')
), fct_article as (
    delete from core.fct_article where article_key in (select article_key from retired) returning 1
), fct_official_role as (
    delete from core.fct_official_role where article_key in (select article_key from retired) returning 1
), fct_figure as (
    delete from core.fct_figure where article_key in (select article_key from retired) returning 1
), fct_ranking_item as (
    delete from core.fct_ranking_item where article_key in (select article_key from retired) returning 1
), fct_region_mention as (
    delete from core.fct_region_mention where article_key in (select article_key from retired) returning 1
), fct_campaign_mention as (
    delete from core.fct_campaign_mention where article_key in (select article_key from retired) returning 1
), fct_meeting as (
    delete from core.fct_meeting where article_key in (select article_key from retired) returning 1
), fct_keyword as (
    delete from core.fct_keyword where article_key in (select article_key from retired) returning 1
), dropped as (
    delete from core.dim_article as d
    using pub_file as f
    where f.source_path = d.article_id and f.outcome in ('duplicate', 'demoted')
    returning 1
)
select (select count(*) from fct_article) + (select count(*) from fct_official_role)
       + (select count(*) from fct_figure) + (select count(*) from fct_ranking_item)
       + (select count(*) from fct_region_mention) + (select count(*) from fct_campaign_mention)
       + (select count(*) from fct_meeting) + (select count(*) from fct_keyword) as facts_deleted,
       (select count(*) from dropped) as articles_dropped;
