-- One row per official × article × role: the first sentence with that role is the evidence,
-- the title stated with a mention (else the first title the article gives) is the title.
with staged as (
    select d.article_key, core.official_id_of(o.name, a.region_code) as official_id,
           o.official_no, o.titles, o.role, o.title, o.span_start, o.span_end, a.sha256, a.extractor_version
    from staging.official_role as o
    join staging.article as a on a.run_id = o.run_id and a.source_path = o.source_path
    join pub_file as f on f.source_path = o.source_path and f.outcome in ('loaded', 'replaced')
    join core.dim_article as d on d.article_id = o.source_path
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
)
insert into core.fct_official_role (article_key, official_key, role, title, titles, mention_count, sha256,
                                    extractor_version, span_start, span_end)
select r.article_key, o.official_key, r.role, coalesce(r.stated, r.titles[1]), r.titles, greatest(r.spans, 1),
       r.sha256, r.extractor_version, r.span_start, r.span_end
from ranked as r
join core.dim_official as o on o.official_id = r.official_id
where r.rn = 1
order by r.article_key, o.official_key, r.role;
