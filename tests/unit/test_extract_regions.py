from etl.extract.regions import extract_regions, primary_region
from etl.extract.sentences import SentenceIndex, split_sentences


def regions(body, masks=()):
    return {r["name"]: r for r in extract_regions(body, SentenceIndex(split_sentences(body)), masks)}


def test_aliases_resolve_to_full_names_with_codes_and_levels():
    body = "周口召开观摩会。鹿邑县、郸城县、淮阳区项目建设亮点纷呈,周口市经济开发区排名第一。"
    got = regions(body)
    assert got["周口市"]["admin_code"] == "411600" and got["周口市"]["level"] == "prefecture"
    assert got["周口市"]["count"] == 1  # 周口市经济开发区 is the zone, not a second mention
    assert got["鹿邑县"]["level"] == "county" and got["淮阳区"]["admin_code"] == "411603"
    assert got["周口市经济开发区"]["level"] == "zone"


def test_ambiguous_name_goes_to_the_article_province():
    # 鼓楼区 exists in 开封, 南京, 福州 and 徐州: a 开封 article means 开封's
    got = regions("开封市召开推进会,鼓楼区、祥符区作表态发言。")
    assert got["鼓楼区"]["admin_code"] == "410204"


def test_company_names_people_and_foreign_county_aliases_are_not_places():
    body = "洛阳市签约项目。上海某某(洛阳)机械有限公司投资建厂。市长王建平出席。"
    got = regions(body, masks=("王建平",))
    assert set(got) == {"洛阳市"}  # not 上海 (company), not 建平 (a name), not 辽宁's 建平县


def test_primary_region_prefers_the_place_of_title_and_lead():
    body = "近日,西华县召开项目推进会。周口市有关部门参加。西华县要加快项目建设。"
    sentences = split_sentences(body)
    found = extract_regions(body, SentenceIndex(sentences))
    assert primary_region(found, {"title": "西华县项目推进会召开", "source": None}, sentences) == \
        {"name": "西华县", "admin_code": "411622"}
    assert primary_region([], {"title": None}, []) is None


def test_words_that_only_look_like_places_outside_the_province_do_not_count():
    from etl.extract.regions import extract_regions
    from etl.extract.sentences import SentenceIndex, split_sentences

    for text in ("4月2日,县委副书记、代县长周明远主持召开县长办公会。",   # 代县长 = acting county head
                 "要确保定期通报进度,加快科技创新平台建设。"):             # 保定, 新平 inside words
        assert extract_regions(text, SentenceIndex(split_sentences(text))) == []


def test_masks_block_the_offsets_a_regex_search_would():
    import random
    import re

    from etl.extract.regions import _blocked

    rnd = random.Random(6)
    for _ in range(3000):
        text = "".join(rnd.choice("李卫东平") for _ in range(rnd.randint(0, 12)))
        masks = tuple("".join(rnd.choice("李卫东") for _ in range(rnd.randint(0, 3))) for _ in range(2))
        expected = set()
        for mask in masks:
            for m in re.finditer(re.escape(mask), text):
                expected.update(range(m.start(), m.end()))
        assert _blocked(text, masks) == expected, (text, masks)
