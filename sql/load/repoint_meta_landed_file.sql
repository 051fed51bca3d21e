-- Earlier duplicates of a demoted article now repeat the path that holds its content.
update meta.landed_file as l
set article_id = f.duplicate_of,
    reason = f.reason
from pub_file as f
where f.outcome = 'demoted'
  and l.outcome = 'duplicate'
  and l.article_id = f.source_path
  and l.sha256 = f.sha256
  and l.source_path <> f.duplicate_of;
