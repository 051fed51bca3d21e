insert into core.dim_campaign (campaign_id)
select distinct c.campaign
from staging.campaign_mention as c
join pub_file as f on f.source_path = c.source_path and f.outcome in ('loaded', 'replaced')
where c.run_id = %(run_id)s
  and not exists (select 1 from core.dim_campaign as d where d.campaign_id = c.campaign)
order by c.campaign;
