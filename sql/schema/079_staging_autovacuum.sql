-- The staging tables hold one run's rows between its COPYs and its publish, which analyzes what it
-- reads (sql/load/publish_analyze.sql) and then truncates them. Autovacuum's insert-driven vacuums
-- and its analyzes of those rows are wasted work, and they came in the middle of a big run: at 10^5
-- articles about 8 s of server time while the workers were still staging and the publish began.
-- Vacuums after deletes (a publish that could not truncate) still run.
do $$
declare
    t record;
begin
    for t in select c.oid::regclass as name from pg_class as c
             join pg_namespace as n on n.oid = c.relnamespace
             where n.nspname = 'staging' and c.relkind = 'r'
    loop
        execute format('alter table %s set (autovacuum_vacuum_insert_threshold = -1, '
                       'autovacuum_analyze_threshold = 2000000000)', t.name);
    end loop;
end
$$;
