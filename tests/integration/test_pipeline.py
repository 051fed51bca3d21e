"""The pipeline's stages end to end on a real PostgreSQL, without Airflow (the DAG test covers Airflow).

What a user checks: every landing file ends loaded, quarantined (with a reason) or duplicate;
a second run over the same folder changes nothing and reads nothing; a touched-but-identical file
changes nothing; an edited file replaces its article's facts; a quarantined file can be replayed.
"""
import shutil
import uuid

import psycopg
import pytest

from etl import pipeline
from etl.load import meta


def stage_run(url, landing, monkeypatch, tmp_path, run_id):
    """Discover and process every batch of run `run_id`: its files staged, nothing published; returns
    discovery's counts and the batches' results."""
    monkeypatch.setenv("NEWSETL_WORK", str(tmp_path / "work"))
    monkeypatch.setenv("NEWSETL_MAX_FAILURE_RATE", "0.9")
    pipeline.prepare_warehouse(url)
    discovered = pipeline.discover_files(url, run_id, str(landing), batch_size=7)
    return discovered, [pipeline.process_batch(url, run_id, b, workers=1) for b in discovered["batches"]]


def run_once(url, landing, monkeypatch, tmp_path):
    run_id = f"test-{uuid.uuid4().hex[:8]}"
    discovered, processed = stage_run(url, landing, monkeypatch, tmp_path, run_id)
    published = pipeline.publish_run(url, run_id) if processed else None  # the staging suites run beside it
    return discovered, pipeline.finish_run(url, run_id, published)


def rows(url, query, *params):
    with psycopg.connect(url) as conn:
        return conn.execute(query, params).fetchall()


# fct_article's counts (which the loader makes from the rows it stages) against the published facts
MISCOUNTED = """
select a.article_key
from core.fct_article as a
cross join lateral (
    select (select count(distinct official_key) from core.fct_official_role as f where f.article_key = a.article_key),
           (select count(*) from core.fct_official_role as f where f.article_key = a.article_key),
           (select count(*) from core.fct_region_mention as f where f.article_key = a.article_key),
           (select count(*) from core.fct_figure as f where f.article_key = a.article_key),
           (select count(*) from core.fct_figure as f where f.article_key = a.article_key and f.kind = 'money'),
           (select sum(value) from core.fct_figure as f where f.article_key = a.article_key and f.kind = 'money'),
           (select count(distinct list_no) from core.fct_ranking_item as f where f.article_key = a.article_key),
           (select count(*) from core.fct_ranking_item as f where f.article_key = a.article_key),
           (select count(*) from core.fct_campaign_mention as f where f.article_key = a.article_key),
           (select count(*) from core.fct_meeting as f where f.article_key = a.article_key),
           (select count(*) from core.fct_keyword as f where f.article_key = a.article_key)
) as counted (officials, roles, regions, figures, money_figures, money, lists, items, campaigns, meetings, keywords)
where (a.official_count, a.official_role_count, a.region_count, a.figure_count, a.money_figure_count,
       a.money_total, a.ranking_count, a.ranking_item_count, a.campaign_count, a.meeting_count, a.keyword_count)
      is distinct from (officials::int, roles::int, regions::int, figures::int, money_figures::int, money,
                        lists::int, items::int, campaigns::int, meetings::int, keywords::int)
"""


def miscounted(url) -> list:
    """The articles whose fct_article counts differ from their facts'."""
    return rows(url, MISCOUNTED)


@pytest.fixture()
def landing(tmp_path):
    from etl.generate import generate

    folder = tmp_path / "landing"
    generate(12, folder, seed=3)
    first = sorted(p for p in folder.iterdir() if p.is_file())[0]
    shutil.copy(first, folder / "zz_copy.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin.txt").write_text("no Chinese text here at all", encoding="utf-8")
    (folder / "own.txt").write_text(OWN_ARTICLE.format(n=12, money="2.5"), encoding="utf-8")
    return folder


OWN_ARTICLE = (
    "西华县召开重点项目推进会\n"
    "3月6日,西华县召开重点项目推进会。县委书记周文远出席并讲话,县长韩启明主持。\n"
    "会议通报,今年以来全县新签约项目{n}个,总投资{money}亿元。\n"
)


def test_every_file_gets_an_outcome_and_a_rerun_is_free(fresh_db, landing, monkeypatch, tmp_path):
    discovered, counts = run_once(fresh_db, landing, monkeypatch, tmp_path)
    assert discovered["files_new_or_changed"] == 16
    outcomes = dict(rows(fresh_db, "select outcome, count(*) from meta.landed_file group by 1"))
    assert outcomes == {"loaded": 13, "duplicate": 1, "quarantined": 2}
    reasons = dict(rows(fresh_db, "select source_path, reason from meta.quarantine"))
    assert "empty" in reasons["empty.txt"]
    assert "Chinese" in reasons["latin.txt"]
    assert rows(fresh_db, "select count(*) from core.dim_article")[0][0] == 13
    assert miscounted(fresh_db) == []

    again, _ = run_once(fresh_db, landing, monkeypatch, tmp_path)
    assert again["files_new_or_changed"] == 0 and again["batches"] == []


def test_touched_file_is_reread_but_changes_nothing_and_edited_file_replaces_facts(
        fresh_db, landing, monkeypatch, tmp_path):
    import os

    run_once(fresh_db, landing, monkeypatch, tmp_path)
    before = rows(fresh_db, "select count(*), sum(fact_count) from (select a.article_key, count(f.*) fact_count "
                            "from core.dim_article a left join core.fct_figure f using (article_key) group by 1) t")
    victim = sorted(p for p in landing.glob("gen_*.txt"))[0]
    os.utime(victim, ns=(1, 1))
    discovered, counts = run_once(fresh_db, landing, monkeypatch, tmp_path)
    assert discovered["files_new_or_changed"] == 1
    assert counts.get("files_unchanged") == 1
    assert rows(fresh_db, "select count(*), sum(fact_count) from (select a.article_key, count(f.*) fact_count "
                          "from core.dim_article a left join core.fct_figure f using (article_key) group by 1) t") \
        == before

    (landing / "own.txt").write_text(OWN_ARTICLE.format(n=18, money="3.5"), encoding="utf-8")
    run_once(fresh_db, landing, monkeypatch, tmp_path)
    values = sorted(float(v) for (v,) in rows(
        fresh_db, "select f.value from core.fct_figure f join core.dim_article a using (article_key) "
                  "where a.article_id = 'own.txt'"))
    assert values == [18.0, 350000000.0], "the edited article's facts replace the old ones"
    assert miscounted(fresh_db) == [], "fct_article counts the replaced facts"


def test_replay_rereads_quarantined_files_and_a_fixed_file_resolves_its_quarantine(
        fresh_db, landing, monkeypatch, tmp_path):
    run_once(fresh_db, landing, monkeypatch, tmp_path)
    assert meta.forget_files(fresh_db, None, all_quarantined=True) == 2
    discovered, _ = run_once(fresh_db, landing, monkeypatch, tmp_path)
    assert discovered["files_new_or_changed"] == 2          # read again although unchanged on disk
    assert rows(fresh_db, "select count(*) from meta.quarantine") == [(2,)]   # no doubled quarantine rows

    (landing / "latin.txt").write_text("3月2日,县长李明主持召开项目推进会。", encoding="utf-8")
    run_once(fresh_db, landing, monkeypatch, tmp_path)
    assert rows(fresh_db, "select outcome from meta.landed_file where source_path = 'latin.txt'") == [("loaded",)]
    assert rows(fresh_db, "select is_resolved from meta.quarantine where source_path = 'latin.txt'") == [(True,)]


def test_a_run_whose_staging_fails_its_suites_publishes_nothing_and_publishes_once_fixed(
        fresh_db, landing, monkeypatch, tmp_path):
    stage_run(fresh_db, landing, monkeypatch, tmp_path, "broken")
    with psycopg.connect(fresh_db) as conn:  # a keyword of a file the run did not stage: a dangling row
        conn.execute("insert into staging.keyword (run_id, source_path, keyword_no, term, weight) "
                     "values ('broken', 'nowhere.txt', 0, '项目', 1.0)")

    with pytest.raises(pipeline.StagingRejected, match="staging_audit"):
        pipeline.publish_run(fresh_db, "broken")
    assert rows(fresh_db, "select count(*) from core.dim_article") == [(0,)]
    assert rows(fresh_db, "select count(*) from meta.landed_file") == [(0,)]
    assert rows(fresh_db, "select suite, success from meta.suite_result where target = 'staging'") \
        == [("staging_audit", False)], "the failed suite's result is kept"
    assert rows(fresh_db, "select count(*) > 0 from staging.article where run_id = 'broken'") == [(True,)]

    with psycopg.connect(fresh_db) as conn:
        conn.execute("delete from staging.keyword where source_path = 'nowhere.txt'")
    published = pipeline.publish_run(fresh_db, "broken")
    assert published["files_loaded"] == 13
    assert rows(fresh_db, "select success from meta.suite_result where target = 'staging' "
                          "order by suite_result_key") == [(False,), (True,)]
