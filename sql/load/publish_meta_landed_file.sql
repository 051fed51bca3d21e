-- Every file of the run ends loaded, quarantined or duplicate. A quarantined new version
-- leaves the earlier loaded version (if any) published: article_id then still names it.
-- A demoted article's path becomes a duplicate without counting as seen by this run.
insert into meta.landed_file as l (source_path, sha256, outcome, reason, article_id, first_seen_run_id,
                                   last_run_id)
select f.source_path, f.sha256,
       case
           when f.outcome in ('duplicate', 'demoted') then 'duplicate'
           when f.outcome = 'quarantined' then 'quarantined'
           else 'loaded'
       end,
       f.reason,
       case
           when f.outcome in ('duplicate', 'demoted') then f.duplicate_of
           when f.outcome = 'quarantined'
               then (select d.article_id from core.dim_article as d where d.article_id = f.source_path)
           else f.source_path
       end,
       %(run_id)s,
       case
           when f.outcome = 'demoted'
               then coalesce((select p.last_run_id from meta.landed_file as p where p.source_path = f.source_path),
                             %(run_id)s)
           else %(run_id)s
       end
from pub_file as f
order by f.source_path
on conflict (source_path) do update
    set sha256 = coalesce(excluded.sha256, l.sha256),
        outcome = excluded.outcome,
        reason = excluded.reason,
        article_id = excluded.article_id,
        last_run_id = excluded.last_run_id
    where (l.sha256, l.outcome, l.reason, l.article_id, l.last_run_id)
          is distinct from (coalesce(excluded.sha256, l.sha256), excluded.outcome, excluded.reason,
                            excluded.article_id, excluded.last_run_id);
