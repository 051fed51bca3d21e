-- An item names a region when it is a region the article mentions, else a region (or zone)
-- directly under the article's region by name or alias, else the only region of that name.
with item as (
    select p.article_key, p.region_code, p.extractor_version, i.source_path, i.list_no, i.list_name, i.rank,
           i.item, p.sha256, i.span_start, i.span_end
    from staging.ranking_item as i
    join pub_article as p on p.source_path = i.source_path
    where i.run_id = %(run_id)s
),
mentioned as (
    -- regions the article mentions under the item's name: one hash join, not a scan per item
    select i.source_path, i.list_no, i.rank, min(r.region_key) as region_key
    from item as i
    join staging.region_mention as m on m.source_path = i.source_path and m.name = i.item
    join core.dim_region as r on r.region_id = core.region_id_of(m.admin_code, m.level, m.name, i.region_code)
    where m.run_id = %(run_id)s
    group by i.source_path, i.list_no, i.rank
)
insert into core.fct_ranking_item (article_key, list_no, list_name, rank, item, item_region_key, sha256,
                                   extractor_version, span_start, span_end)
select i.article_key, i.list_no, i.list_name, i.rank, i.item,
       coalesce(
           mentioned.region_key,
           (select min(c.region_key)
            from core.dim_region as c
            join core.dim_region as p on p.region_key = c.parent_region_key
            where p.region_id = i.region_code and (c.name = i.item or i.item = any(c.aliases))),
           (select min(c.region_key) from core.dim_region as c where c.name = i.item having count(*) = 1)
       ),
       i.sha256, i.extractor_version, i.span_start, i.span_end
from item as i
left join mentioned on mentioned.source_path = i.source_path and mentioned.list_no = i.list_no
                   and mentioned.rank = i.rank;
