insert into core.fct_meeting (article_key, meeting_no, meeting_name, meeting_type, meeting_date, date_key,
                              host_official_key, host_name, form, sha256, extractor_version,
                              span_start, span_end)
select p.article_key, m.meeting_no, m.name, m.type, m.meeting_date, core.date_key(day.day),
       o.official_key, m.host, m.form, p.sha256, p.extractor_version, m.span_start, m.span_end
from staging.meeting as m
join pub_article as p on p.source_path = m.source_path
-- offset 0 keeps the day a column, so that date_key is inlined rather than called per row
cross join lateral (
    select coalesce(core.written_date(m.meeting_date, p.published_date), p.reference_date) as day offset 0
) as day
left join core.dim_official as o on o.official_id = core.official_id_of(m.host, p.region_code)
where m.run_id = %(run_id)s;
