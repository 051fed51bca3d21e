-- The staging audit of one run (%(run_id)s): one row per staging table into staging.audit, with its
-- row count and, per rule, how many rows break it. Each table is read once; the GX suite
-- `staging_audit` then expects every count to be 0 (expectations/README.md lists the rules).
--   missing_values      a required column is null
--   duplicate_keys      rows beyond the first with the same natural key
--   dangling_rows       a fact row's source_path is not an article staged by the same run
--   values_outside_sets a code column holds a value outside its set (nulls allowed)
--   unknown_regions     an admin code that core.dim_region does not hold (null allowed: zones)
--   malformed_values    sha256 not 64 hex digits; rank below 1
insert into staging.audit (run_id, table_name, row_count, missing_values, duplicate_keys, dangling_rows,
                           values_outside_sets, unknown_regions, malformed_values)
with known_article as (
    select distinct source_path from staging.article where run_id = %(run_id)s
),
known_code as (  -- joined, not looked up per row: a lookup inside an aggregate's filter is a loop
    select distinct admin_code from core.dim_region where admin_code is not null
)
select %(run_id)s, 'article', count(*),
       count(*) filter (where f.source_path is null or f.sha256 is null or f.file_name is null or f.body is null
                        or num_nulls(f.official_count, f.official_role_count, f.region_count, f.figure_count,
                                     f.money_figure_count, f.ranking_count, f.ranking_item_count,
                                     f.campaign_count, f.meeting_count, f.keyword_count) > 0),
       (select coalesce(sum(n - 1), 0) from (select count(*) as n from staging.article
        where run_id = %(run_id)s group by source_path) as keys where n > 1),
       0,
       count(*) filter (where f.script not in ('simplified', 'traditional')),
       count(*) filter (where f.region_code is not null and c.admin_code is null),
       count(*) filter (where f.sha256 !~ '^[0-9a-f]{64}$')
from staging.article as f
left join known_code as c on c.admin_code = f.region_code
where f.run_id = %(run_id)s
union all
select %(run_id)s, 'official_role', count(*),
       count(*) filter (where f.source_path is null or f.name is null),
       (select coalesce(sum(n - 1), 0) from (select count(*) as n from staging.official_role
        where run_id = %(run_id)s group by source_path, name, role) as keys where n > 1),
       count(*) filter (where k.source_path is null),
       count(*) filter (where f.role not in ('host', 'speaker', 'attendee', 'commentator', 'quoted')),
       0,
       0
from staging.official_role as f
left join known_article as k on k.source_path = f.source_path
where f.run_id = %(run_id)s
union all
select %(run_id)s, 'region_mention', count(*),
       count(*) filter (where f.source_path is null or f.name is null),
       (select coalesce(sum(n - 1), 0) from (select count(*) as n from staging.region_mention
        where run_id = %(run_id)s group by source_path, name) as keys where n > 1),
       count(*) filter (where k.source_path is null),
       count(*) filter (where f.level not in ('province', 'prefecture', 'county', 'zone')),
       count(*) filter (where f.admin_code is not null and c.admin_code is null),
       0
from staging.region_mention as f
left join known_article as k on k.source_path = f.source_path
left join known_code as c on c.admin_code = f.admin_code
where f.run_id = %(run_id)s
union all
select %(run_id)s, 'figure', count(*),
       count(*) filter (where f.source_path is null or f.kind is null or f.value is null),
       0,
       count(*) filter (where k.source_path is null),
       count(*) filter (where f.kind not in ('money', 'count', 'percent', 'points', 'rank', 'duration')),
       0,
       0
from staging.figure as f
left join known_article as k on k.source_path = f.source_path
where f.run_id = %(run_id)s
union all
select %(run_id)s, 'ranking_item', count(*),
       count(*) filter (where f.source_path is null or f.list_no is null or f.rank is null),
       (select coalesce(sum(n - 1), 0) from (select count(*) as n from staging.ranking_item
        where run_id = %(run_id)s group by source_path, list_no, rank) as keys where n > 1),
       count(*) filter (where k.source_path is null),
       0,
       0,
       count(*) filter (where f.rank < 1)
from staging.ranking_item as f
left join known_article as k on k.source_path = f.source_path
where f.run_id = %(run_id)s
union all
select %(run_id)s, 'campaign_mention', count(*),
       count(*) filter (where f.source_path is null or f.campaign is null),
       (select coalesce(sum(n - 1), 0) from (select count(*) as n from staging.campaign_mention
        where run_id = %(run_id)s group by source_path, campaign) as keys where n > 1),
       count(*) filter (where k.source_path is null),
       0,
       0,
       0
from staging.campaign_mention as f
left join known_article as k on k.source_path = f.source_path
where f.run_id = %(run_id)s
union all
select %(run_id)s, 'meeting', count(*),
       count(*) filter (where f.source_path is null or f.name is null),
       0,
       count(*) filter (where k.source_path is null),
       count(*) filter (where f.form not in ('video', 'in_person')),
       0,
       0
from staging.meeting as f
left join known_article as k on k.source_path = f.source_path
where f.run_id = %(run_id)s
union all
select %(run_id)s, 'keyword', count(*),
       count(*) filter (where f.source_path is null or f.term is null),
       (select coalesce(sum(n - 1), 0) from (select count(*) as n from staging.keyword
        where run_id = %(run_id)s group by source_path, term) as keys where n > 1),
       count(*) filter (where k.source_path is null),
       0,
       0,
       0
from staging.keyword as f
left join known_article as k on k.source_path = f.source_path
where f.run_id = %(run_id)s;
