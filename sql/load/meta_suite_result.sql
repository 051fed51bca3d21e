insert into meta.suite_result (run_id, suite, target, success, evaluated, failed, details)
values (%(run_id)s, %(suite)s, %(target)s, %(success)s, %(evaluated)s, %(failed)s, %(details)s);
