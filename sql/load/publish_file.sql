-- Classify the run's files. One content (sha256) is one article, held by the smallest path
-- among the paths that bring it, whatever the order runs come in:
--   duplicate   another path (an article kept after this run, or a file of this run) is smaller
--   unchanged   the article already holds this content from this extractor version
--   replaced    a new version (content or extractor) of an existing article
--   loaded      a new article
--   quarantined a quarantine line
--   demoted     not a file of this run: an article whose content a smaller path of this run
--               brings; it is dropped and its path becomes a duplicate
insert into pub_file (source_path, sha256, extractor_version, outcome, duplicate_of, reason, source, region_code,
                      region_name)
with staged as (
    select a.source_path, a.sha256, a.extractor_version, a.source, a.region_code, a.region_name
    from staging.article as a
    where a.run_id = %(run_id)s
),
kept as (
    -- articles holding a content this run brings, whose content this run does not change
    -- (only those can hold a staged content: no scan of the whole dimension)
    select d.article_id, d.sha256
    from core.dim_article as d
    where d.sha256 in (select sha256 from staged)
      and not exists (
          select 1 from staged as s where s.source_path = d.article_id and s.sha256 <> d.sha256
      )
),
holder as (
    select c.sha256, min(c.source_path) as source_path
    from (select sha256, source_path from staged
          union all
          select k.sha256, k.article_id from kept as k) as c
    group by c.sha256
),
decided as (
    select s.source_path, s.sha256, s.extractor_version, s.source, s.region_code, s.region_name,
           case
               when h.source_path <> s.source_path then 'duplicate'
               when d.sha256 = s.sha256 and d.extractor_version is not distinct from s.extractor_version
                   then 'unchanged'
               when d.article_id is not null then 'replaced'
               else 'loaded'
           end as outcome,
           nullif(h.source_path, s.source_path) as duplicate_of
    from staged as s
    join holder as h on h.sha256 = s.sha256
    left join core.dim_article as d on d.article_id = s.source_path
)
select d.source_path, d.sha256, d.extractor_version, d.outcome, d.duplicate_of,
       case when d.outcome = 'duplicate' then 'same content as ' || d.duplicate_of end,
       d.source, d.region_code, d.region_name
from decided as d
union all
select k.article_id, k.sha256, null, 'demoted', h.source_path, 'same content as ' || h.source_path,
       null, null, null
from kept as k
join holder as h on h.sha256 = k.sha256 and h.source_path <> k.article_id
where not exists (select 1 from staged as s where s.source_path = k.article_id)
union all
select q.source_path, q.sha256, null, 'quarantined', null, q.stage || ': ' || q.reason, null, null, null
from staging.quarantine as q
where q.run_id = %(run_id)s;
