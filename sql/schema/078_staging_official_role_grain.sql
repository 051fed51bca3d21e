-- staging.official_role at the grain of core.fct_official_role: one row per official (by name)
-- per role of a record, reduced by the worker that stages it (etl/load/staging.py) instead of by
-- three window functions over a whole run's mention rows in the publish transaction.
alter table staging.official_role add column mention_count integer;

comment on table staging.official_role is
    'One row per official (by name) per role of a record, null role when the official has none: '
    'the evidence is the first sentence with that role.';
comment on column staging.official_role.official_no is
    'Position (0-based) in the record''s officials list of the entry giving the evidence.';
comment on column staging.official_role.titles is 'Every title the article gives the official, in order.';
comment on column staging.official_role.title is
    'The first title stated with a mention of this role, else the first title the article gives.';
comment on column staging.official_role.mention_count is
    'Sentences naming the official in this role (at least 1).';
comment on column staging.official_role.span_start is
    'Start offset of the evidence sentence in the body; null when no sentence was found.';
