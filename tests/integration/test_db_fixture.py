import psycopg


def test_fresh_db_is_empty_and_writable(fresh_db):
    with psycopg.connect(fresh_db) as conn:
        conn.execute("create table t (x int)")
        conn.execute("insert into t values (1)")
        assert conn.execute("select count(*) from t").fetchone() == (1,)
