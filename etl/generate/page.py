"""A `Story` on a page: container (text, HTML, Markdown, crawler JSON), boilerplate,
script and debris noise, and the bytes of an encoding.

`render(story, rng)` returns a `Rendered`: the raw bytes, the file extension, the
spec `article` object for the truth, and the names of the features it used (for
the summary and the tests). It also completes `story.truth`: body checks,
article_optional, the meeting's date.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import re
from dataclasses import dataclass, field
from functools import lru_cache

from etl.generate import vocab
from etl.generate.story import Story, henan, short_name
from etl.reference import gazetteer

CONTAINERS = (("text", 0.40), ("html", 0.25), ("markdown", 0.15), ("json", 0.20))
ENCODINGS = (("utf-8", 0.58), ("utf-8-sig", 0.10), ("gbk", 0.16), ("gb18030", 0.12), ("utf-16", 0.04))
EXTENSIONS = {"text": ("txt",), "html": ("html", "htm", "shtml", "txt"), "markdown": ("md", "txt"),
              "json": ("json",)}
ASCII_PUNCT = str.maketrans({"，": ",", "：": ":", "（": "(", "）": ")", "；": ";", "！": "!", "？": "?"})
TRADITIONAL_RATE = 0.12
LATIN_DEBRIS = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ]+\)")


@dataclass
class Rendered:
    raw: bytes
    ext: str
    article: dict
    features: list[str] = field(default_factory=list)
    container: str = ""
    encoding: str = ""
    body: str = ""          # the clean body, simplified: what an ideal extractor's article.body holds


def weighted(rng: random.Random, table) -> str:
    roll, acc = rng.random(), 0.0
    for name, weight in table:
        acc += weight
        if roll < acc:
            return name
    return table[-1][0]


# --- converters, built once per process ------------------------------------------------

@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def _syllable(window: str, at: int) -> str:
    """Tone-marked pinyin of window[at], read in the context of its neighbours (长 in 市长 is zhǎng)."""
    from pypinyin import Style, pinyin

    return pinyin(window, style=Style.TONE, errors="ignore")[at][0] if window else ""


@lru_cache(maxsize=4096)
def _initials(text: str) -> tuple[str, str]:
    """(pinyin initials, full pinyin) of an outlet name, for invented host names and slugs."""
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(text, errors="ignore")
    return "".join(s[0] for s in syllables if s), "".join(syllables)


def round_trips(text: str) -> str | None:
    """Traditional script of `text` when it converts back to exactly `text`, else None
    (the truth, written in simplified, would then differ from what a reader recovers)."""
    traditional = _s2t().convert(text)
    return traditional if _t2s().convert(traditional) == text else None


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def pinyin_debris(simplified: str, traditional: str, rng: random.Random,
                  rate: float) -> tuple[str, list[str]]:
    """Insert (pīnyīn) after some characters whose traditional form differs, as broken converters do.

    Returns the text and the debris tokens inserted. The two strings must align character by
    character; when they do not, nothing is inserted.
    """
    if len(simplified) != len(traditional):
        return traditional, []
    out, tokens, last = [], [], 0
    # Only positions where the scripts differ can get debris; find them in one pass.
    for i in [i for i, (s, t) in enumerate(zip(simplified, traditional)) if s != t]:
        if rng.random() >= rate or not _is_han(simplified[i]):
            continue
        # Neighbours give context for polyphones; only Chinese ones (pypinyin drops the rest).
        before = simplified[i - 1] if i and _is_han(simplified[i - 1]) else ""
        after = simplified[i + 1] if i + 1 < len(simplified) and _is_han(simplified[i + 1]) else ""
        syllable = _syllable(before + simplified[i] + after, len(before))
        if syllable and syllable.isalpha():
            token = f"({syllable})"
            out += [traditional[last:i + 1], token]
            tokens.append(token)
            last = i + 1
    out.append(traditional[last:])
    return "".join(out), tokens


# --- small helpers ---------------------------------------------------------------------

def _pick(rng: random.Random, name: str) -> str:
    return rng.choice(vocab.lines(name))


def _host(rng: random.Random, outlet: str) -> str:
    initials, _ = _initials(outlet)
    tld = ".gov.cn" if "政府" in outlet else rng.choice((".cn", ".com", ".com.cn", ".net"))
    return f"www.{initials}{tld}"


def _url(rng: random.Random, host: str, published: dt.datetime) -> str:
    num = rng.randint(100000, 9999999)
    y, m, d = published.year, f"{published.month:02d}", f"{published.day:02d}"
    style = rng.randint(0, 3)
    if style == 0:
        return f"http://{host}/news/{y}{m}/{d}/content_{num}.html"
    if style == 1:
        return f"http://{host}/html/{y}-{m}/{d}/{num}.shtml"
    if style == 2:
        return f"https://{host}/system/{y}/{m}/{d}/{num}.shtml"
    return f"http://{host}/news/show-{rng.randint(10, 300)}-{num}-0.html"


@lru_cache(maxsize=1)
def _elsewhere() -> tuple[gazetteer.Division, ...]:
    """Divisions outside Henan whose names do not also name a Henan place: material for spam lists."""
    henan_names = henan()["aliases"]
    return tuple(d for d in gazetteer.divisions()
                 if not d.admin_code.startswith("41") and d.name not in henan_names
                 and not any(a in henan_names for a in d.aliases))


def _spam_places(rng: random.Random) -> list[str]:
    pool = _elsewhere()
    return [rng.choice(pool).name for _ in range(rng.randint(25, 50))]


def _spam_company(rng: random.Random) -> str:
    place = rng.choice([d for d in _elsewhere() if d.level == "prefecture"])
    return (short_name(place) + _pick(rng, "company_words") + _pick(rng, "industries")
            + rng.choice(("股份有限公司", "有限公司")))


def _sentences(paragraphs: list[str]) -> list[str]:
    out = []
    for p in paragraphs:
        out += [s for s in re.split(r"(?<=[。！？；])", p) if s]
    return out


# --- the page --------------------------------------------------------------------------

@dataclass
class Shown:
    """What the page states about the article (the truth follows from it)."""
    published: str | None = None      # as the truth writes it
    source: bool = False
    editors: bool = False
    url: str | None = None
    title: bool = True


def render(story: Story, rng: random.Random) -> Rendered:
    container = weighted(rng, CONTAINERS)
    truth = story.truth
    features = [f"container:{container}"]
    paragraphs = list(story.paragraphs)

    # Reporters and dateline belong to the body, as the cleaned text keeps them.
    lead = paragraphs[0]
    place = story.reporter_place
    if place == "lead" and not story.dateline:
        place = "end"
    note = story.reporter_note if place == "lead" else ""
    colon = "：" if story.dateline and not note and rng.random() < 0.5 else ""
    paragraphs[0] = story.dateline + note + colon + lead
    if place == "end":
        paragraphs[-1] += story.reporter_note
    body = "\n".join(paragraphs)

    host = _host(rng, story.outlet)
    url = _url(rng, host, story.published)
    shown = Shown(source=story.outlet_in_dateline)
    traditional = rng.random() < TRADITIONAL_RATE
    names = [o for o in truth.officials] + story.reporters + story.editors + story.staff
    body_traditional = ""
    if traditional:
        converted = round_trips("\n".join([body, story.headline, story.outlet, *names]))
        if converted is None:
            traditional = False
            features.append("noise:traditional_fallback")
        else:
            body_traditional = converted[:len(body)]
    debris = {"pinyin": traditional and rng.random() < 0.5,
              "qmark": traditional and container == "text" and rng.random() < 0.5}

    if container == "text":
        text, must_not = _text_page(story, rng, paragraphs, shown, url, features, debris["qmark"])
    elif container == "html":
        text, must_not = _html_page(story, rng, paragraphs, shown, url, features)
    elif container == "markdown":
        text, must_not = _markdown_page(story, rng, paragraphs, shown, url, host, features)
    else:
        text, must_not = None, ["pub_time", "\\u"]
    if container != "json" and rng.random() < 0.35:
        text = text.translate(ASCII_PUNCT)
        features.append("noise:ascii_punct")

    tokens: list[str] = []
    if container == "json":
        raw = _json_page(story, rng, paragraphs, shown, url, features, traditional, debris["pinyin"], tokens)
        encoding = "utf-8"
    else:
        if traditional:
            converted = _s2t().convert(text)
            if debris["pinyin"]:
                converted, tokens = pinyin_debris(text, converted, rng, 0.3)
            if debris["qmark"]:
                converted = converted.replace("\u3000\u3000", "????").replace("記者 ", "記者?")
            text = converted
        encoding = weighted(rng, ENCODINGS)
        if container == "html":
            text = _declare_charset(text, encoding, rng, features)
        raw = _encode(text, encoding)
        encoding = "gb18030" if encoding == "gbk" and raw is None else encoding
        raw = raw if raw is not None else text.encode("gb18030")
    features.append(f"encoding:{encoding}")

    if traditional:
        features.append("script:traditional")
        changed = sorted({t for s, t in zip(body, body_traditional) if s != t})
        must_not += rng.sample(changed, min(2, len(changed)))
    else:
        features.append("script:simplified")
    if tokens:
        features.append("noise:pinyin")
        must_not += list(dict.fromkeys(tokens))[:2]
    if debris["qmark"]:
        features.append("noise:qmark")
        must_not.append("????")

    truth.body_must_not_contain += [m for m in dict.fromkeys(must_not) if m and m not in body]
    candidates = [s.strip("。；“”") for s in _sentences(paragraphs[1:] or paragraphs)
                  if 8 <= len(s) <= 80 and "记者" not in s]
    for s in rng.sample(candidates, min(2, len(candidates))):
        truth.body_must_contain.append(s[:30])

    event_date = None
    if story.event is not None:
        event_date = (story.event.isoformat() if story.year_stated or shown.published
                      else f"--{story.event.month:02d}-{story.event.day:02d}")
    for meeting in truth.meetings:
        meeting["date"] = event_date
    if not shown.source:
        truth.article_optional.append("source")
    if not shown.title:
        truth.article_optional.append("title")
    if story.region is not story.prefecture and story.prefecture.name not in truth.regions:
        # A city outlet's name in the dateline may or may not count as naming the city.
        truth.optional_region(story.prefecture.name)
    article = {
        "title": story.headline if shown.title else None,
        "published_at": shown.published,
        "event_date": event_date,
        "source": story.outlet if shown.source else None,
        "editors": list(story.editors) if shown.editors else [],
        "reporters": list(story.reporters),
        "url": shown.url,
        "script": "traditional" if traditional else "simplified",
        "region": {"name": story.region.name, "admin_code": story.region.admin_code},
    }
    ext = rng.choice(EXTENSIONS[container])
    return Rendered(raw=raw, ext=ext, article=article, features=features, container=container,
                    encoding=encoding, body=body)


def _published(story: Story, rng: random.Random, shown: Shown, with_time: bool = True) -> str:
    """The header's date text; sets the truth's published_at to match it."""
    p = story.published
    if not with_time:
        shown.published = p.date().isoformat()
        return rng.choice((f"发布时间：{p:%Y-%m-%d}", f"{p:%Y-%m-%d}", f"{p.year}年{p:%m}月{p:%d}日"))
    if rng.random() < 0.5:
        shown.published = p.replace(second=0).isoformat() + "+08:00"
        return f"{p:%Y-%m-%d %H:%M}"
    shown.published = p.isoformat() + "+08:00"
    return rng.choice((f"{p:%Y-%m-%d %H:%M:%S}", f"时间：{p:%Y-%m-%d %H:%M:%S}",
                       f"{p.year}年{p:%m}月{p:%d}日 {p:%H:%M:%S}"))


def _mood(rng: random.Random) -> list[str]:
    words = list(vocab.lines("mood_words"))
    return ["读完这篇文章后，您心情如何？", ""] + [f"  • {w}\n" for w in words]


def _copyright(story: Story, rng: random.Random, url: str, shown: Shown,
               features: list[str]) -> tuple[list[str], list[str]]:
    site = story.outlet
    lines = [_pick(rng, "disclaimers").format(site=site)]
    must_not = ["免责声明" if "免责声明" in lines[0] else "版权声明"]
    features.append("boilerplate:disclaimer")
    if rng.random() < 0.5:
        law = _pick(rng, "law_firms")
        lawyer = story.extra_names[0] if story.extra_names else "某"
        lines.append(law.format(site=site, word=_pick(rng, "company_words"), name=lawyer))
        must_not.append("法律顾问")
        features.append("boilerplate:law")
    if rng.random() < 0.4:
        lines[0] += f"本文链接：{url}"
        shown.url = url
    return lines, must_not


def _text_page(story: Story, rng: random.Random, paragraphs: list[str], shown: Shown, url: str,
               features: list[str], indent: bool) -> tuple[str, list[str]]:
    out: list[str] = []
    must_not: list[str] = []
    site = story.outlet
    if rng.random() < 0.15:
        company = _spam_company(rng)
        out += [company, ""]
        must_not.append(company)
        features.append("noise:seo_spam")
    if rng.random() < 0.5:
        out.append(_pick(rng, "banners"))
    out += [_pick(rng, "navs"), ""]
    if rng.random() < 0.9:
        out += [story.headline] * (2 if rng.random() < 0.1 else 1) + [""]
    else:
        shown.title = False
        features.append("noise:no_title")
    header = []
    if rng.random() < 0.85:
        header.append(_published(story, rng, shown, with_time=rng.random() < 0.75))
    if rng.random() < 0.7:
        header.append(f"来源：{site}")
        shown.source = True
    if story.editors and rng.random() < 0.6:
        header.append(f"责任编辑：{story.editors[0]}")
        shown.editors = True
    if header:
        out += [" ".join(header), ""]
    if rng.random() < 0.3:
        ad = _pick(rng, "sms_ads").format(site=site)
        out += [ad, ""]
        must_not.append(ad[-8:])
        features.append("boilerplate:ad")
    if rng.random() < 0.3:
        first = _sentences(paragraphs)[0]
        out += ["摘要：" + first, ""]
        features.append("boilerplate:abstract")
    if story.decks and rng.random() < 0.7:
        for deck in story.decks:
            out += [deck, ""]
        features.append("noise:decks")
    numbers = rng.random() < 0.25
    if numbers:
        features.append("noise:para_numbers")
    pad = "\u3000\u3000" if indent or rng.random() < 0.3 else ""
    for i, p in enumerate(paragraphs):
        out += [pad + p, ""]
        if numbers and i < len(paragraphs) - 1 and rng.random() < 0.6:
            out += [str(i + 1), ""]
    if story.editors and (not shown.editors or rng.random() < 0.5):
        before, after = rng.choice((("责任编辑：", ""), ("责任编辑 / ", ""), ("（责任编辑：", "）")))
        out += [before + story.editors[0] + after, ""]
        shown.editors = True
    if rng.random() < 0.3:
        out += _mood(rng)
        must_not.append("您心情如何")
        features.append("boilerplate:mood")
    if rng.random() < 0.5:
        lines, more = _copyright(story, rng, url, shown, features)
        out += [x for line in lines for x in (line, "")]
        must_not += more
    if rng.random() < 0.4:
        share = _pick(rng, "share_lines")
        out.append(share)
        must_not.append(share)
        features.append("boilerplate:share")
    if rng.random() < 0.25:
        places = _spam_places(rng)
        out.append("| ".join(places) + "|")
        must_not += rng.sample(list(dict.fromkeys(places)), 3)
        features.append("noise:spam_places")
    if rng.random() < 0.5:
        footer = [x.format(site=site) for x in rng.sample(vocab.lines("footer_lines"), 3)]
        out += footer
        must_not += [f for f in footer if "返回" in f]
    return "\n".join(out) + "\n", must_not


def _html_page(story: Story, rng: random.Random, paragraphs: list[str], shown: Shown, url: str,
               features: list[str]) -> tuple[str, list[str]]:
    site = story.outlet
    esc = _html_escape
    head = ['<!DOCTYPE html>', '<html lang="zh-CN">', '<head>', '@@CHARSET@@',
            f'<title>{esc(story.headline)}{rng.choice(("_", " - ", "--"))}{esc(site)}</title>']
    first = _sentences(paragraphs)[0]
    head.append(f'<meta name="description" content="{esc(first)}">')
    if rng.random() < 0.6:
        head.append(f'<meta property="og:title" content="{esc(story.headline)}">')
    if rng.random() < 0.6:
        head.append(f'<meta property="og:url" content="{url}">')
        head.append(f'<link rel="canonical" href="{url}">')
        shown.url = url
    date_line = ""
    if rng.random() < 0.9:
        date_line = _published(story, rng, shown, with_time=rng.random() < 0.8)
        if rng.random() < 0.3 and "T" in (shown.published or ""):
            head.append(f'<meta property="article:published_time" content="{shown.published}">')
    head.append("</head>")
    body = ["<body>",
            '<div class="nav"><a href="/">首页</a> &gt; <a href="/news/">新闻中心</a> &gt; 正文</div>',
            f"<h1>{esc(story.headline)}</h1>"]
    info = [f"<span>{date_line}</span>"] if date_line else []
    if rng.random() < 0.75:
        info.append(f"<span>来源：{esc(site)}</span>")
        shown.source = True
    body.append('<div class="info">' + " ".join(info) + "</div>")
    body.append('<div class="article" id="content">')
    indent = "&nbsp;&nbsp;&nbsp;&nbsp;" if rng.random() < 0.3 else ""
    body += [f"<p>{indent}{esc(p)}</p>" for p in paragraphs]
    body.append("</div>")
    must_not = ["<p>", "</p>", "&nbsp;", "首页"]
    if story.editors and rng.random() < 0.8:
        body.append(f'<div class="editor">责任编辑：{story.editors[0]}</div>')
        shown.editors = True
    if rng.random() < 0.5:
        body.append('<div class="share">' + _pick(rng, "share_lines") + "</div>")
        features.append("boilerplate:share")
    if rng.random() < 0.5:
        lines, more = _copyright(story, rng, url, shown, features)
        body.append('<div class="footer">' + "".join(f"<p>{esc(x)}</p>" for x in lines) + "</div>")
        must_not += more
    if rng.random() < 0.15:
        places = _spam_places(rng)
        body.append('<div class="links" style="display:none">'
                    + "| ".join(f'<a href="/{i}.html">{p}</a>' for i, p in enumerate(places)) + "</div>")
        must_not += rng.sample(list(dict.fromkeys(places)), 3)
        features.append("noise:spam_places")
    body += ['<script>var _hmt = _hmt || [];</script>', "</body>", "</html>"]
    return "\n".join(head + body) + "\n", must_not


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _declare_charset(text: str, encoding: str, rng: random.Random, features: list[str]) -> str:
    """Put a <meta charset> in; about one page in four declares the wrong one, as real sites do."""
    true = "utf-8" if encoding == "utf-8-sig" else encoding
    if rng.random() < 0.25:
        declared = "gb2312" if true.startswith("utf") else "utf-8"
        features.append("noise:meta_lie")
    else:
        declared = {"gbk": rng.choice(("gbk", "gb2312")), "utf-16": "utf-8"}.get(true, true)
    tag = (f'<meta charset="{declared}">' if rng.random() < 0.6 else
           f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">')
    return text.replace("@@CHARSET@@", tag, 1)


def _markdown_page(story: Story, rng: random.Random, paragraphs: list[str], shown: Shown, url: str,
                   host: str, features: list[str]) -> tuple[str, list[str]]:
    site = story.outlet
    _, slug = _initials(site)
    p = story.published
    shown.published = p.isoformat() + "+08:00"
    out = ["---", "layout: post", f'title: "{story.headline}"', f"date: {p:%Y-%m-%d %H:%M:%S} +0800",
           f"categories: {slug}", f"tags: {site}新闻", "---"]
    must_not = ["layout: post", "categories:"]
    if rng.random() < 0.6:
        out += [("" if i == 0 else " ") + f"<p>{x}</p>" for i, x in enumerate(paragraphs)]
        must_not += ["<p>", "</p>"]
        features.append("noise:md_p")
    else:
        out += [x for para in paragraphs for x in (para, "")]
    if rng.random() < 0.7:
        out[-1] += f'<p class="article-source">（来源：{site}）</p>'
        shown.source = True
        must_not.append("article-source")
    if rng.random() < 0.85:
        out += ["", f"<{url}>"]
        shown.url = url
    out += ["", f"[返回{site}新闻](//{host}/category/{slug}.html)｜[返回首页](//{host}/)"]
    must_not.append("返回首页")
    return "\n".join(out) + "\n", must_not


def _json_page(story: Story, rng: random.Random, paragraphs: list[str], shown: Shown, url: str,
               features: list[str], traditional: bool, pinyin: bool, tokens: list[str]) -> bytes:
    def tx(value: str) -> str:
        if not traditional:
            return value
        converted = _s2t().convert(value)
        if pinyin:
            converted, inserted = pinyin_debris(value, converted, rng, 0.3)
            tokens.extend(inserted)
        return converted

    if rng.random() < 0.4:
        content = "".join(f"<p>{x}</p>" for x in paragraphs)
        features.append("noise:json_html")
    else:
        content = "\n".join(paragraphs)
    if story.editors and rng.random() < 0.5:
        content += f"\n（责任编辑：{story.editors[0]}）"
        shown.editors = True
    record = {"title": tx(story.headline), "url": url, "pub_time": None, "source": None,
              "content": tx(content)}
    shown.url = url
    if rng.random() < 0.95:
        p = story.published
        record["pub_time"] = f"{p:%Y-%m-%d %H:%M:%S}"
        shown.published = p.isoformat() + "+08:00"
    if rng.random() < 0.85:
        record["source"] = tx(story.outlet)
        shown.source = True
    return json.dumps(record, ensure_ascii=True).encode("ascii")


def _encode(text: str, encoding: str) -> bytes | None:
    """Bytes of `text`; None when GBK cannot hold a character (the caller falls back to GB18030)."""
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        if encoding == "gbk":
            return None
        raise
