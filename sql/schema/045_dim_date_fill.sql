-- The calendar 2000-01-01 … 2035-12-31. isodow/isoyear/week are ISO 8601.
insert into core.dim_date (date_key, date, year, quarter, month, day, iso_year, iso_week, weekday,
                           is_weekend, month_start, year_month)
select (extract(year from d) * 10000 + extract(month from d) * 100 + extract(day from d))::integer,
       d,
       extract(year from d),
       extract(quarter from d),
       extract(month from d),
       extract(day from d),
       extract(isoyear from d),
       extract(week from d),
       extract(isodow from d),
       extract(isodow from d) in (6, 7),
       date_trunc('month', d)::date,
       to_char(d, 'YYYY-MM')
from generate_series(date '2000-01-01', date '2035-12-31', interval '1 day') as g (ts)
cross join lateral (select g.ts::date as d) as day;
