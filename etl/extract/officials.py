"""Officials: people named with an official title, the titles the article gives them, their roles.

How it reads a sentence:
1. Titles are posts from `official_posts.txt` with the organization prefix written in
   front of them (市委|副书记, 县发改委党组|书记, 漯河市委市政府督查局|局长). Titles joined
   by 、 form a chain (市委副书记、市长) that belongs to the name after it.
2. A name is 2–4 CJK characters starting with a surname (`surnames.txt`) and ending where
   punctuation, a role verb or a follower word (`official_followers.txt`) begins. A name
   list after a title (副市长A、B、C, 市领导A、B、C) gives every name the title.
3. Groups joined by , 及 和 (市委常委X,副市长Y、Z及市政府秘书长W出席) share the role verb
   after the group. Roles come from `role_verbs.txt`: the first clause after the group
   that holds a role verb, plus clauses that continue it with 并. 出席并讲话 gives speaker
   only (the attendance is implied).
4. Names seen with a title are then found bare anywhere in the body (X强调, X点评…) and
   add roles; 他/她 + a role verb goes to the official mentioned last.
Titles whose prefix names a company or the press (`official_excluded_orgs.txt`) are dropped,
and with them people who have no other title: staff and reporters are not officials.
Text without any title gives an empty list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from etl.extract._text import alternation, is_cjk, table
from etl.extract.sentences import JoinedSentences, Sentence
from etl.reference import lexicon

_ROLE_ORDER = ("host", "speaker", "attendee", "commentator", "quoted")
# 在…会议上强调: the meeting's name (…观摩点评工作会议) is no verb of the person
_AT_MEETING = re.compile(r"在.{0,40}?会议?上")
_GROUP_JOINERS = ("、", ",", "，", "及", "以及", "和", "与")
_JOINERS_LONGEST_FIRST = tuple(sorted(_GROUP_JOINERS, key=len, reverse=True))
_CLAUSE_SPLIT = re.compile(r"([,，:：;；。!！?？\s])")
_PRONOUN = re.compile(r"(?:^|[,，。;；\s])([他她])")
_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+")


@dataclass
class Official:
    name: str
    titles: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)

    def add(self, role: str | None, title: str | None, span: list[int]) -> None:
        if role and role not in self.roles:
            self.roles.append(role)
        entry = {"role": role, "title": title, "span": span}
        same = [m for m in self.mentions if m["span"] == span and m["role"] == role]
        if not same:
            self.mentions.append(entry)
        elif title and not same[0]["title"]:
            same[0]["title"] = title


class _Title(NamedTuple):
    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    names = lexicon("surnames")
    return frozenset(n for n in names if len(n) == 1), frozenset(n for n in names if len(n) == 2)


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    words = set(lexicon("official_name_stopwords")) | set(lexicon("official_followers"))
    words |= set(table("role_verbs")) | set(lexicon("official_posts"))
    return frozenset(words)


@lru_cache(maxsize=1)
def _left_bounds() -> tuple[tuple[int, frozenset[str]], ...]:
    """The left bounds of an organization prefix, grouped by length: (length, words)."""
    words = lexicon("official_left_bounds")
    return tuple((n, frozenset(w for w in words if len(w) == n)) for n in sorted({len(w) for w in words}))


@lru_cache(maxsize=1)
def _collective() -> frozenset[str]:
    return frozenset(lexicon("official_collective"))


def _org_ok(prefix: str) -> bool:
    return prefix.endswith(lexicon("official_org_suffixes"))


def _titles(text: str) -> dict[int, _Title]:
    """Every title in `text`, keyed by start offset."""
    collective = _collective()
    out: dict[int, _Title] = {}
    for m in alternation("official_posts").finditer(text):
        start = m.start()
        if m.group() not in collective:
            start = _prefix_start(text, m.start())
            if start < m.start() and not _org_ok(text[start:m.start()]):
                start = m.start()
        out[start] = _Title(start, m.end(), text[start:m.end()])
    return out


def _prefix_start(text: str, post_start: int) -> int:
    """Where the organization prefix in front of a post begins (post_start when there is none)."""
    bounds = _left_bounds()
    lowest = max(post_start - 16, 0)
    i = post_start
    while i > lowest and "\u4e00" <= text[i - 1] <= "\u9fff":  # a prefix is CJK (、 is not), 16 at most
        if _bound_ends_at(text, i, bounds):
            break
        i -= 1
    if i > 0 and text[i] in "日号" and text[i - 1].isdigit():
        i += 1
    return i


def _bound_ends_at(text: str, i: int, bounds: tuple[tuple[int, frozenset[str]], ...]) -> bool:
    """Whether a left bound (`official_left_bounds.txt`) ends at offset `i`."""
    for n, words in bounds:
        if n <= i and text[i - n:i] in words:
            return True
    return False


def _follows_name(text: str, pos: int, titles: dict[int, _Title], known: frozenset[str]) -> bool:
    """Whether a name may end at `pos`: punctuation, a role verb, a follower word or another person."""
    if pos >= len(text) or not is_cjk(text[pos]):
        return True
    if pos in titles:
        return True
    rest = text[pos:pos + 6]
    followers = lexicon("official_followers")
    if rest.startswith(followers):
        conj = lexicon("official_conjunctions")
        for word in followers:  # the first in file order decides
            if rest.startswith(word):
                if word in conj:
                    after = pos + len(word)
                    return after in titles or _name_at(text, after, titles, known, nested=True) is not None
                return True
    return rest.startswith(_role_verb_words()) or (bool(known) and rest.startswith(tuple(known)))


@lru_cache(maxsize=1)
def _role_verb_words() -> tuple[str, ...]:
    return tuple(table("role_verbs"))


def _name_at(text: str, pos: int, titles: dict[int, _Title], known: frozenset[str],
             nested: bool = False) -> str | None:
    """The person's name starting at `pos`, or None."""
    if known:
        for name in sorted((k for k in known if text.startswith(k, pos)), key=len, reverse=True):
            return name
    single, double = _surnames()
    if text[pos:pos + 2] in double:
        lengths = (3, 4)
    elif text[pos:pos + 1] in single:
        lengths = (2, 3)
    else:
        return None
    for n in lengths:
        cand = text[pos:pos + n]
        if len(cand) < n or not _CJK_ONLY.fullmatch(cand) or cand in _not_names():
            continue
        if not titles.keys().isdisjoint(range(pos + 1, pos + n)):  # a title begins inside
            continue
        if nested or _follows_name(text, pos + n, titles, known):
            return cand
    return None


def _skip_joiner(text: str, pos: int) -> int | None:
    for j in _JOINERS_LONGEST_FIRST:
        if text.startswith(j, pos):
            return pos + len(j)
    return None


def _roles_after(text: str) -> list[str]:
    """Roles named by the first clause of `text` that has a role verb (and its 并 continuations)."""
    verbs = table("role_verbs")
    pattern = alternation("role_verbs")
    pieces = _CLAUSE_SPLIT.split(text)
    roles: list[str] = []
    found = False
    for i in range(0, len(pieces), 2):
        clause = pieces[i]
        if not clause:
            continue
        if found and not clause.startswith("并"):
            break
        if "在" in clause:  # the only way into _AT_MEETING
            clause = _AT_MEETING.sub("", clause)
        for m in pattern.finditer(clause):
            flags = verbs[m.group()]
            if len(flags) > 1 and flags[1] == "end" and m.end() != len(clause):
                continue
            if flags[0] not in roles:
                roles.append(flags[0])
            found = True
        if i >= 6 and not found:  # a verb three clauses on is about someone else
            break
    if "speaker" in roles and "attendee" in roles:
        roles.remove("attendee")
    return roles


def _excluded(title: str) -> bool:
    return _excluded_orgs().search(title) is not None


@lru_cache(maxsize=1)
def _excluded_orgs() -> re.Pattern:
    """Any word of `official_excluded_orgs.txt` (a pattern that never matches when the list is empty)."""
    words = lexicon("official_excluded_orgs")
    return re.compile("|".join(map(re.escape, words)) if words else "(?!)")


def _parse_sentence(sent: Sentence, known: frozenset[str]) -> list[tuple[str, list[str], int, int]]:
    """(name, titles, group end, name offset in sentence) for each titled person in a sentence."""
    text = sent.text
    titles = _titles(text)
    people: list[tuple[str, list[str], int, int]] = []
    consumed = -1
    for start in sorted(titles):
        if start < consumed:
            continue
        group: list[tuple[str, list[str], int]] = []
        pos = start
        while pos in titles:
            chain = [titles[pos].text]
            pos = titles[pos].end
            while text.startswith("、", pos) and pos + 1 in titles:
                chain.append(titles[pos + 1].text)
                pos = titles[pos + 1].end
            name = _name_at(text, pos, titles, known)
            if name is None:
                break
            group.append((name, chain, pos))
            pos += len(name)
            while text.startswith("、", pos) and pos + 1 not in titles:
                name = _name_at(text, pos + 1, titles, known)
                if name is None:
                    break
                group.append((name, chain, pos + 1))
                pos += 1 + len(name)
            nxt = _skip_joiner(text, pos)
            if nxt is None or nxt not in titles:
                break
            pos = nxt
        if group:
            consumed = pos
            people += [(n, c, pos, at) for n, c, at in group]
    return people


def extract_officials(sentences: list[Sentence]) -> list[dict]:
    """Officials of a body given as its sentences, in order of first mention (spec shape + mentions)."""
    found: dict[str, Official] = {}
    covered: set[tuple[int, str]] = set()
    order: list[tuple[int, str]] = []  # (body offset, name) of every mention, for 他/她
    joined = JoinedSentences(sentences)
    for sent in joined.holding(alternation("official_posts")):  # no title, no titled person
        group_roles: dict[int, list[str]] = {}  # a group's people share the roles after it
        for name, chain, group_end, at in _parse_sentence(sent, frozenset()):
            chain = [t for t in chain if not _excluded(t)]
            if not chain:
                continue
            person = found.get(name)
            if person is None:
                person = found[name] = Official(name)
            for title in chain:
                if title not in person.titles:
                    person.titles.append(title)
            if group_end not in group_roles:
                group_roles[group_end] = _roles_after(sent.text[group_end:])
            for role in group_roles[group_end] or [None]:
                person.add(role, "、".join(chain), sent.span)
            covered.add((sent.start + at, name))
            order.append((sent.start + at, name))
    if found:
        _bare_mentions(joined, found, covered, order)
        _pronoun_mentions(sentences, found, order)
    return [_as_dict(o) for o in found.values()]


def _bare_mentions(joined: JoinedSentences, found, covered, order) -> None:
    """Roles of the officials where they are named again, untitled (X强调); every mention goes to `order`."""
    for joined_at, name in _occurrences(joined.text, tuple(found)):
        sent, start = joined.locate(joined_at)
        at = sent.start + start
        if (at, name) in covered:
            continue
        roles = _roles_after(sent.text[start + len(name):])
        for role in roles:
            found[name].add(role, None, sent.span)
        order.append((at, name))


def _occurrences(text: str, names: tuple[str, ...]) -> list[tuple[int, str]]:
    """(offset, name) of the names in `text`, left to right, the longest at an offset, never overlapping.

    What a regex alternation of the names (longest first) finds, without compiling one per article.
    """
    hits = []
    for name in names:
        at = text.find(name)
        while at >= 0:
            hits.append((at, -len(name), name))
            at = text.find(name, at + 1)
    if not hits:
        return []
    hits.sort()
    out, free = [], 0
    for at, _, name in hits:
        if at >= free:
            out.append((at, name))
            free = at + len(name)
    return out


def _pronoun_mentions(sentences, found, order) -> None:
    order.sort()
    verbs = alternation("role_verbs")
    for sent in sentences:
        if "他" not in sent.text and "她" not in sent.text:
            continue
        for m in _PRONOUN.finditer(sent.text):
            at = sent.start + m.start(1)
            rest = sent.text[m.end(1):]
            v = verbs.match(rest)
            if not v:
                continue
            before = [name for off, name in order if off < at]
            if before:
                for role in _roles_after(rest):
                    found[before[-1]].add(role, None, sent.span)


def _as_dict(o: Official) -> dict:
    roles = sorted(o.roles, key=_ROLE_ORDER.index)
    return {"name": o.name, "titles": o.titles, "roles": roles, "mentions": o.mentions}
