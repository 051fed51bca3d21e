-- The indexes of the given (empty) tables as (table, statement dropping it, statement rebuilding it):
-- primary and unique keys through their constraints, other indexes directly. Indexes a foreign
-- key depends on (a key other tables reference) are left out.
select (select format('%%s.%%s', n.nspname, t.relname) from pg_class as t
        join pg_namespace as n on n.oid = t.relnamespace where t.oid = i.indrelid),
       case when c.oid is null then format('drop index %%s', i.indexrelid::regclass)
            else format('alter table %%s drop constraint %%I', i.indrelid::regclass, c.conname) end,
       case when c.oid is null then pg_get_indexdef(i.indexrelid)
            else format('alter table %%s add constraint %%I %%s', i.indrelid::regclass, c.conname,
                        pg_get_constraintdef(c.oid)) end
from pg_index as i
left join pg_constraint as c on c.conindid = i.indexrelid and c.conrelid = i.indrelid and c.contype in ('p', 'u')
where i.indrelid = any(%(tables)s::regclass[])
  and not exists (select from pg_constraint as f where f.contype = 'f' and f.conindid = i.indexrelid)
order by i.indrelid::regclass::text, i.indexrelid::regclass::text;
