-- Publishes take turns: a second one waits here until the first commits, then sees its rows.
select pg_advisory_xact_lock(7411700002);
