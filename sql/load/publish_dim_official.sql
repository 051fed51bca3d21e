-- Officials and meeting hosts, one per name per region of the article naming them.
-- The pairs are grouped over the UNION ALL of the mentions: knowing nothing of how many distinct
-- pairs the mentions hold, the planner hashes them (4.8 s at 10^6 articles, 470,000 pairs in
-- memory), where a UNION, which it takes to be as many as its rows, was sorted on disk (13.9 s).
with named as (
    select region_code, name
    from (
        select p.region_code, o.name
        from staging.official_role as o
        join pub_article as p on p.source_path = o.source_path
        where o.run_id = %(run_id)s
        union all
        select p.region_code, m.host
        from staging.meeting as m
        join pub_article as p on p.source_path = m.source_path
        where m.run_id = %(run_id)s and m.host is not null
    ) as mentioned
    group by region_code, name
)
insert into core.dim_official (official_id, name, region_id, region_key)
select core.official_id_of(n.name, n.region_code), n.name, coalesce(n.region_code, ''), r.region_key
from named as n
left join core.dim_region as r on r.region_id = n.region_code
where not exists (
    select 1 from core.dim_official as d where d.official_id = core.official_id_of(n.name, n.region_code)
)
order by 1;
