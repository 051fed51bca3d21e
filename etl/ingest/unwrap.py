"""Container → metadata + text lines: crawler JSON, Markdown with front matter, HTML, plain text.

`unwrap(text, name)` recognises the container from the text itself (a `.md`
name only helps when there is no front matter). What the container states
about the article goes to `Page.meta` under fixed keys:

| key | from |
| --- | --- |
| `title` | front matter / JSON title, `og:title`, `<meta name=title>` |
| `page_title` | the HTML `<title>` (often `headline_site`: the extractor matches it to a page line) |
| `date` | front matter / JSON publish time, `article:published_time`, `<meta name=pubdate>` … |
| `url` | front matter / JSON url, `<link rel=canonical>`, `og:url` |
| `source` | front matter / JSON source or site, `og:site_name`, `<meta name=source>` |
| `author`, `editor` | front matter / JSON author/editor keys, `<meta name=author>` |

Values are strings as written (dates are parsed later, by the article extractor).
`Page.text` is the page as text, one paragraph or block per line; HTML keeps
its block structure (`<p>`, `<br>`, `<div>`, `<li>` … end a line), Markdown
loses its link and emphasis markup, and a Markdown autolink line keeps its
`<http://…>` form so the extractor can tell it from prose. JSON that fails to
parse raises `IngestError`; JSON without any text field raises it too.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from etl.ingest import IngestError


@dataclass
class Page:
    container: str                              # text | html | markdown | json
    meta: dict = field(default_factory=dict)    # normalized keys, see the module docstring
    text: str = ""                              # the page as text, blocks on their own lines


# Crawler JSON keys, lower-cased, in order of preference within each group.
_JSON_KEYS = {
    "text": ("content", "body", "text", "html", "content_html", "contenthtml", "article_content",
             "articlecontent", "main_text", "maintext", "article", "detail"),
    "title": ("title", "headline", "news_title", "article_title", "articletitle"),
    "url": ("url", "link", "href", "canonical", "canonical_url", "source_url", "sourceurl", "article_url",
            "articleurl", "page_url"),
    "date": ("pub_time", "publish_time", "published_time", "publishtime", "pubtime", "pub_date",
             "publish_date", "publishdate", "pubdate", "published_at", "published", "release_time",
             "date", "datetime", "time"),
    "source": ("source", "site", "site_name", "sitename", "media", "media_name", "publisher", "origin"),
    "author": ("author", "authors", "reporter", "reporters", "writer"),
    "editor": ("editor", "editors", "responsible_editor", "duty_editor"),
}
# Front matter keys besides the JSON ones.
_FRONT_KEYS = {"date": ("date", "published", "pubdate", "publishdate", "time"),
               "url": ("url", "link", "permalink", "canonical", "source_url")}

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
# A plain front matter line: `key: value`, the value double- or single-quoted without escapes, or plain
# without comments, `: ` or a leading YAML indicator; no tabs, control or odd line-break characters.
_UNSAFE = r"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff"
_PLAIN_FRONT_LINE = re.compile(
    rf"""(?P<key>[A-Za-z_][A-Za-z0-9_-]*):(?:[ ]+(?P<value>
        "[^"\\{_UNSAFE}]*"
        |'[^'{_UNSAFE}]*'
        |[^\s\-?:,\[\]{{}}#&*!|>'"%@`{_UNSAFE}](?:[^:#{_UNSAFE}]|:(?=[^\s{_UNSAFE}]))*(?<![:\s])
    ))?[ ]*""", re.X)
_HTML_HINT = re.compile(
    r"<(?:!doctype|html|head|body|p|div|br|span|table|tr|td|article|section|h[1-6]|meta|title|li|ul|ol|font|strong|a)[\s>/]",
    re.I)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]{2,8});", re.I)
_AUTOLINK = re.compile(r"<(https?://[^\s<>]+)>")

# HTML block boundaries: a line break before opening and after closing tags.
_BLOCK = ("p|div|li|ul|ol|h[1-6]|tr|table|thead|tbody|section|article|header|footer|nav|aside|blockquote|pre"
          "|dd|dt|dl|form|figure|figcaption|center|main|address|option")
_BLOCK_OPEN = re.compile(rf"<(?!/)(?:{_BLOCK})(?=[\s>/])[^>]*>", re.I)  # (?!/): end tags fail at once
_BLOCK_CLOSE = re.compile(rf"</(?:{_BLOCK})\s*>", re.I)
_BREAK = re.compile(r"<(?:br|hr)\b[^>]*>", re.I)
_CELL_CLOSE = re.compile(r"</t[dh]\s*>", re.I)
_WS = re.compile(r"\s+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object", "select", "textarea", "button")

# Meta tags: (attribute, value) → meta key, first found wins.
_META_TAGS = (
    ("property", "og:title", "title"), ("name", "og:title", "title"), ("name", "title", "title"),
    ("name", "articletitle", "title"),
    ("property", "article:published_time", "date"), ("name", "article:published_time", "date"),
    ("name", "pubdate", "date"), ("name", "publishdate", "date"), ("name", "publish_date", "date"),
    ("name", "published_time", "date"), ("itemprop", "datepublished", "date"), ("name", "date", "date"),
    ("property", "og:url", "url"),
    ("property", "og:site_name", "source"), ("name", "source", "source"), ("name", "contentsource", "source"),
    ("name", "author", "author"), ("property", "article:author", "author"),
)
_META_ATTRS = tuple(dict.fromkeys(attr for attr, _, _ in _META_TAGS))
_META_TAG_SET = frozenset((attr, value) for attr, value, _ in _META_TAGS)

# Markdown inline markup.
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
_MD_REF_DEF = re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.M)
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
# Chinese has no spaces around emphasis: only ASCII letters and digits make `*`/`_` part of a word.
_MD_EM_STAR = re.compile(r"(?<![A-Za-z0-9*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![A-Za-z0-9*])")
_MD_EM_UNDER = re.compile(r"(?<![A-Za-z0-9_/])_(?=\S)([^_\n]+?)(?<=\S)_(?![A-Za-z0-9_/])")
_MD_CODE = re.compile(r"`([^`\n]*)`")
_MD_LINE_PREFIX = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+(?=\S))")
_MD_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$|^\s*```.*$")
_URL_TOKEN = re.compile(r"<https?://[^\s<>]+>|https?://\S+")


def unwrap(text: str, name: str) -> Page:
    """Recognise the container of decoded text and split it into metadata and text."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped[:1] in "{[":
        return _unwrap_json(stripped)
    front = _FRONT.match(stripped)
    if front:
        return _unwrap_markdown(stripped[front.end():], _front_matter(front.group(1)))
    if name.lower().endswith((".md", ".markdown")):
        return _unwrap_markdown(stripped, {})
    if _HTML_HINT.search(stripped):
        meta, body = html_to_text(stripped)
        return Page("html", meta, body)
    return Page("text", {}, _unescape(stripped))


def _unwrap_json(text: str) -> Page:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    record = _json_record(data)
    if record is None:
        raise IngestError("JSON without an article: no object with a content/body/text/html field")
    lowered = {str(k).lower(): v for k, v in record.items()}
    meta = {}
    for key, names in _JSON_KEYS.items():
        if key == "text":
            continue
        value = _first(lowered, names)
        if value is not None:
            meta[key] = _json_string(value, key)
    content = _json_string(_first(lowered, _JSON_KEYS["text"]), "text")
    if _HTML_HINT.search(content):
        inner_meta, body = html_to_text(content)
        return Page("json", {**inner_meta, **meta}, body)
    return Page("json", meta, _unescape(content))


def _json_record(data) -> dict | None:
    """The object holding the article: the top one, or one nested under a wrapper key or a one-item list."""
    if isinstance(data, list):
        found = [r for r in (_json_record(item) for item in data) if r is not None]
        if len(found) > 1:
            raise IngestError(f"JSON holds {len(found)} articles; one file must hold one")
        return found[0] if found else None
    if not isinstance(data, dict):
        return None
    if any(str(k).lower() in _JSON_KEYS["text"] and isinstance(v, (str, list)) for k, v in data.items()):
        return data
    for value in data.values():
        if isinstance(value, (dict, list)):
            inner = _json_record(value)
            if inner is not None:
                return inner
    return None


_EMPTY_VALUES = (None, "", [], {})


def _first(record: dict, names: tuple[str, ...]):
    for key in names:
        value = record.get(key)
        if value not in _EMPTY_VALUES:
            return value
    return None


def _json_string(value, key: str) -> str:
    """A JSON value as text: lists joined (paragraphs by line, names by 、), epoch numbers as +08:00 times."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)) and key == "date":
        seconds = value / 1000 if value > 1e11 else value  # milliseconds since the epoch
        return datetime.fromtimestamp(seconds, timezone(timedelta(hours=8))).isoformat()
    if isinstance(value, list):
        parts = [_json_string(v, key) for v in value]
        return ("\n" if key == "text" else "、").join(p for p in parts if p)
    if isinstance(value, dict):
        name = _first({str(k).lower(): v for k, v in value.items()}, ("name", "title", "text", "value"))
        return _json_string(name, key)
    return str(value)


def _front_matter(block: str) -> dict:
    """Front matter keys we know → meta; YAML read as plain strings so dates keep their offset."""
    data = _load_yaml(block)
    if not isinstance(data, dict):
        # Front matter that is not valid YAML (an unquoted colon in a title …): read key: value lines.
        data = {}
        for line in block.splitlines():
            key, sep, value = line.partition(":")
            if sep and key.strip() and not key.startswith((" ", "\t", "-")):
                data[key.strip()] = value.strip().strip("\"'")
    lowered = {str(k).lower(): v for k, v in data.items()}
    meta = {}
    for key in ("title", "date", "url", "source", "author", "editor"):
        names = _FRONT_KEYS.get(key, ()) + _JSON_KEYS[key]
        value = _first(lowered, names)
        if value is not None:
            meta[key] = _json_string(value, key).strip()
    return meta


def _load_yaml(block: str):
    """The YAML document with every scalar a string, or None when it is not valid YAML.

    Most front matter is plain `key: value` lines, which need none of YAML's syntax: those are read
    line by line, as PyYAML reads them (its pure loader takes some 200 µs for five lines, most of a
    page's reading time). Anything else goes to PyYAML.
    """
    plain = _plain_front_matter(block)
    if plain is not None:
        return plain
    import yaml

    try:
        return yaml.load(block, Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        return None


def _plain_front_matter(block: str) -> dict | None:
    """key → value of a block made only of plain front matter lines, else None."""
    data = {}
    for line in block.split("\n"):
        plain = _PLAIN_FRONT_LINE.fullmatch(line)
        if plain is None:
            return None
        value = plain["value"] or ""
        if value[:1] in ("'", '"'):
            value = value[1:-1]  # quoted without escapes: YAML's value is the text between the quotes
        data[plain["key"]] = value  # a repeated key: the last one wins, as in PyYAML
    return data


def _unwrap_markdown(body: str, meta: dict) -> Page:
    """Markdown blocks (split at blank lines) read as HTML when they hold tags, else as Markdown."""
    blocks = []
    for block in _BLANK_LINE.split(body):
        if _HTML_HINT.search(block):
            if "<http" in block:  # an autolink is not a tag: keep it as text
                block = _AUTOLINK.sub(r"&lt;\1&gt;", block)
            inner_meta, block = html_to_text(block)
            meta = {**inner_meta, **meta}
        else:
            block = _unescape(block)
        blocks.append(markdown_to_text(block))
    return Page("markdown", meta, "\n".join(blocks))


def markdown_to_text(text: str) -> str:
    """Markdown → plain lines: links and images unwrapped; emphasis, heading, quote, bullet marks dropped.

    Each rule runs only on text holding the characters it needs (most lines of a news page hold none).
    """
    if "]:" in text:
        text = _MD_REF_DEF.sub("", text)
    out = []
    for line in text.splitlines():
        if _MD_RULE.match(line):
            continue
        prefix = _MD_LINE_PREFIX.match(line)
        if prefix:
            line = line[prefix.end():]
        if "![" in line:
            line = _MD_IMAGE.sub("", line)
        if "](" in line:
            line = _MD_LINK.sub(r"\1", line)
        out.append(_inline_markup(line))
    return "\n".join(out)


def _inline_markup(line: str) -> str:
    """Emphasis and code marks removed, URLs left alone (their underscores are not emphasis)."""
    if "http" not in line:
        return _strip_emphasis(line)
    pieces, last = [], 0
    for m in _URL_TOKEN.finditer(line):
        pieces.append(_strip_emphasis(line[last:m.start()]))
        pieces.append(m.group(0))
        last = m.end()
    pieces.append(_strip_emphasis(line[last:]))
    return "".join(pieces)


def _strip_emphasis(text: str) -> str:
    if "`" in text:
        text = _MD_CODE.sub(r"\1", text)
    if "**" in text or "__" in text:
        text = _MD_STRONG.sub(r"\2", text)
    if "*" in text:
        text = _MD_EM_STAR.sub(r"\1", text)
    if "_" in text:
        text = _MD_EM_UNDER.sub(r"\1", text)
    return text


def html_to_text(markup: str) -> tuple[dict, str]:
    """HTML (a page or a fragment) → (meta from the head, text with one block per line)."""
    from selectolax.lexbor import LexborHTMLParser

    # Source line breaks are only whitespace in HTML; the tags decide where lines end.
    markup = _collapse_whitespace(markup)
    markup = _BREAK.sub("\n", markup)
    markup = _BLOCK_OPEN.sub(lambda m: "\n" + m.group(0), markup)
    markup = _BLOCK_CLOSE.sub(lambda m: m.group(0) + "\n", markup)
    markup = _CELL_CLOSE.sub(lambda m: m.group(0) + " ", markup)
    tree = LexborHTMLParser(markup)
    meta = _html_meta(tree)
    # The parser makes no element or attribute that the markup does not name (by itself it adds only
    # html, head, body and table parts): a tag or attribute missing from the markup needs no search.
    lowered = markup.lower()
    for tag in _DROP_TAGS:
        if "<" + tag in lowered:
            for node in tree.tags(tag):
                node.decompose()
    if "hidden" in lowered or "style" in lowered:
        for node in tree.css("[hidden], [style]"):
            # Hidden blocks (SEO link farms) are not part of the page a reader sees.
            style = node.attributes.get("style") or ""
            if "hidden" in node.attributes or _HIDDEN_STYLE.search(style):
                node.decompose()
    root = tree.body
    text = root.text(separator="") if root is not None else ""
    return meta, text


def _collapse_whitespace(text: str) -> str:
    """Each run of whitespace → one space, as `_WS.sub(" ", text)` does, in a third of its time."""
    collapsed = " ".join(text.split())  # str.split() and `\s` agree on what whitespace is
    if not collapsed:
        return " " if text else ""
    if text[0].isspace():
        collapsed = " " + collapsed
    if text[-1].isspace():
        collapsed += " "
    return collapsed


def _html_meta(tree) -> dict:
    meta: dict[str, str] = {}
    found = {}
    for node in tree.tags("meta"):  # the elements css("meta") finds, without building a CSS selector
        attrs = {k.lower(): (v or "") for k, v in node.attributes.items()}
        content = attrs.get("content", "").strip()
        if not content:
            continue
        for attr in _META_ATTRS:
            tag = (attr, attrs.get(attr, "").lower())
            if tag in _META_TAG_SET:
                found.setdefault(tag, content)
    for attr, value, key in _META_TAGS:
        if (attr, value) in found and key not in meta:
            meta[key] = found[(attr, value)]
    canonical = _canonical_link(tree)
    href = (canonical.attributes.get("href") or "").strip() if canonical is not None else ""
    if href.startswith(("http://", "https://")):
        meta["url"] = href
    elif not meta.get("url", "").startswith(("http://", "https://")):
        meta.pop("url", None)  # a relative og:url names no page on its own
    titles = tree.tags("title")
    title_node = titles[0] if titles else None
    page_title = _WS.sub(" ", title_node.text()).strip() if title_node is not None else ""
    if page_title:
        meta["page_title"] = page_title
    return meta


def _canonical_link(tree):
    """The first `<link rel="canonical">`, the value read case-insensitively as its CSS selector does."""
    for node in tree.tags("link"):
        if (node.attributes.get("rel") or "").lower() == "canonical":
            return node
    return None


def _unescape(text: str) -> str:
    return html.unescape(text) if _ENTITY.search(text) else text
