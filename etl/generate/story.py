"""The article itself: who said and did what at which meeting, in simplified Chinese.

A `Writer` composes one article's body paragraph by paragraph from the frames in
`data/`, and records every official, region, figure, ranking, campaign and meeting
in a `Truth` as it writes it. `write_story()` picks a scene (a meeting kind) and
returns a `Story`; the page layer (`page.py`) wraps it in a container and noise.
"""
from __future__ import annotations

import datetime as dt
import random
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from etl.generate import vocab
from etl.generate.numerals import chinese, money
from etl.generate.truth import Truth
from etl.reference import gazetteer

QUARTERS = "一二三四"
# Reports of the genre run 870-2,516 characters in the seeds, most of it the leaders' speeches: that many
# of the speeches are long, how many points (一要……) a long one makes and how many sentences a point has.
LONG_SPEECH = 0.8
LONG_REMARKS = 0.5
SPEECH_POINTS = (3, 6)
POINT_SENTENCES = (2, 4)
ORDINALS = "一二三四五六七八九"
START_DAY = dt.date(2019, 1, 1).toordinal()
DAYS = dt.date(2024, 12, 31).toordinal() - START_DAY
# Officials hold their posts for years (Names, holder): a post changes hands every TERM_YEARS, and a post
# has up to SEATS holders at once (副县长 …), beyond which people are invented.
TERM_YEARS = 4
SEATS = 8


@dataclass(frozen=True)
class Person:
    name: str
    title: str          # as written before the name; posts separated by 、

    @property
    def titles(self) -> list[str]:
        return self.title.split("、") if self.title else []


@dataclass
class Story:
    """One article's content before it is put on a page."""
    region: gazetteer.Division
    prefecture: gazetteer.Division
    headline: str
    paragraphs: list[str]
    decks: list[str]                    # sub-headlines above the body (not body text)
    event: dt.date | None
    year_stated: bool
    published: dt.datetime
    outlet: str
    dateline: str                       # 本报讯, {outlet}讯 … ("" when none)
    outlet_in_dateline: bool
    reporters: list[str]
    reporter_note: str                  # （记者 A B） as written, placed by `reporter_place`
    reporter_place: str                 # lead | end | none
    editors: list[str]
    staff: list[str]                    # names that must never be officials (company staff)
    truth: Truth
    scene: str
    extra_names: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def henan() -> dict:
    """Henan's prefectures, their counties and development zones, from the gazetteer."""
    divisions = [d for d in gazetteer.divisions() if d.admin_code.startswith("41")]
    province = next(d for d in divisions if d.level == "province")
    prefectures = [d for d in divisions if d.level == "prefecture" and d.name.endswith("市")]
    counties: dict[str, list] = {p.admin_code: [] for p in prefectures}
    zones: dict[str, list] = {p.admin_code: [] for p in prefectures}
    for d in divisions:
        if d.level != "county" or d.parent_code not in counties:
            continue
        # GB/T 2260 gives development zones codes whose fifth digit is 7.
        (zones if d.admin_code[4] == "7" else counties)[d.parent_code].append(d)
    aliases = {a for d in divisions for a in (d.name, *d.aliases) if len(a) >= 2}
    return {"province": province, "prefectures": prefectures, "counties": counties,
            "zones": zones, "aliases": frozenset(aliases)}


def unit_of(region: gazetteer.Division) -> str:
    """The word a region's own posts use: 市 (prefecture or county-level city), 县 or 区."""
    last = region.name[-1]
    return last if last in "县区" else "市"


def short_name(region: gazetteer.Division) -> str:
    return region.aliases[0] if region.aliases else region.name


class FastRandom(random.Random):
    """random.Random with a cheaper choice(): the generator calls it tens of times per article."""

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]


class Names:
    """Personal names of one article, unique within it and clear of each other and of place names.

    Posts have holders, as in the genre's archives: `new(post)` names the region's holder of `post`
    at the article's `year` (`holder`), so the same 县委书记 chairs a county's meetings for years;
    a post several people hold at once (副县长, 市领导) gives its second holder, and so on. A holder
    already named differently in the article, or a person without a post, gets an invented name.
    `year` is None until the article's date is drawn (write_story sets it); until then everyone is invented.
    """

    def __init__(self, rng: random.Random, region_code: str):
        self.rng = rng
        self.region_code = region_code
        self.year: int | None = None
        self.used: list[str] = []

    def new(self, post: str | None = None) -> str:
        if post is not None and self.year is not None:
            for seat in range(SEATS):
                name = holder(self.region_code, f"{post}#{seat}", self.year)
                if name is not None and self._free(name):
                    self.used.append(name)
                    return name
        for _ in range(200):
            name = invent_name(self.rng)
            if name is not None and self._free(name):
                self.used.append(name)
                return name
        raise RuntimeError("could not invent a fresh name")

    def _free(self, name: str) -> bool:
        return not any(name in u or u in name for u in self.used)


def invent_name(rng: random.Random) -> str | None:
    """A surname and one or two given characters; None when a place name shows in it (2- and
    3-character windows)."""
    surnames, given = vocab.lines("surnames"), vocab.lines("given_chars")
    aliases = henan()["aliases"]
    name = rng.choice(surnames) + rng.choice(given)
    if rng.random() >= 0.35:
        name += rng.choice(given)
    if name[:2] in aliases or name[1:3] in aliases or name in aliases:
        return None
    return name


def holder(region_code: str, seat: str, year: int) -> str | None:
    """Who holds `seat` (a post and a seat number) in the region in `year`: the same name for every
    article of those years. Holders change every TERM_YEARS, each seat in its own year (the seat's
    crc32 staggers the terms), so an archive sees a few holders per seat, not one per article."""
    stagger = zlib.crc32(seat.encode("utf-8")) % TERM_YEARS
    return _holder(region_code, seat, (year + stagger) // TERM_YEARS)


@lru_cache(maxsize=None)
def _holder(region_code: str, seat: str, term: int) -> str | None:
    # a str seed is hashed with SHA-512, the same in every process (not with hash(), which is salted)
    rng = random.Random(f"{region_code}|{seat}|{term}")
    return next(filter(None, (invent_name(rng) for _ in range(20))), None)


class Writer:
    """Writes one article about `region` and records its facts in `self.truth`."""

    def __init__(self, rng: random.Random, region: gazetteer.Division, prefecture: gazetteer.Division):
        self.rng = rng
        self.region = region
        self.prefecture = prefecture
        self.u = unit_of(region)
        self.rs = short_name(region)
        self.truth = Truth()
        self.names = Names(rng, region.admin_code)
        self.truth.region(region.name, region.admin_code,
                          "prefecture" if region.level == "prefecture" else "county")
        self.truth.optional_region(henan()["province"].name)
        self.staff: list[str] = []

    # --- small pieces -------------------------------------------------------------------
    def pick(self, name: str) -> str:
        return self.rng.choice(vocab.lines(name))

    def fill(self, template: str, **extra) -> str:
        return template.format(u=self.u, p=self.rs, r=self.region.name, **extra)

    def person(self, slot: str) -> Person:
        title = self.fill(self.rng.choice(vocab.grouped("leader_titles")[slot]))
        return Person(self.names.new(title), title)

    def department_person(self) -> tuple[str, Person]:
        rows = [r for r in vocab.columns("department_titles", 2) if "{z}" not in r[0]]
        dept, title = self.rng.choice(rows)
        title = self.fill(title)
        return self.fill(dept), Person(self.names.new(title), title)

    def clauses(self, k: int) -> list[str]:
        return self.rng.sample(vocab.lines("clauses"), k)

    def who(self, p: Person) -> str:
        return p.title + p.name

    # --- campaigns ----------------------------------------------------------------------
    def campaign_phrase(self) -> str:
        """A clause naming one campaign (recorded), or a quoted non-campaign (optional)."""
        frames = vocab.grouped("campaign_frames")
        roll = self.rng.random()
        if roll < 0.68:
            name, cls = self.rng.choice(list(vocab.campaign_classes().items()))
            quoted = self.rng.random() < 0.85
            self.truth.campaign(name)
            return self.rng.choice(frames[cls]).format(q=f"“{name}”" if quoted else name)
        if roll < 0.84:
            n = chinese(self.rng.randint(2, 6))
            name = self.pick("invented_campaigns").format(n=n, w=self.pick("campaign_words"))
            self.truth.campaign(name)
            return self.rng.choice(frames["invented"]).format(q=f"“{name}”")
        if roll < 0.93:
            # Slogan codes are campaigns, never figures.
            code = "".join(self.rng.choice("123456789") for _ in range(self.rng.randint(3, 6)))
            self.truth.campaign(code)
            return self.rng.choice(frames["code"]).format(q=f"“{code}”")
        phrase, frame = self.rng.choice(vocab.columns("quoted_phrases", 2))
        self.truth.campaign(phrase, optional=True)
        return frame.format(q=f"“{phrase}”")

    # --- sentences with people ----------------------------------------------------------
    def host(self, p: Person, named_only: bool = False) -> str:
        self.truth.official(p.name, [] if named_only else p.titles, "host")
        return self.pick("role_host").format(who=p.name if named_only else self.who(p))

    def speaker(self, p: Person) -> str:
        self.truth.official(p.name, p.titles, "speaker")
        return self.pick("role_speaker").format(who=self.who(p))

    def attendees(self, groups: list[tuple[str, list[Person]]]) -> str:
        """{heading or title}A、B，{title}C及{title}D出席: each person gets the group's title."""
        parts = []
        for title, people in groups:
            for p in people:
                self.truth.official(p.name, title.split("、"), "attendee")
            parts.append(title + "、".join(p.name for p in people))
        if len(parts) > 1 and self.rng.random() < 0.6:
            text = "，".join(parts[:-1]) + "及" + parts[-1]
        else:
            text = "，".join(parts)
        return self.pick("role_attendee").format(list=text)

    def attendance(self, low: int, high: int) -> tuple[list[tuple[str, list[Person]]], list[Person]]:
        """Attendee groups: under a collective heading (市领导A、B、C), or by post
        (市委常委、宣传部部长A，市人大常委会主任B，副市长C、D …). Returns the groups and everyone in them."""
        if self.rng.random() < 0.6:
            heading = self.fill(self.pick("collective_headings"))
            people = [Person(self.names.new(heading), heading) for _ in range(self.rng.randint(low, high))]
            return [(heading, people)], people
        groups = []
        titles = vocab.grouped("leader_titles")
        for slot in ("standing", "congress", "cppcc", "vice", "secretary_general"):
            if self.rng.random() < 0.6:
                k = self.rng.randint(2, 4) if slot == "vice" else 1
                title = self.fill(self.rng.choice(titles[slot]))
                groups.append((title, [Person(self.names.new(title), "") for _ in range(k)]))
        if not groups:
            title = self.fill("副{u}长")
            groups.append((title, [Person(self.names.new(title), "") for _ in range(2)]))
        return groups, [p for _, people in groups for p in people]

    def zone_head(self) -> str:
        """A development zone's head quoted (表示/说): title 管委会主任 and the like."""
        zones = henan()["zones"][self.prefecture.admin_code]
        if not zones:
            return ""
        z = self.rng.choice(zones)
        self.truth.region(z.name, z.admin_code, "zone")
        rows = [r for r in vocab.columns("department_titles", 2) if "{z}" in r[0]]
        title = self.rng.choice(rows)[1].format(z=z.name)
        return self.quote(Person(self.names.new(title), title))

    def speech(self, p: Person) -> str:
        """A speaker's remarks, one paragraph: most are a long speech of numbered points, as in the
        genre (一要……二要……), the rest a few clauses; one campaign either way."""
        verb = self.pick("speech_verbs")
        self.truth.official(p.name, [], "speaker")
        if self.rng.random() < LONG_SPEECH:
            return f"{p.name}{verb}，" + self.points()
        c = self.clauses(4)
        return f"{p.name}{verb}，" + self.pick("speech_bodies").format(
            c1=c[0], c2=c[1], c3=c[2], c4=c[3], camp=self.campaign_phrase())

    def points(self) -> str:
        """The numbered points of a long speech, each a heading clause and two to four sentences
        (speech_points.txt); one point names a campaign."""
        k = self.rng.randint(*SPEECH_POINTS)
        campaign_at = self.rng.randrange(k)
        out = []
        for i in range(k):
            sentences = self.rng.randint(*POINT_SENTENCES)
            c = iter(self.clauses(1 + 4 * sentences))
            text = ORDINALS[i] + self.rng.choice("要是") + next(c) + "。" + "".join(
                self.pick("speech_points").format(c1=next(c), c2=next(c), c3=next(c), c4=next(c))
                for _ in range(sentences))
            if i == campaign_at:
                text = text[:-1] + "，" + self.campaign_phrase() + "。"
            out.append(text)
        return "".join(out)

    def quote(self, p: Person) -> str:
        verb = self.pick("quote_verbs")
        self.truth.official(p.name, p.titles, "quoted")
        c = self.clauses(2)
        return f"“{self.pick('quotes').format(c1=c[0], c2=c[1])}。”{self.who(p)}{verb}。"

    def staff_quote(self) -> str:
        """A quotation by company staff: a named person who is not an official."""
        name = self.names.new()
        self.staff.append(name)
        c = self.clauses(2)
        return (f"“{self.pick('quotes').format(c1=c[0], c2=c[1])}。”{self.company()}"
                f"{self.pick('company_posts')}{name}说。")

    def company(self) -> str:
        return self.rs + self.pick("company_words") + self.pick("industries") + \
            self.rng.choice(("有限公司", "股份有限公司", "集团有限公司"))

    def remarks(self) -> str:
        """What the meeting said: a few clauses, or (LONG_REMARKS of them) numbered points."""
        if self.rng.random() < LONG_REMARKS:
            return self.rng.choice(("会议要求，", "会议强调，", "会议指出，")) + self.points()
        c = self.clauses(3)
        text = self.pick("meeting_remarks").format(c1=c[0], c2=c[1], c3=c[2])
        if self.rng.random() < 0.5:
            text = text[:-1] + "，" + self.campaign_phrase() + "。"
        return text

    # --- figures ------------------------------------------------------------------------
    def number(self, spec: str, kind: str) -> tuple[str, int | float]:
        """(text, value) for one number spec of figures.txt."""
        style, bounds = spec.split(":")
        low, high = (Decimal(x) for x in bounds.split("-"))
        lo, hi = int(low), int(high)
        rng = self.rng
        if style == "yi":
            if rng.random() < 0.15:
                n = rng.randint(max(lo, 2), min(hi, 99))
                return chinese(n, measure=True) + "亿元", n * 100_000_000
            return money(Decimal(rng.randint(lo * 10, hi * 10)) / 10, "亿元")
        if style == "wan":
            if rng.random() < 0.15:
                n = rng.randint(1, 9) * 1000
                return chinese(n, measure=True) + "万元", n * 10_000
            return money(Decimal(rng.randint(lo, hi)), "万元")
        if style == "wanint":
            n = rng.randint(lo, hi)
            return f"{n}万", n * 10_000
        if style == "dec":
            value = Decimal(rng.randint(int(low * 10), int(high * 10))) / 10
            text = format(value.normalize(), "f")
            if kind == "percent":
                text += "％" if rng.random() < 0.15 else "%"
            return text, float(value) if value != value.to_integral() else int(value)
        n = rng.randint(lo, hi)
        if style == "cn" or (style == "mix" and rng.random() < 0.4):
            return chinese(n, measure=kind in ("count", "duration")), n
        return str(n), n

    def figure_clause(self, avoid: set[str]) -> str:
        """One figure clause, recorded; not one of the frames in `avoid` (those of the same sentence)."""
        for _ in range(20):
            f = self.rng.choice(vocab.figure_frames())
            if f.frame in avoid:
                continue
            avoid.add(f.frame)
            text, value = self.number(f.spec, f.kind)
            if not self.truth.has_figure(f.kind, value):
                clause = f.frame.format(v=text)
                self.truth.figure(f.kind, value, f.unit, clause)
                return clause
        raise RuntimeError("no fresh figure after 20 tries")

    def figures_sentence(self) -> str:
        subject = self.rng.choice((f"全{self.u}", self.region.name, ""))
        used: set[str] = set()
        clauses = [self.figure_clause(used) for _ in range(self.rng.randint(2, 4))]
        if self.rng.random() < 0.25:
            # 亿元以上 is a threshold, not a stated amount: an annotator would hesitate.
            n = self.rng.randint(2, 60)
            if not self.truth.has_figure("count", n):
                clause = f"新签约亿元以上项目{n}个"
                self.truth.figure("count", n, "个", clause)
                self.truth.figure("money", 100_000_000, "元", "亿元以上", optional=True)
                clauses.insert(0, clause)
        return f"{self.pick('openers')}，{subject}" + "，".join(clauses) + "。"

    def range_sentence(self) -> str:
        lo = self.rng.randint(1, 9) * self.rng.choice((1, 5, 10))
        hi = lo * self.rng.randint(2, 6)
        for v in (lo, hi):
            if self.truth.has_figure("money", v * 10_000):
                return ""
        conn = self.rng.choice(("至", "至", "到"))
        text = f"{lo}万元{conn}{hi}万元" if self.rng.random() < 0.7 else f"{lo}万{conn}{hi}万元"
        sentence = self.pick("ranges").format(range=text)
        self.truth.figure("money", lo * 10_000, "元", text)
        self.truth.figure("money", hi * 10_000, "元", text)
        return sentence

    # --- rankings -----------------------------------------------------------------------
    def county_ranking(self) -> str:
        counties = list(henan()["counties"][self.prefecture.admin_code])
        self.rng.shuffle(counties)
        n_xian = sum(1 for c in counties if c.name[-1] != "区")
        n_qu = len(counties) - n_xian
        label = (f"{chinese(n_xian, measure=True)}县" if n_xian else "") + \
            (f"{chinese(n_qu, measure=True)}区" if n_qu else "")
        if self.rng.random() < 0.4:
            label = "各县（市、区）"
        for c in counties:
            self.truth.region(c.name, c.admin_code, "county")
        items = [c.name for c in counties]
        self.truth.rankings.append({"list": f"{label}排名", "items": items})
        return f"{label}排名先后顺序为：" + "、".join(items) + "。"

    def zone_ranking(self) -> str:
        zones = list(henan()["zones"][self.prefecture.admin_code])
        if len(zones) < 2:
            return ""
        self.rng.shuffle(zones)
        items = []
        for z in zones:
            shortened = z.aliases[0] if z.aliases else z.name
            items.append(shortened)
            if shortened == z.name:
                self.truth.region(z.name, z.admin_code, "zone")
            else:
                # A short name (高新区) may be resolved to its zone or not: either is fine.
                self.truth.optional_region(shortened)
                self.truth.optional_region(z.name)
        label = "开发区" if self.rng.random() < 0.5 else f"{chinese(len(items), measure=True)}个开发区"
        self.truth.rankings.append({"list": f"{label}排名", "items": items})
        return f"{label}排名先后顺序为：" + "、".join(items) + "。"

    def department_ranking(self) -> str:
        depts = []
        for dept, _ in vocab.columns("department_titles", 2):
            if "{z}" in dept:
                continue
            name = self.fill(dept)
            if name not in depts and not any(name.startswith(d) or d.startswith(name) for d in depts):
                depts.append(name)
        k = self.rng.randint(5, min(12, len(depts)))
        items = self.rng.sample(depts, k)
        label = f"{self.u}直部门服务项目评价"
        self.truth.rankings.append({"list": f"{label}排名", "items": items})
        return f"{label}排名先后顺序为：" + "、".join(items) + "。"

    def zone_mention(self) -> str:
        zones = henan()["zones"][self.prefecture.admin_code]
        if not zones:
            return ""
        z = self.rng.choice(zones)
        self.truth.region(z.name, z.admin_code, "zone")
        return self.pick("zone_remarks").format(z=z.name)

    def form(self, meeting: dict) -> str:
        form, sentence = self.rng.choice(vocab.columns("forms", 2))
        meeting["form"] = form
        return sentence.format(sub="县区" if self.region.level == "prefecture" else "乡镇")


# --- scenes: one function per kind of meeting ------------------------------------------

def _meeting_name(w: Writer, scene: str, event: dt.date | None) -> tuple[str, str]:
    rows = [r for r in vocab.columns("meeting_types", 3) if r[0] == scene]
    _, mtype, template = w.rng.choice(rows)
    year = (event or dt.date(2022, 1, 1)).year
    camp = ""
    if "{camp}" in template:
        camp = w.rng.choice(("三个一批", "万人助万企", "项目为王"))
        w.truth.campaign(camp)
    name = template.format(year=year, q=QUARTERS[((event.month - 1) // 3) if event else 0], u=w.u,
                           n1=chinese(w.rng.randint(2, 12)), n2=chinese(w.rng.randint(5, 40)),
                           n3=w.rng.randint(20, 160), camp=camp)
    return mtype, name


def _date_phrase(w: Writer, event: dt.date | None, year_stated: bool) -> str:
    if event is None:
        return w.rng.choice(("近日", "日前"))
    day = f"{event.month}月{event.day}日" + w.rng.choice(("", "", "上午", "下午"))
    return f"{event.year}年{day}" if year_stated else day


def scene_observe(w: Writer, date: str, mtype: str, mname: str, meeting: dict) -> list[str]:
    sec, head = w.person("secretary"), w.person("head")
    groups, leaders = w.attendance(3, 12)
    commentator = w.rng.choice(leaders)
    lead = date + "，"
    if w.rng.random() < 0.5:
        days = w.rng.randint(2, 3)
        text = f"为期{chinese(days, measure=True)}天"
        w.truth.figure("duration", days, "天", text)
        lead += f"经过{text}的实地观摩，"
    lead += f"{w.region.name}{mname}召开。" + w.speaker(sec) + w.host(head)
    paras = [lead, w.attendees(groups)]
    for _ in range(w.rng.randint(2, 3)):
        paras.append(w.speech(Person(sec.name, "")))
    paras.append(w.speech(Person(head.name, "")))
    w.truth.official(commentator.name, [], "commentator")
    ranking = w.pick("role_commentator").format(who=commentator.name)
    paras.append(ranking + w.county_ranking() + w.zone_ranking())
    if w.rng.random() < 0.5:
        paras.append(w.department_ranking())
    paras.append(w.pick("conclusions") + (w.form(meeting) if w.rng.random() < 0.7 else ""))
    meeting["host"] = head.name
    return paras


def scene_advance(w: Writer, date: str, mtype: str, mname: str, meeting: dict) -> list[str]:
    sec, head = w.person("secretary"), w.person("head")
    purpose = w.fill(w.pick("purposes"))
    lead = f"{date}，{w.region.name}召开{mname}，{purpose}。"
    if w.rng.random() < 0.5:
        for p in (sec, head):
            w.truth.official(p.name, p.titles, "speaker")
        lead += f"{w.who(sec)}、{w.who(head)}分别讲话。"
    else:
        lead += w.speaker(sec) + w.host(head)
        meeting["host"] = head.name
    groups, _ = w.attendance(3, 10)
    paras = [lead, w.attendees(groups)]
    paras += [w.speech(Person(sec.name, "")) for _ in range(w.rng.randint(1, 2))]
    paras.append(w.speech(Person(head.name, "")))
    paras.append("会议通报了重点项目建设情况。" + w.figures_sentence())
    paras.append(w.pick("conclusions"))
    return paras


def scene_council(w: Writer, date: str, mtype: str, mname: str, meeting: dict) -> list[str]:
    head = w.person("head")
    c = w.clauses(2)
    w.truth.official(head.name, head.titles, "host")
    meeting["host"] = head.name
    lead = f"{date}，{w.who(head)}主持召开{mname}，要求各级各有关部门{c[0]}，{c[1]}。"
    vice = w.fill(w.rng.choice(("副{u}长", "{u}政府副{u}长")))
    executive = w.fill(w.rng.choice(vocab.grouped("leader_titles")["executive"]))
    groups = [(executive, [Person(w.names.new(executive), "")]),
              (vice, [Person(w.names.new(vice), "") for _ in range(w.rng.randint(2, 6))])]
    if w.rng.random() < 0.7:
        secretary_general = w.fill(w.rng.choice(vocab.grouped("leader_titles")["secretary_general"]))
        groups.append((secretary_general, [Person(w.names.new(secretary_general), "")]))
    lead += w.attendees(groups)
    paras = [lead] + [w.remarks() for _ in range(w.rng.randint(2, 4))]
    if w.rng.random() < 0.4:
        paras.append(w.figures_sentence())
    paras.append(w.pick("conclusions"))
    return paras


def scene_review(w: Writer, date: str, mtype: str, mname: str, meeting: dict) -> list[str]:
    w.truth.campaign("周交办、月讲评")
    lead = (f"{date}，{w.region.name}召开{mname}。会议通报，" + w.figures_sentence())
    paras = [lead]
    paras.append(f"自推行“周交办、月讲评”工作机制以来，{w.region.name}{'，'.join(w.clauses(2))}。"
                 + w.remarks())
    paras.append(w.figures_sentence() + w.range_sentence())
    dept, official = w.department_person()
    paras.append(w.quote(official))
    if w.rng.random() < 0.5:
        vice = w.person("vice")
        paras.append(w.host(vice) + "会上，" + w.remarks())
        meeting["host"] = vice.name
    paras.append(w.figures_sentence())
    paras.append(w.staff_quote())
    return paras


def scene_signing(w: Writer, date: str, mtype: str, mname: str, meeting: dict) -> list[str]:
    sec, head = w.person("secretary"), w.person(w.rng.choice(("head", "executive")))
    venue = w.fill(w.pick("venues"))
    lead = f"{date}，{w.region.name}{mname}在{venue}举行。" + w.figures_sentence()
    lead += w.speaker(sec) + w.host(head)
    meeting["host"] = head.name
    groups, _ = w.attendance(2, 8)
    paras = [lead, w.attendees(groups)]
    name = w.names.new()
    w.staff.append(name)
    paras.append(f"{w.company()}{w.pick('company_posts')}{name}代表签约企业发言。" + w.zone_mention())
    paras.append(w.speech(Person(sec.name, "")))
    if w.rng.random() < 0.5:
        paras.append(w.zone_head())
    paras.append(w.staff_quote())
    return paras


def scene_planning(w: Writer, date: str, mtype: str, mname: str, meeting: dict) -> list[str]:
    head_title, deputy_title = w.fill("{u}发改委党组书记、主任"), w.fill("{u}发改委党组成员、副主任")
    head = Person(w.names.new(head_title), head_title)
    deputy = Person(w.names.new(deputy_title), deputy_title)
    purpose = w.fill(w.pick("purposes"))
    lead = f"{date}，{w.region.name}发改委召开{mname}，{purpose}。"
    w.truth.official(deputy.name, deputy.titles, "host")
    w.truth.official(head.name, head.titles, "speaker")
    meeting["host"] = deputy.name
    lead += f"{w.who(deputy)}主持会议，{w.who(head)}对全年项目谋划工作作出部署。"
    paras = [lead] + [w.remarks() for _ in range(w.rng.randint(1, 3))]
    paras += [w.speech(Person(head.name, "")) for _ in range(w.rng.randint(1, 2))]
    if w.rng.random() < 0.5:
        paras.append(w.figures_sentence())
    return paras


def scene_dispatch(w: Writer, date: str, mtype: str, mname: str, meeting: dict) -> list[str]:
    chair = w.person(w.rng.choice(("executive", "vice")))
    w.truth.official(chair.name, chair.titles, "host")
    meeting["host"] = chair.name
    lead = f"{date}，{w.who(chair)}主持召开{mname}，研究解决项目推进中的困难和问题。"
    paras = [lead, "会上，各有关单位汇报了重点项目进展情况。" + w.figures_sentence()]
    paras.append(w.speech(Person(chair.name, "")))
    if w.rng.random() < 0.5:
        dept, official = w.department_person()
        paras.append(w.quote(official))
    if w.rng.random() < 0.5:
        paras.append(w.staff_quote())
    return paras


SCENES = {"observe": scene_observe, "advance": scene_advance, "council": scene_council,
          "review": scene_review, "signing": scene_signing, "planning": scene_planning,
          "dispatch": scene_dispatch}
# County-level governments rarely hold city-style quarterly reviews with zone rankings.
PREFECTURE_SCENES = ("observe", "advance", "council", "review", "signing", "dispatch")
COUNTY_SCENES = ("advance", "council", "review", "signing", "planning", "dispatch")


def pick_region(rng: random.Random) -> tuple[gazetteer.Division, gazetteer.Division]:
    h = henan()
    prefecture = rng.choice(h["prefectures"])
    if rng.random() < 0.5:
        return prefecture, prefecture
    return rng.choice(h["counties"][prefecture.admin_code]), prefecture


def write_story(rng: random.Random) -> Story:
    """Invent one article: a region, a meeting, its people and facts, and the truth about them."""
    region, prefecture = pick_region(rng)
    w = Writer(rng, region, prefecture)
    scene = rng.choice(PREFECTURE_SCENES if region.level == "prefecture" else COUNTY_SCENES)
    event = dt.date.fromordinal(START_DAY + rng.randrange(DAYS)) if rng.random() < 0.95 else None
    year_stated = event is not None and rng.random() < 0.2
    published = dt.datetime.combine((event or dt.date.fromordinal(START_DAY + rng.randrange(DAYS)))
                                    + dt.timedelta(days=rng.choice((0, 0, 1, 1, 2, 3))),
                                    dt.time(rng.randint(7, 22), rng.randint(0, 59), rng.randint(0, 59)))
    w.names.year = (event or published.date()).year  # who holds the posts (Names)
    mtype, mname = _meeting_name(w, scene, event)
    meeting = {"name": mname, "type": mtype, "date": None, "host": None, "form": None}
    date = _date_phrase(w, event, year_stated)
    paras = SCENES[scene](w, date, mtype, mname, meeting)
    paras = [p for p in paras if p]
    named = any(region.name in p for p in paras)
    closer_kind = "pref" if named and region is not prefecture and rng.random() < 0.5 else "r"
    closer = rng.choice(vocab.grouped("closers")[closer_kind]).format(r=region.name, pref=prefecture.name)
    if closer_kind == "pref":
        w.truth.region(prefecture.name, prefecture.admin_code, "prefecture")
    paras[-1] += closer
    w.truth.meetings.append(meeting)

    headline = rng.choice(vocab.lines("headlines")).format(
        r=region.name, rs=w.rs, meeting=mname, slogan=w.pick("slogans"))
    decks = []
    speakers = [o["name"] for o in w.truth.officials.values() if "speaker" in o["roles"]]
    if speakers and rng.random() < 0.6:
        decks.append(f"{speakers[0]}在{mname}上强调")
        decks.append(w.pick("slogans"))
    if meeting["host"] and rng.random() < 0.5:
        attendees = [o["name"] for o in w.truth.officials.values() if "attendee" in o["roles"]][:2]
        decks.append(f"{meeting['host']}主持" + (" " + "".join(attendees) + "出席" if attendees else ""))

    outlet, dateline, named = _outlet(w)
    reporters = [w.names.new("记者") for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 4)))]
    note, place = "", "none"
    if reporters:
        place = rng.choice(("lead", "lead", "lead", "end"))
        if len(reporters) >= 3 and rng.random() < 0.6:
            note = f"（记者 {' '.join(reporters[:2])}/文 {' '.join(reporters[2:])}/图）"
        else:
            note = f"（记者 {' '.join(reporters)}）"
        if rng.random() < 0.1:
            helper = w.names.new("通讯员")
            note = note[:-1] + f" 通讯员 {helper}）"
            # Whether a 通讯员 is one of the 记者 is a judgement call.
            w.truth.article_optional.append("reporters")
    editors = [w.names.new("编辑")] if rng.random() < 0.7 else []
    return Story(region=region, prefecture=prefecture, headline=headline, paragraphs=paras, decks=decks,
                 event=event, year_stated=year_stated, published=published, outlet=outlet,
                 dateline=dateline, outlet_in_dateline=named, reporters=reporters, reporter_note=note,
                 reporter_place=place, editors=editors, staff=w.staff, truth=w.truth, scene=scene,
                 extra_names=[w.names.new()])


def _outlet(w: Writer) -> tuple[str, str, bool]:
    """(outlet, dateline word, whether the dateline names the outlet)."""
    rows = vocab.columns("outlets", 3)
    scopes = ("city", "province") + (("county",) if w.region.level == "county" else ())
    scope, outlet, dateline = w.rng.choice([r for r in rows if r[0] in scopes])
    outlet = outlet.format(city=short_name(w.prefecture), county=w.region.name)
    named = "{outlet}" in dateline
    dateline = dateline.format(outlet=outlet)
    if w.rng.random() < 0.15:
        dateline, named = "", False
    return outlet, dateline, named
