"""Marts: given published articles, the views return the rows an analyst expects."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import psycopg

from tests.integration.test_load_staging import make_record
from tests.integration.test_load_staging import warehouse as warehouse_fixture
from tests.integration.test_publish import stage_and_publish

warehouse = warehouse_fixture  # the migrated-database fixture, shared with the staging tests


def rows(conninfo: str, sql: str) -> list[tuple]:
    with psycopg.connect(conninfo) as conn:
        return conn.execute(sql).fetchall()


def publish_two_articles(conninfo: str, tmp_path) -> None:
    march = make_record("hebi/a.txt")
    # an April article on 浚县 with no year in its event date, hosted by someone else
    april = make_record(
        "hebi/b.txt",
        event_date="--04-02",
        published_at="2023-04-03",
        region={"name": "浚县", "admin_code": "410621"},
    )
    april["meetings"][0].update(host="马骏", date="--04-02", form="video")
    april["officials"].append(
        {
            "name": "马骏",
            "titles": ["县长"],
            "roles": ["host"],
            "mentions": [{"role": "host", "title": "县长", "span": [0, 10]}],
        }
    )
    april["figures"] = [{"kind": "money", "value": 300000000, "unit": "元", "text": "3亿元", "span": [0, 10]}]
    april["campaign_mentions"] = [{"text": "千企升级", "span": [0, 10], "count": 3}]
    april["campaigns"] = ["千企升级"]
    stage_and_publish(conninfo, tmp_path, "run-1", [march, april])


def test_article_overview(warehouse, tmp_path):
    publish_two_articles(warehouse, tmp_path)
    assert rows(
        warehouse,
        """
        select article_id, article_date, source_name, region_name, region_code, official_count,
               figure_count, money_total, campaign_count, meeting_count
        from marts.article_overview order by article_id""",
    ) == [
        (
            "hebi/a.txt",
            dt.date(2023, 3, 6),
            "鹤壁日报网",
            "鹤壁市",
            "410600",
            3,
            3,
            Decimal(5750000000),
            2,
            1,
        ),
        ("hebi/b.txt", dt.date(2023, 4, 2), "鹤壁日报网", "浚县", "410621", 4, 1, Decimal(300000000), 1, 1),
    ]


def test_official_activity(warehouse, tmp_path):
    publish_two_articles(warehouse, tmp_path)
    assert rows(
        warehouse,
        """
        select official_id, titles_seen, roles, meetings_hosted, meetings_attended, articles,
               first_seen_date, last_seen_date
        from marts.official_activity order by official_id""",
    ) == [
        # the same name in another region's article is another official
        ("410600:林正华", ["市长"], ["host", "speaker"], 1, 0, 1, dt.date(2023, 3, 6), dt.date(2023, 3, 6)),
        (
            "410600:郭文博",
            ["市领导"],
            ["attendee", "commentator"],
            0,
            1,
            1,
            dt.date(2023, 3, 6),
            dt.date(2023, 3, 6),
        ),
        ("410600:韩雪松", ["市领导"], ["attendee"], 0, 1, 1, dt.date(2023, 3, 6), dt.date(2023, 3, 6)),
        ("410621:林正华", ["市长"], ["host", "speaker"], 0, 1, 1, dt.date(2023, 4, 2), dt.date(2023, 4, 2)),
        (
            "410621:郭文博",
            ["市领导"],
            ["attendee", "commentator"],
            0,
            1,
            1,
            dt.date(2023, 4, 2),
            dt.date(2023, 4, 2),
        ),
        ("410621:韩雪松", ["市领导"], ["attendee"], 0, 1, 1, dt.date(2023, 4, 2), dt.date(2023, 4, 2)),
        ("410621:马骏", ["县长"], ["host"], 1, 0, 1, dt.date(2023, 4, 2), dt.date(2023, 4, 2)),
    ]


def test_campaign_mentions_by_month(warehouse, tmp_path):
    publish_two_articles(warehouse, tmp_path)
    assert rows(
        warehouse,
        """
        select campaign, year_month, region_code, mentions, articles
        from marts.campaign_mentions_by_month order by campaign, year_month""",
    ) == [
        ("三链同构", "2023-03", "410600", 2, 1),
        ("千企升级", "2023-03", "410600", 1, 1),
        ("千企升级", "2023-04", "410621", 3, 1),
    ]


def test_money_by_region_month(warehouse, tmp_path):
    publish_two_articles(warehouse, tmp_path)
    assert rows(
        warehouse,
        """
        select region_code, year_month, money_total, money_figures, articles
        from marts.money_by_region_month order by year_month""",
    ) == [
        ("410600", "2023-03", Decimal(5750000000), 2, 1),
        ("410621", "2023-04", Decimal(300000000), 1, 1),
    ]


def test_rankings(warehouse, tmp_path):
    publish_two_articles(warehouse, tmp_path)
    assert rows(
        warehouse,
        """
        select list_name, rank, item, item_region_code, article_date, region_code
        from marts.rankings where article_id = 'hebi/a.txt' order by rank""",
    ) == [
        ("县区排名", 1, "淇县", "410622", dt.date(2023, 3, 6), "410600"),
        ("县区排名", 2, "浚县", "410621", dt.date(2023, 3, 6), "410600"),
        ("县区排名", 3, "淇滨区", "410611", dt.date(2023, 3, 6), "410600"),
    ]


def test_meetings(warehouse, tmp_path):
    publish_two_articles(warehouse, tmp_path)
    assert rows(
        warehouse,
        """
        select meeting_name, meeting_date, meeting_date_as_written, host_name, host_title, form, region_code
        from marts.meetings order by meeting_date""",
    ) == [
        (
            "鹤壁市第一季度重点项目观摩会",
            dt.date(2023, 3, 6),
            "2023-03-06",
            "林正华",
            "市长",
            "in_person",
            "410600",
        ),
        ("鹤壁市第一季度重点项目观摩会", dt.date(2023, 4, 2), "--04-02", "马骏", "县长", "video", "410621"),
    ]
