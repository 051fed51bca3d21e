"""Regions: administrative places named in the body, resolved against the gazetteer.

Full names (驻马店市, 临颍县) and short names (驻马店, 漯河) of `etl.reference.gazetteer`
are matched longest first. A short name of a county counts only when the county lies in
the article's home province (the province most of its other places belong to), because
two-character county names are often ordinary words; `region_stoplist.txt` lists names
that are words more often than places. A name shared by several divisions (安阳: city or
county) goes to the one in the article's home prefecture, then home province, then the
higher level. Development zones (`zone_types.txt`) are kept as written, with the place in
front of them, and get a code when the gazetteer knows them. Places followed by a company
word (`company_markers.txt`) are part of a company's name and skipped, and so are places
inside the names in `masks` (people's names such as 李卫东 hold 卫东).
Text without places gives an empty list.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from etl.extract._text import alternation
from etl.extract.sentences import SentenceIndex
from etl.reference import gazetteer, lexicon

# Posts and bodies of a county (or district) government, and of a city's.
_BODIES = "(?:委|长|政府|人大|政协|发改委|纪委)"
# (every alternative starts with a plain character, which lets re skip ahead to where one may match)
_COUNTY_CUES = re.compile(rf"县{_BODIES}|区{_BODIES}|副[县区]长|全[县区]")
_CITY_CUES = re.compile(rf"市{_BODIES}|副市长|全市")
_ZONE_WORDS = re.compile(r"开发区|示范区|高新技术|集聚区|实验区|保税区|航空港")


@dataclass
class Mention:
    start: int
    end: int
    text: str
    candidates: tuple  # of gazetteer.Division; empty for zones the gazetteer does not know


def level_of(division) -> str:
    """province | prefecture | county | zone (gazetteer divisions that are development zones)."""
    return "zone" if _ZONE_WORDS.search(division.name) else division.level


@lru_cache(maxsize=1)
def _levels() -> dict[str, str]:
    """admin_code → `level_of` its division, computed once for the gazetteer."""
    return {d.admin_code: level_of(d) for d in gazetteer.divisions()}


@lru_cache(maxsize=1)
def _votes() -> dict[str, tuple[str | None, str | None]]:
    """Gazetteer names that vote in `home` → (the province, the prefecture) they name, each None when
    the name's divisions disagree: full names of three or more characters (a mention's candidates are
    the divisions of its text)."""
    out = {}
    for key, divs in _index()[0].items():
        if len(key) < 3 or not any(key == d.name for d in divs):
            continue
        codes = {d.admin_code for d in divs}
        provinces = {c[:2] for c in codes}
        lower = {c[:4] for c in codes if not c.endswith("0000")}
        out[key] = (next(iter(provinces)) if len(provinces) == 1 else None,
                    next(iter(lower)) if len(lower) == 1 else None)
    return out


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, tuple], dict[str, tuple[int, ...]]]:
    """Matchable names → divisions, and first two characters → the name lengths to try."""
    stop = set(lexicon("region_stoplist"))
    names: dict[str, tuple] = {}
    for key, divs in gazetteer.by_name().items():
        if len(key) >= 2 and key not in stop:
            names[key] = divs
    lengths: dict[str, set[int]] = {}
    for key in names:
        lengths.setdefault(key[:2], set()).add(len(key))
    return names, {c: tuple(sorted(v, reverse=True)) for c, v in lengths.items()}


@lru_cache(maxsize=1)
def _pair_pattern() -> re.Pattern:
    """A cheap first filter for `_name_starts`: a name's possible first character before a possible second one.

    A regex alternation of all 6,000 names is slower than this scan plus a dict lookup per hit,
    because Python's `re` tries the alternatives one by one.
    """
    names, _ = _index()
    first = "".join(sorted({re.escape(k[0]) for k in names}))
    second = "".join(sorted({re.escape(k[1]) for k in names}))
    return re.compile(f"[{first}](?=[{second}])")


def _name_starts(text: str) -> list[int]:
    """Offsets where some gazetteer name may begin (its first two characters are there), ascending."""
    _, lengths = _index()
    return [i for m in _pair_pattern().finditer(text) if text[(i := m.start()):i + 2] in lengths]


def find_mentions(text: str, masks: tuple[str, ...] = ()) -> list[Mention]:
    """Every gazetteer name or zone in `text`, longest match first, left to right."""
    names, lengths = _index()
    blocked = _blocked(text, masks)
    zones = {m.start(): m for m in _zone_pattern().finditer(text)}
    out: list[Mention] = []
    i = 0  # offsets before i are inside an earlier mention
    for start in sorted({*_name_starts(text), *zones}):
        if start < i:
            continue
        hit = _mention_at(text, start, names, lengths, zones)
        if hit is None:
            continue
        if (not blocked or blocked.isdisjoint(range(hit.start, hit.end))) and not _in_company(text, hit.end):
            out.append(hit)
        i = hit.end
    return out


def _mention_at(text: str, i: int, names: dict, lengths: dict, zones: dict) -> Mention | None:
    """The longest name or zone starting at offset `i`, a name joined with the zone right after it."""
    hit = None
    for size in lengths.get(text[i:i + 2], ()):
        key = text[i:i + size]
        if key in names:
            hit = Mention(i, i + size, key, names[key])
            break
    if hit and hit.end in zones:  # 漯河 + 经济技术开发区: one zone
        z = zones[hit.end]
        hit = Mention(i, z.end(), text[i:z.end()], names.get(text[i:z.end()], ()))
    elif i in zones and (hit is None or zones[i].end() >= hit.end):
        z = zones[i]
        hit = Mention(i, z.end(), z.group(), names.get(z.group(), ()))
    return hit


@lru_cache(maxsize=1)
def _zone_pattern() -> re.Pattern:
    return alternation("zone_types")


def _blocked(text: str, masks: tuple[str, ...]) -> set[int]:
    """Offsets covered by the masks' occurrences (non-overlapping, left to right, as `re.finditer` finds them)."""
    out: set[int] = set()
    for mask in masks:
        if not mask:
            continue
        at = text.find(mask)
        while at >= 0:
            out.update(range(at, at + len(mask)))
            at = text.find(mask, at + len(mask))
    return out


# The run of words after a place name: CJK characters and brackets, at most 16
_NAME_RUN = re.compile(r"[\u4e00-\u9fff()（）]*")
# Words between a place and a company marker that show the marker belongs to something else
_NOT_IN_NAME = re.compile(r"[的与和及对在向为是]|引进|签约|建设")


def _in_company(text: str, end: int) -> bool:
    """Whether the words after a place name (to the next punctuation) make a company's name."""
    tail = _NAME_RUN.match(text, end, end + 16).group()
    if not tail:
        return False
    for marker in lexicon("company_markers"):
        k = tail.find(marker)
        if k >= 0 and not _NOT_IN_NAME.search(tail[:k]):
            return True
    return False


def home(mentions: list[Mention]) -> tuple[str | None, str | None]:
    """(province code, prefecture code) most of the strong, unambiguous mentions point to.

    Only full names of three or more characters vote: short names and two-character
    county names (代县 in 代县长, 新平 in 创新平台) are too often parts of other words to
    decide the province. Without votes, or on a tie, the province is the corpus's own
    (`region_default_province.txt`).
    """
    default = lexicon("region_default_province")[0][:2]
    provinces: Counter = Counter()
    prefectures: Counter = Counter()
    votes = _votes()
    for m in mentions:
        vote = votes.get(m.text)
        if vote is None:
            continue
        province, prefecture = vote
        if province is not None:
            provinces[province] += 1
        if prefecture is not None:
            prefectures[prefecture] += 1
    prov = default
    if provinces:
        top = max(provinces.values())
        leaders = [c for c, v in provinces.items() if v == top]
        prov = default if default in leaders else leaders[0]
    pref = None
    for code, _ in prefectures.most_common():
        if code[:2] == prov:
            pref = code
            break
    return prov, pref


def resolve(m: Mention, prov: str | None, pref: str | None):
    """The division a mention means in this article, or None when it should not count."""
    cands = m.candidates
    if not cands:
        return None
    if len(cands) > 1:
        ranked = sorted(cands, key=lambda d: (
            not (pref and d.admin_code.startswith(pref)),
            not (prov and d.admin_code.startswith(prov)),
            ("province", "prefecture", "county").index(d.level)))
        best = ranked[0]
        if not ((pref and best.admin_code.startswith(pref)) or (prov and best.admin_code.startswith(prov))):
            if best.level == "county":
                return None
    else:
        best = cands[0]
    if _levels()[best.admin_code] == "zone":
        # 高新区 alone names the zone of the article's own city, which the gazetteer may lack
        if m.text != best.name and not (pref and best.admin_code.startswith(pref)):
            return None
    elif best.level == "county" and (m.text != best.name or len(m.text) < 3):
        if not (prov and best.admin_code.startswith(prov)):
            return None
    elif best.level == "prefecture" and m.text != best.name:
        # a short name outside the home province (保定 in 确保定期) needs its full name
        if not (prov and best.admin_code.startswith(prov)):
            return None
    return best


def extract_regions(body: str, index: SentenceIndex, masks: tuple[str, ...] = ()) -> list[dict]:
    """Places named in `body`, in order of first mention: name, admin_code, level, span, count."""
    mentions = find_mentions(body, masks)
    prov, pref = home(mentions)
    levels = _levels()
    out: dict[str, dict] = {}
    for m in mentions:
        d = resolve(m, prov, pref)
        if d is not None:
            key, entry = d.admin_code, {"name": d.name, "admin_code": d.admin_code, "level": levels[d.admin_code]}
        elif not m.candidates and _zone_pattern().search(m.text):
            key, entry = m.text, {"name": m.text, "admin_code": None, "level": "zone"}
        elif m.candidates and all(levels[c.admin_code] == "zone" for c in m.candidates):
            key, entry = m.text, {"name": m.text, "admin_code": None, "level": "zone"}
        else:
            continue
        if key in out:
            out[key]["count"] += 1
        else:
            out[key] = {**entry, "span": index.span(m.start), "count": 1}
    return list(out.values())


def primary_region(regions: list[dict], article: dict, sentences) -> dict | None:
    """The place the article is about: {"name", "admin_code"} or None.

    Each prefecture or county found in the body scores its mention count, plus 3 when the
    title names it, 2 when the source does (许昌网) and 2 when the first sentence does;
    the province is the answer only when nothing below it is named. The level of the
    posts and bodies the article speaks of (县委, 副县长, 全县 against 市委, 市长, 全市)
    decides first: a county's news names its city too (in the outlet, 漯河网讯, and in
    phrases like 融入南阳市发展大局), so when county posts outnumber city posts and a county
    is named, the answer is the best-scoring county.
    """
    by_code = gazetteer.by_code()
    lead = sentences[0].text if sentences else ""
    text = "".join(s.text for s in sentences)
    county_cues = len(_COUNTY_CUES.findall(text))
    city_cues = len(_CITY_CUES.findall(text))
    level_bonus = {"county": 2.0 if county_cues > city_cues else 0.0,
                   "prefecture": 2.0 if city_cues >= county_cues else 0.0}
    best, best_score = None, 0.0
    wanted = ("prefecture", "county")
    if county_cues > city_cues and any(r["level"] == "county" and r["admin_code"] for r in regions):
        wanted = ("county",)
    for r in regions:
        if r["level"] not in wanted or not r["admin_code"]:
            continue
        d = by_code[r["admin_code"]]
        names = (d.name, *[a for a in d.aliases if len(a) >= 2])
        score = float(r["count"])
        score += 3 * any(n in (article.get("title") or "") for n in names)
        score += 2 * any(n in (article.get("source") or "") for n in names)
        score += 2 * any(n in lead for n in names)
        score += level_bonus[d.level]
        if score > best_score:
            best, best_score = r, score
    if best is None:
        best = next((r for r in regions if r["level"] == "province"), None)
    return {"name": best["name"], "admin_code": best["admin_code"]} if best else None
