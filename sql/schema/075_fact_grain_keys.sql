-- Facts keyed by their grain. The fact tables' identity surrogate keys (official_role_key,
-- figure_key …) named nothing any query joined on, yet every publish paid for them: a sequence
-- call and an index entry per row, and an ordered insert to keep them deterministic. Each fact
-- table's primary key is now its grain: (article_key, figure_no) for figures, (article_key,
-- list_no, rank) for ranking items, and so on. fct_official_role keeps its natural unique key
-- (article_key, official_key, role) with nulls not distinct, as role may be null.
-- marts.official_activity counted meetings by meeting_key; it counts (article_key, meeting_no).

create or replace view marts.official_activity as
with roles as (
    select o.official_key, o.article_key, o.role, o.title, o.titles, dt.date
    from core.fct_official_role as o
    join core.fct_article as fa on fa.article_key = o.article_key
    left join core.dim_date as dt on dt.date_key = fa.date_key
),
titles as (
    select r.official_key, array_agg(distinct t.title order by t.title) as titles_seen
    from roles as r
    cross join lateral unnest(r.titles || r.title) as t (title)
    where t.title is not null
    group by r.official_key
),
hosted as (
    select m.host_official_key as official_key, count(*) as meetings_hosted
    from core.fct_meeting as m
    where m.host_official_key is not null
    group by m.host_official_key
),
attended as (
    -- meetings of articles naming the official, other than those they hosted
    select r.official_key, count(distinct (m.article_key, m.meeting_no)) as meetings_attended
    from (select distinct official_key, article_key from roles) as r
    join core.fct_meeting as m on m.article_key = r.article_key
    where m.host_official_key is distinct from r.official_key
    group by r.official_key
),
activity as (
    select r.official_key,
           array_agg(distinct r.role order by r.role) filter (where r.role is not null) as roles,
           count(distinct r.article_key) as articles,
           min(r.date) as first_seen_date,
           max(r.date) as last_seen_date
    from roles as r
    group by r.official_key
)
select o.official_id,
       o.name,
       reg.name as region_name,
       reg.admin_code as region_code,
       coalesce(t.titles_seen, '{}') as titles_seen,
       coalesce(a.roles, '{}') as roles,
       coalesce(h.meetings_hosted, 0) as meetings_hosted,
       coalesce(att.meetings_attended, 0) as meetings_attended,
       coalesce(a.articles, 0) as articles,
       a.first_seen_date,
       a.last_seen_date
from core.dim_official as o
left join core.dim_region as reg on reg.region_key = o.region_key
left join activity as a on a.official_key = o.official_key
left join titles as t on t.official_key = o.official_key
left join hosted as h on h.official_key = o.official_key
left join attended as att on att.official_key = o.official_key;

alter table core.fct_official_role drop column official_role_key;

alter table core.fct_figure drop column figure_key;
alter table core.fct_figure drop constraint fct_figure_article_key_figure_no_key,
    add constraint fct_figure_pkey primary key (article_key, figure_no);

alter table core.fct_ranking_item drop column ranking_item_key;
alter table core.fct_ranking_item drop constraint fct_ranking_item_article_key_list_no_rank_key,
    add constraint fct_ranking_item_pkey primary key (article_key, list_no, rank);

alter table core.fct_region_mention drop column region_mention_key;
alter table core.fct_region_mention drop constraint fct_region_mention_article_key_region_no_key,
    add constraint fct_region_mention_pkey primary key (article_key, region_no);

alter table core.fct_campaign_mention drop column campaign_mention_key;
alter table core.fct_campaign_mention drop constraint fct_campaign_mention_article_key_campaign_no_key,
    add constraint fct_campaign_mention_pkey primary key (article_key, campaign_no);

alter table core.fct_meeting drop column meeting_key;
alter table core.fct_meeting drop constraint fct_meeting_article_key_meeting_no_key,
    add constraint fct_meeting_pkey primary key (article_key, meeting_no);

alter table core.fct_keyword drop column keyword_key;
alter table core.fct_keyword drop constraint fct_keyword_article_key_keyword_no_key,
    add constraint fct_keyword_pkey primary key (article_key, keyword_no);

