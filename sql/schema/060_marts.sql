-- Views for analysts. "Date" is the article's reference date (event date when known, else
-- publication date) unless a view says otherwise.

create view marts.article_overview as
select d.article_id,
       d.title,
       dt.date as article_date,
       d.published_at,
       d.event_date,
       d.event_month_day,
       s.source_id as source_name,
       r.name as region_name,
       r.admin_code as region_code,
       r.level as region_level,
       d.url,
       d.script,
       fa.official_count,
       fa.region_count,
       fa.figure_count,
       fa.money_figure_count,
       fa.money_total,
       fa.ranking_count,
       fa.ranking_item_count,
       fa.campaign_count,
       fa.meeting_count,
       fa.keyword_count,
       d.sha256,
       d.extractor_version
from core.dim_article as d
join core.fct_article as fa on fa.article_key = d.article_key
left join core.dim_date as dt on dt.date_key = fa.date_key
left join core.dim_source as s on s.source_key = d.source_key
left join core.dim_region as r on r.region_key = d.region_key;
comment on view marts.article_overview is 'One row per article with its date, outlet, region and counts of extracted facts.';
comment on column marts.article_overview.article_id is 'The article (its landing path).';
comment on column marts.article_overview.title is 'Title.';
comment on column marts.article_overview.article_date is 'Event date when known, else publication date.';
comment on column marts.article_overview.published_at is 'Publication time.';
comment on column marts.article_overview.event_date is 'Event date when stated with its year.';
comment on column marts.article_overview.event_month_day is 'Event day as --MM-DD when stated without a year.';
comment on column marts.article_overview.source_name is 'Publishing outlet.';
comment on column marts.article_overview.region_name is 'Region the article is about.';
comment on column marts.article_overview.region_code is 'Its administrative division code.';
comment on column marts.article_overview.region_level is 'Its level: province, prefecture, county or zone.';
comment on column marts.article_overview.url is 'The article''s own link.';
comment on column marts.article_overview.script is 'Script of the input (simplified, traditional).';
comment on column marts.article_overview.official_count is 'Officials named.';
comment on column marts.article_overview.region_count is 'Regions named.';
comment on column marts.article_overview.figure_count is 'Figures extracted.';
comment on column marts.article_overview.money_figure_count is 'Money figures.';
comment on column marts.article_overview.money_total is 'Sum of money figures in yuan.';
comment on column marts.article_overview.ranking_count is 'Ranking lists.';
comment on column marts.article_overview.ranking_item_count is 'Ranked items.';
comment on column marts.article_overview.campaign_count is 'Campaigns named.';
comment on column marts.article_overview.meeting_count is 'Meetings reported.';
comment on column marts.article_overview.keyword_count is 'Keywords stored.';
comment on column marts.article_overview.sha256 is 'sha256 of the loaded version''s raw bytes.';
comment on column marts.article_overview.extractor_version is 'Extractor version of the loaded version.';

create view marts.official_activity as
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
    select r.official_key, count(distinct m.meeting_key) as meetings_attended
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
comment on view marts.official_activity is
    'One row per official (name within the region of the articles naming them) with titles, roles, meetings and dates.';
comment on column marts.official_activity.official_id is 'The official''s natural id (<region code>:<name>).';
comment on column marts.official_activity.name is 'Name.';
comment on column marts.official_activity.region_name is 'Region of the articles naming them.';
comment on column marts.official_activity.region_code is 'Its administrative division code.';
comment on column marts.official_activity.titles_seen is 'Every title the articles give them, sorted.';
comment on column marts.official_activity.roles is 'Every role they had (host, speaker, attendee, commentator, quoted), sorted.';
comment on column marts.official_activity.meetings_hosted is 'Meetings they hosted.';
comment on column marts.official_activity.meetings_attended is 'Meetings reported by articles naming them, other than those they hosted.';
comment on column marts.official_activity.articles is 'Articles naming them.';
comment on column marts.official_activity.first_seen_date is 'Earliest article date naming them.';
comment on column marts.official_activity.last_seen_date is 'Latest article date naming them.';

create view marts.campaign_mentions_by_month as
select c.campaign_id as campaign,
       dt.month_start,
       dt.year_month,
       r.name as region_name,
       r.admin_code as region_code,
       sum(coalesce(m.mention_count, 1)) as mentions,
       count(distinct m.article_key) as articles
from core.fct_campaign_mention as m
join core.dim_campaign as c on c.campaign_key = m.campaign_key
join core.fct_article as fa on fa.article_key = m.article_key
left join core.dim_date as dt on dt.date_key = fa.date_key
left join core.dim_region as r on r.region_key = fa.region_key
group by c.campaign_id, dt.month_start, dt.year_month, r.name, r.admin_code;
comment on view marts.campaign_mentions_by_month is 'One row per campaign × month × article region.';
comment on column marts.campaign_mentions_by_month.campaign is 'The campaign text.';
comment on column marts.campaign_mentions_by_month.month_start is 'First day of the month of the article date.';
comment on column marts.campaign_mentions_by_month.year_month is 'That month as YYYY-MM.';
comment on column marts.campaign_mentions_by_month.region_name is 'Region the articles are about.';
comment on column marts.campaign_mentions_by_month.region_code is 'Its administrative division code.';
comment on column marts.campaign_mentions_by_month.mentions is 'Mentions in the body (1 per article when no count was reported).';
comment on column marts.campaign_mentions_by_month.articles is 'Articles naming the campaign.';

create view marts.money_by_region_month as
select r.name as region_name,
       r.admin_code as region_code,
       dt.month_start,
       dt.year_month,
       sum(g.value) as money_total,
       count(*) as money_figures,
       count(distinct g.article_key) as articles
from core.fct_figure as g
join core.fct_article as fa on fa.article_key = g.article_key
left join core.dim_date as dt on dt.date_key = fa.date_key
left join core.dim_region as r on r.region_key = fa.region_key
where g.kind = 'money'
group by r.name, r.admin_code, dt.month_start, dt.year_month;
comment on view marts.money_by_region_month is 'One row per article region × month with the money figures of its articles.';
comment on column marts.money_by_region_month.region_name is 'Region the articles are about.';
comment on column marts.money_by_region_month.region_code is 'Its administrative division code.';
comment on column marts.money_by_region_month.month_start is 'First day of the month of the article date.';
comment on column marts.money_by_region_month.year_month is 'That month as YYYY-MM.';
comment on column marts.money_by_region_month.money_total is 'Sum of money figures in yuan (figures as stated; the same project may recur across articles).';
comment on column marts.money_by_region_month.money_figures is 'Number of money figures.';
comment on column marts.money_by_region_month.articles is 'Articles with money figures.';

create view marts.rankings as
select i.list_name,
       i.rank,
       i.item,
       ir.admin_code as item_region_code,
       d.article_id,
       d.title as article_title,
       dt.date as article_date,
       r.name as region_name,
       r.admin_code as region_code,
       i.list_no
from core.fct_ranking_item as i
join core.dim_article as d on d.article_key = i.article_key
join core.fct_article as fa on fa.article_key = i.article_key
left join core.dim_date as dt on dt.date_key = fa.date_key
left join core.dim_region as r on r.region_key = fa.region_key
left join core.dim_region as ir on ir.region_key = i.item_region_key;
comment on view marts.rankings is 'One row per ranked item of a ranking list in an article.';
comment on column marts.rankings.list_name is 'Name of the list.';
comment on column marts.rankings.rank is 'Rank, from 1.';
comment on column marts.rankings.item is 'The ranked item.';
comment on column marts.rankings.item_region_code is 'Division code of the item when it is a region with one.';
comment on column marts.rankings.article_id is 'The article.';
comment on column marts.rankings.article_title is 'Its title.';
comment on column marts.rankings.article_date is 'Its date (event date when known, else publication date).';
comment on column marts.rankings.region_name is 'Region the article is about.';
comment on column marts.rankings.region_code is 'Its administrative division code.';
comment on column marts.rankings.list_no is 'Position of the list in the article (to tell apart lists of the same name).';

create view marts.meetings as
select m.meeting_name,
       m.meeting_type,
       dt.date as meeting_date,
       m.meeting_date as meeting_date_as_written,
       coalesce(o.name, m.host_name) as host_name,
       host_role.title as host_title,
       m.form,
       r.name as region_name,
       r.admin_code as region_code,
       d.article_id,
       d.title as article_title
from core.fct_meeting as m
join core.dim_article as d on d.article_key = m.article_key
left join core.dim_date as dt on dt.date_key = m.date_key
left join core.dim_region as r on r.region_key = d.region_key
left join core.dim_official as o on o.official_key = m.host_official_key
left join lateral (
    select orl.title
    from core.fct_official_role as orl
    where orl.article_key = m.article_key and orl.official_key = m.host_official_key
    order by orl.role = 'host' desc, orl.span_start nulls last
    limit 1
) as host_role on true;
comment on view marts.meetings is 'One row per reported meeting: who hosted what, where, when, in what form.';
comment on column marts.meetings.meeting_name is 'Name of the meeting.';
comment on column marts.meetings.meeting_type is 'Type of meeting.';
comment on column marts.meetings.meeting_date is 'Its day: as stated (year from the publication when not stated), else the article date.';
comment on column marts.meetings.meeting_date_as_written is 'Its date as the article writes it, if at all.';
comment on column marts.meetings.host_name is 'The official who hosted it.';
comment on column marts.meetings.host_title is 'The host''s title as stated in the article.';
comment on column marts.meetings.form is 'video or in_person.';
comment on column marts.meetings.region_name is 'Region the article is about.';
comment on column marts.meetings.region_code is 'Its administrative division code.';
comment on column marts.meetings.article_id is 'The reporting article.';
comment on column marts.meetings.article_title is 'Its title.';
