-- One row per official × article × role: the first sentence with that role is the evidence,
-- the title stated with a mention (else the first title the article gives) is the title.
-- The rows inserted per article are counted in pub_fact_count (for fct_article).
with staged as (
    select p.article_key, core.official_id_of(o.name, p.region_code) as official_id,
           o.official_no, o.titles, o.role, o.title, o.span_start, o.span_end, p.sha256, p.extractor_version
    from staging.official_role as o
    join pub_article as p on p.source_path = o.source_path
    where o.run_id = %(run_id)s
),
ranked as (
    select s.*,
           row_number() over w_first as rn,
           count(s.span_start) over w_all as spans,
           first_value(s.title) over (partition by s.article_key, s.official_id, s.role
                                      order by s.title is null, s.span_start nulls last, s.official_no) as stated
    from staged as s
    window w_all as (partition by s.article_key, s.official_id, s.role),
           w_first as (partition by s.article_key, s.official_id, s.role
                       order by s.span_start nulls last, s.official_no)
),
inserted as (
    insert into core.fct_official_role (article_key, official_key, role, title, titles, mention_count, sha256,
                                        extractor_version, span_start, span_end)
    select r.article_key, o.official_key, r.role, coalesce(r.stated, r.titles[1]), r.titles, greatest(r.spans, 1),
           r.sha256, r.extractor_version, r.span_start, r.span_end
    from ranked as r
    join core.dim_official as o on o.official_id = r.official_id
    where r.rn = 1
    returning article_key, official_key
)
insert into pub_fact_count (article_key, fact, fact_rows, distinct_keys)
select article_key, 'official_role', count(*), count(distinct official_key)
from inserted
group by article_key;
