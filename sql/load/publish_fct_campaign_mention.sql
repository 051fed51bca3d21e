insert into core.fct_campaign_mention (article_key, campaign_no, campaign_key, mention_count, sha256,
                                       extractor_version, span_start, span_end)
select d.article_key, c.campaign_no, k.campaign_key, c.mention_count, c.sha256, a.extractor_version,
       c.span_start, c.span_end
from staging.campaign_mention as c
join staging.article as a on a.run_id = c.run_id and a.source_path = c.source_path
join pub_file as f on f.source_path = c.source_path and f.outcome in ('loaded', 'replaced')
join core.dim_article as d on d.article_id = c.source_path
join core.dim_campaign as k on k.campaign_id = c.campaign
where c.run_id = %(run_id)s
order by d.article_key, c.campaign_no;
