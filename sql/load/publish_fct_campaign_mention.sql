insert into core.fct_campaign_mention (article_key, campaign_no, campaign_key, mention_count, sha256,
                                       extractor_version, span_start, span_end)
select p.article_key, c.campaign_no, k.campaign_key, c.mention_count, p.sha256, p.extractor_version,
       c.span_start, c.span_end
from staging.campaign_mention as c
join pub_article as p on p.source_path = c.source_path
join core.dim_campaign as k on k.campaign_id = c.campaign
where c.run_id = %(run_id)s;
