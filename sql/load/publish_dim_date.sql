-- Days outside the prefilled calendar that the run's facts point at.
with needed as (
    select published_date as day from pub_article
    union select event_date from pub_article
    union select reference_date from pub_article
    union
    select core.written_date(m.meeting_date, p.published_date)
    from staging.meeting as m
    join pub_article as p on p.source_path = m.source_path
    where m.run_id = %(run_id)s
)
insert into core.dim_date (date_key, date, year, quarter, month, day, iso_year, iso_week, weekday,
                           is_weekend, month_start, year_month)
select core.date_key(n.day), n.day, extract(year from n.day), extract(quarter from n.day),
       extract(month from n.day), extract(day from n.day), extract(isoyear from n.day),
       extract(week from n.day), extract(isodow from n.day), extract(isodow from n.day) in (6, 7),
       date_trunc('month', n.day)::date, to_char(n.day, 'YYYY-MM')
from needed as n
where n.day is not null
  and not exists (select 1 from core.dim_date as d where d.date = n.day)
order by n.day;
