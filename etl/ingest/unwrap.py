"""Container → metadata + text lines. First version: front matter, crawler JSON, HTML tags."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field


@dataclass
class Page:
    container: str
    meta: dict = field(default_factory=dict)
    text: str = ""


_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)


def unwrap(text: str, name: str) -> Page:
    stripped = text.lstrip("\ufeff \n")
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError:
            data = None
        if isinstance(data, dict):
            body = data.get("content") or data.get("body") or data.get("text") or ""
            meta = {k: v for k, v in data.items() if isinstance(v, str) and k not in ("content", "body", "text")}
            inner = unwrap(body, name)
            inner.meta = {**meta, **inner.meta}
            inner.container = "json"
            return inner
    m = _FRONT.match(stripped)
    if m:
        import yaml

        meta = yaml.safe_load(m.group(1)) or {}
        inner = unwrap(stripped[m.end():], name)
        inner.meta = {**{k: str(v) for k, v in meta.items()}, **inner.meta}
        inner.container = "markdown"
        return inner
    if re.search(r"<(p|div|html|body|br)\b", stripped, re.I):
        from selectolax.lexbor import LexborHTMLParser as HTMLParser

        tree = HTMLParser(stripped)
        for node in tree.css("script, style"):
            node.decompose()
        title = tree.css_first("title")
        meta = {"title": title.text(strip=True)} if title else {}
        html = stripped
        html = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</h\d>|</li>", "\n", html)
        text = HTMLParser(html).text(separator="")
        return Page("html", meta, text)
    return Page("text", {}, stripped)
