-- The warehouse's layers. meta is made by sql/bootstrap.sql before any migration.
create schema staging;
comment on schema staging is
    'Per-run landing of validated extraction records and quarantine lines, keyed by run_id; emptied by publish.';

create schema core;
comment on schema core is 'The star schema: conformed dimensions (dim_*) and facts (fct_*), one version per article.';

create schema marts;
comment on schema marts is 'Views for analysts and BI tools, built on core.';
