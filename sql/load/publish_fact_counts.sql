-- Facts inserted per fact table (as recorded by the fact statements).
select fact, sum(fact_rows) from pub_fact_count group by fact;
