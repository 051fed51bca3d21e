-- One row per staging table of one run: its row count and, per rule, how many rows break it.
-- The staging_audit suite expects every violation count to be 0. Each table is read once
-- (a suite per table and an expectation per rule would re-read it for every rule).
--   missing_values      a required column is null
--   duplicate_keys      rows beyond the first with the same natural key
--   dangling_rows       the row's source_path is not an article staged by the same run
--   values_outside_sets a code column holds a value outside its set (nulls allowed)
--   unknown_regions     an admin code that core.dim_region does not hold (null allowed: zones)
--   malformed_values    sha256 not 64 hex digits; rank below 1
-- (GX query assets must begin with SELECT, hence the outer select.)
select * from (
with article as (
    select * from staging.article where run_id = :run_id
),
official_role as (
    select * from staging.official_role where run_id = :run_id
),
region_mention as (
    select * from staging.region_mention where run_id = :run_id
),
figure as (
    select * from staging.figure where run_id = :run_id
),
ranking_item as (
    select * from staging.ranking_item where run_id = :run_id
),
campaign_mention as (
    select * from staging.campaign_mention where run_id = :run_id
),
meeting as (
    select * from staging.meeting where run_id = :run_id
),
keyword as (
    select * from staging.keyword where run_id = :run_id
),
known_article as (
    select distinct source_path from article
)
select 'article' as table_name,
       count(*) as row_count,
       count(*) filter (where source_path is null or sha256 is null or file_name is null or body is null)
           as missing_values,
       count(*) - count(distinct source_path) as duplicate_keys,
       0::bigint as dangling_rows,
       count(*) filter (where script not in ('simplified', 'traditional')) as values_outside_sets,
       count(*) filter (where region_code is not null
                          and not exists (select 1 from core.dim_region as d where d.admin_code = region_code))
           as unknown_regions,
       count(*) filter (where sha256 !~ '^[0-9a-f]{64}$') as malformed_values
from article
union all
select 'official_role', count(*),
       count(*) filter (where f.source_path is null or f.name is null),
       count(*) - count(distinct (f.source_path, f.name, f.role, f.span_start)),
       count(*) filter (where k.source_path is null),
       count(*) filter (where f.role not in ('host', 'speaker', 'attendee', 'commentator', 'quoted')),
       0, 0
from official_role as f left join known_article as k on k.source_path = f.source_path
union all
select 'region_mention', count(*),
       count(*) filter (where f.source_path is null or f.name is null),
       count(*) - count(distinct (f.source_path, f.name)),
       count(*) filter (where k.source_path is null),
       count(*) filter (where f.level not in ('province', 'prefecture', 'county', 'zone')),
       count(*) filter (where f.admin_code is not null
                          and not exists (select 1 from core.dim_region as d where d.admin_code = f.admin_code)),
       0
from region_mention as f left join known_article as k on k.source_path = f.source_path
union all
select 'figure', count(*),
       count(*) filter (where f.source_path is null or f.kind is null or f.value is null),
       0,
       count(*) filter (where k.source_path is null),
       count(*) filter (where f.kind not in ('money', 'count', 'percent', 'points', 'rank', 'duration')),
       0, 0
from figure as f left join known_article as k on k.source_path = f.source_path
union all
select 'ranking_item', count(*),
       count(*) filter (where f.source_path is null or f.list_no is null or f.rank is null),
       count(*) - count(distinct (f.source_path, f.list_no, f.rank)),
       count(*) filter (where k.source_path is null),
       0, 0,
       count(*) filter (where f.rank < 1)
from ranking_item as f left join known_article as k on k.source_path = f.source_path
union all
select 'campaign_mention', count(*),
       count(*) filter (where f.source_path is null or f.campaign is null),
       count(*) - count(distinct (f.source_path, f.campaign)),
       count(*) filter (where k.source_path is null),
       0, 0, 0
from campaign_mention as f left join known_article as k on k.source_path = f.source_path
union all
select 'meeting', count(*),
       count(*) filter (where f.source_path is null or f.name is null),
       0,
       count(*) filter (where k.source_path is null),
       count(*) filter (where f.form not in ('video', 'in_person')),
       0, 0
from meeting as f left join known_article as k on k.source_path = f.source_path
union all
select 'keyword', count(*),
       count(*) filter (where f.source_path is null or f.term is null),
       count(*) - count(distinct (f.source_path, f.term)),
       count(*) filter (where k.source_path is null),
       0, 0, 0
from keyword as f left join known_article as k on k.source_path = f.source_path
) as audit
