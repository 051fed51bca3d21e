insert into core.fct_meeting (article_key, meeting_no, meeting_name, meeting_type, meeting_date, date_key,
                              host_official_key, host_name, form, sha256, extractor_version,
                              span_start, span_end)
select d.article_key, m.meeting_no, m.name, m.type, m.meeting_date,
       core.date_key(coalesce(core.written_date(m.meeting_date, d.published_date), d.reference_date)),
       o.official_key, m.host, m.form, m.sha256, a.extractor_version, m.span_start, m.span_end
from staging.meeting as m
join staging.article as a on a.run_id = m.run_id and a.source_path = m.source_path
join pub_file as f on f.source_path = m.source_path and f.outcome in ('loaded', 'replaced')
join core.dim_article as d on d.article_id = m.source_path
left join core.dim_official as o on o.official_id = core.official_id_of(m.host, a.region_code)
where m.run_id = %(run_id)s
order by d.article_key, m.meeting_no;
