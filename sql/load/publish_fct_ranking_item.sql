-- An item names a region when it is a region the article mentions, else a region (or zone)
-- directly under the article's region by name or alias, else the only region of that name.
insert into core.fct_ranking_item (article_key, list_no, list_name, rank, item, item_region_key, sha256,
                                   extractor_version, span_start, span_end)
select d.article_key, i.list_no, i.list_name, i.rank, i.item,
       coalesce(
           (select min(r.region_key)
            from staging.region_mention as m
            join core.dim_region as r
              on r.region_id = core.region_id_of(m.admin_code, m.level, m.name, a.region_code)
            where m.run_id = i.run_id and m.source_path = i.source_path and m.name = i.item),
           (select min(c.region_key)
            from core.dim_region as c
            join core.dim_region as p on p.region_key = c.parent_region_key
            where p.region_id = a.region_code and (c.name = i.item or i.item = any(c.aliases))),
           (select min(c.region_key) from core.dim_region as c where c.name = i.item having count(*) = 1)
       ),
       i.sha256, a.extractor_version, i.span_start, i.span_end
from staging.ranking_item as i
join staging.article as a on a.run_id = i.run_id and a.source_path = i.source_path
join pub_file as f on f.source_path = i.source_path and f.outcome in ('loaded', 'replaced')
join core.dim_article as d on d.article_id = i.source_path
where i.run_id = %(run_id)s
order by d.article_key, i.list_no, i.rank;
