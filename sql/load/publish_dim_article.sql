-- New articles are inserted, replaced ones updated in place (their key stays); both are
-- remembered in pub_article for the dimensions and facts that follow. Dates: see the column
-- comments of core.dim_article; a date-only published_at is midnight in the session's time
-- zone, which publish sets to Asia/Shanghai.
-- New articles take the next keys of the identity's sequence in the order of their natural key
-- (numbered, first_key; the publishing role needs USAGE and UPDATE on that sequence, as its owner
-- has), so the keys do not depend on the order rows are written in, and the rows are never sorted
-- with their text. src, read three times, is kept once: it holds what is computed and joined, and
-- where its staging row is (staged_row, the ctid); the writes fetch the staged columns from there.
-- Kept with the bodies, src outgrew work_mem on a big run and the ordered insert sorted it on
-- disk: at 10^6 articles, 27 s of this statement. The insert fetches each new article's staged
-- row by its address (a lateral subquery, kept from being flattened into a join by offset 0):
-- joined, the staged rows were hashed with their bodies (320 MB at 10^5 articles). A staged 10^5
-- run cloned per try, three tries each, alternating: this statement 2.59-2.60 s joined, 2.41-2.44 s
-- fetched.
with src as (
    select a.source_path as article_id, f.outcome, a.ctid as staged_row,
           a.published_at::timestamptz as published_at,
           pd.published_date,
           case when a.event_date !~ '^--' then core.written_date(a.event_date, null) end as event_date,
           case when a.event_date ~ '^--' then a.event_date end as event_month_day,
           coalesce(core.written_date(a.event_date, pd.published_date), pd.published_date) as reference_date,
           s.source_key, r.region_key, a.region_code, a.sha256, a.extractor_version,
           coalesce(length(a.body), 0) as body_length,
           a.official_count, a.official_role_count, a.region_count, a.figure_count, a.money_figure_count,
           a.money_total, a.ranking_count, a.ranking_item_count, a.campaign_count, a.meeting_count,
           a.keyword_count
    from staging.article as a
    join pub_file as f on f.source_path = a.source_path and f.outcome in ('loaded', 'replaced')
    -- offset 0 keeps the publication date a column, so that written_date is inlined where it is an argument
    cross join lateral (select core.written_date(a.published_at, null) as published_date offset 0) as pd
    left join core.dim_source as s on s.source_id = a.source
    left join core.dim_region as r on r.region_id = a.region_code
    where a.run_id = %(run_id)s
),
updated as (
    update core.dim_article as d
    set file_name = a.file_name, title = a.title, published_at = src.published_at,
        published_date = src.published_date, event_date = src.event_date,
        event_month_day = src.event_month_day, reference_date = src.reference_date,
        source_key = src.source_key, region_key = src.region_key, url = a.url, script = a.script,
        editors = a.editors, reporters = a.reporters, encoding = a.encoding,
        container = a.container, sha256 = src.sha256, extractor_version = src.extractor_version,
        body = a.body, run_id = %(run_id)s
    from src
    join staging.article as a on a.ctid = src.staged_row
    where src.outcome = 'replaced'
      and d.article_id = src.article_id
    returning d.article_id, d.article_key
),
numbered as (
    select src.*, row_number() over (order by src.article_id) as article_no
    from src
    where src.outcome = 'loaded'
),
first_key as materialized (  -- one row, when there are new articles: their keys are taken from the sequence at once
    select setval(seq, nextval(seq) + n - 1) - n + 1 as first_article_key
    from (select count(*) as n from numbered) as c
    cross join (select pg_get_serial_sequence('core.dim_article', 'article_key')::regclass as seq) as s
    where n > 0
),
inserted as (
    insert into core.dim_article (article_key, article_id, file_name, title, published_at, published_date,
                                  event_date, event_month_day, reference_date, source_key, region_key, url,
                                  script, editors, reporters, encoding, container, sha256, extractor_version,
                                  body, run_id)
    overriding system value
    select k.first_article_key + n.article_no - 1, n.article_id, a.file_name, a.title, n.published_at,
           n.published_date, n.event_date, n.event_month_day, n.reference_date, n.source_key, n.region_key,
           a.url, a.script, a.editors, a.reporters, a.encoding, a.container, n.sha256, n.extractor_version,
           a.body, %(run_id)s
    from numbered as n
    cross join first_key as k
    cross join lateral (select * from staging.article as a where a.ctid = n.staged_row offset 0) as a
    returning article_id, article_key
),
written as (
    select article_id, article_key, false as is_new from updated
    union all
    select article_id, article_key, true from inserted
)
insert into pub_article (source_path, article_key, is_new, region_code, sha256, extractor_version, published_date,
                         event_date, reference_date, source_key, region_key, body_length, official_count,
                         official_role_count, region_count, figure_count, money_figure_count, money_total,
                         ranking_count, ranking_item_count, campaign_count, meeting_count, keyword_count)
select src.article_id, w.article_key, w.is_new, src.region_code, src.sha256, src.extractor_version,
       src.published_date, src.event_date, src.reference_date, src.source_key, src.region_key,
       src.body_length, src.official_count, src.official_role_count, src.region_count, src.figure_count,
       src.money_figure_count, src.money_total, src.ranking_count, src.ranking_item_count, src.campaign_count,
       src.meeting_count, src.keyword_count
from written as w
join src on src.article_id = w.article_id;
