"""Character-level repairs of decoded page text: pinyin debris, `?` debris, script, width, punctuation.

One normalization for every container, so that every extractor sees the same
characters:

- **Width**: full-width ASCII forms become ASCII, as NFKC does (`，` → `,`,
  `：` → `:`, `（` → `(`, `１` → `1`), the ideographic space and no-break
  spaces become a space, zero-width characters go. Chinese punctuation outside
  the full-width block stays as written (`。`, `、`, `“”`, `《》`, `——`).
  This is the form the gold `body_must_contain` strings use
  (`排名先后顺序为:`, `项目26个,总投资`). Unlike full NFKC it leaves
  circled numbers, unit symbols and the like alone.
- **Script**: traditional → simplified with OpenCC `t2s`, except for place
  names whose conversion OpenCC gets wrong (濬縣 → 浚县, 衞輝 → 卫辉,
  乾安 stays 乾安): those are found from the gazetteer and put in as written
  in the gazetteer.
- **Pinyin debris**: `書(shū)` → `書`, only where the bracket holds the
  reading of the character before it, or toned syllables that pypinyin knows.
  `智能(AI)` stays.
- **`?` debris** (an ASCII `?` standing for a character the page's encoding
  lost): leading runs go, a `?` in a byline (`记者?某某`) becomes a space,
  a `?` inside a place name that the gazetteer fills unambiguously is filled,
  a real question mark (after 吗, 怎么 …) stays; others are left as they are.
- **Punctuation**: doubled `,` `。` `、` `;` `:` collapse to one.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# --- width and whitespace --------------------------------------------------

_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH.update({0x3000: 0x20, 0xA0: 0x20, 0x202F: 0x20, 0x2007: 0x20, 0x09: 0x20, 0x0B: 0x20, 0x0C: 0x20,
               0xFF61: 0x3002, 0xFF62: 0x300C, 0xFF63: 0x300D, 0xFF64: 0x3001})
_WIDTH.update({cp: 0x20 for cp in range(0x2000, 0x200B)})
_WIDTH.update({cp: None for cp in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x0D)})
_WIDTH_TEXT = {chr(cp): "" if to is None else chr(to) for cp, to in _WIDTH.items()}
_WIDTH_CHAR = re.compile("[" + "".join(map(re.escape, _WIDTH_TEXT)) + "]")
_DOUBLED_MARKS = ",。、;:"
_DOUBLED = re.compile(rf"([{_DOUBLED_MARKS}])\1+")
_DOUBLED_PAIRS = tuple(ch * 2 for ch in _DOUBLED_MARKS)


def normalize_width(text: str) -> str:
    """Full-width ASCII → ASCII, odd spaces → space, zero-width characters removed, `\\r` dropped."""
    text = text.replace("\r\n", "\n")
    # Same result as text.translate(_WIDTH), several times faster: a page holds only a few distinct
    # characters to change, each replaced everywhere at once. No replacement is itself in _WIDTH, so the
    # text before the last one found is done and the search for the next one starts there.
    found = _WIDTH_CHAR.search(text)
    while found:
        ch = found.group()
        text = text.replace(ch, _WIDTH_TEXT[ch])
        found = _WIDTH_CHAR.search(text, found.start())
    return text


def tidy_line(line: str) -> str:
    """One line with runs of spaces collapsed, doubled punctuation collapsed, ends stripped."""
    return tidy_spans(line).strip()


def tidy_spans(text: str) -> str:
    """Runs of spaces and doubled punctuation collapsed; neither pattern spans a line break, so
    `tidy_spans(text).split("\\n")` is the lines of `text`, each tidied but for its ends."""
    while "  " in text:  # each pass halves every run of spaces, down to one space
        text = text.replace("  ", " ")
    for pair in _DOUBLED_PAIRS:  # a substring test first: the pattern is tried at every character
        if pair in text:
            return _DOUBLED.sub(r"\1", text)
    return text


# --- pinyin debris ----------------------------------------------------------

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# A bracket of pinyin right after a Chinese character. The pattern starts with the bracket (the engine
# stops only at brackets), then looks back at the character before it.
_PINYIN_BRACKET = re.compile(rf"[(（](?<=[\u3400-\u9fff][(（])([a-z{_TONED}ü]+(?: [a-z{_TONED}ü]+)*)[)）]")


@lru_cache(maxsize=4096)
def _toneless(syllable: str) -> str:
    """`shū` → `shu`, `lǜ` → `lv` (cached: pypinyin's 40,000 readings use about 1,500 syllables)."""
    decomposed = unicodedata.normalize("NFD", syllable.replace("ü", "v"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("u\u0308", "v")


def _pinyin_dict() -> dict[int, str]:
    """pypinyin's code point → "toned,readings" table, read from its data file.

    `import pypinyin.pinyin_dict` would run the package's `__init__`, which loads its phrase
    dictionary and segmenter (half a second) that we never use; the table itself is that JSON file.
    """
    import importlib.util
    import json
    from pathlib import Path

    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pypinyin is not installed; its dictionary tells pinyin glosses from brackets")
    path = Path(list(spec.submodule_search_locations)[0]) / "pinyin_dict.json"
    return {int(cp): value for cp, value in json.loads(path.read_text(encoding="utf-8")).items()}


@lru_cache(maxsize=1)
def _pinyin_tables() -> tuple[dict[int, str], frozenset[str], frozenset[str]]:
    """(code point → its toned readings as "a,b", toned syllables, toneless syllables) from pypinyin."""
    table = _pinyin_dict()
    toned = frozenset(",".join(table.values()).split(","))
    return table, toned, frozenset(_toneless(s) for s in toned)


@lru_cache(maxsize=None)
def _readings(char: str) -> frozenset[str]:
    """The toneless readings of one character (none when pypinyin does not know it)."""
    value = _pinyin_tables()[0].get(ord(char))
    if value is None:
        return frozenset()
    return frozenset(_toneless(s) for s in value.split(","))


@lru_cache(maxsize=4096)
def _is_debris(char: str, bracket: str) -> bool:
    """Whether `bracket`, after the Chinese character `char`, is pinyin (its reading, or toned syllables).

    Cached: a page glossed once is glossed throughout, the same words over and over.
    """
    _, toned, toneless = _pinyin_tables()
    syllables = bracket.split()
    if len(syllables) == 1:
        word = syllables[0]
        if _toneless(word) in _readings(char):
            return True
        if any(ch in _TONED for ch in word):
            return _segments(word, toned) or _segments(_toneless(word), toneless)
        return False
    has_tone = any(ch in _TONED for ch in bracket)
    return has_tone and all(s in toned or _toneless(s) in toneless for s in syllables)


def _segments(word: str, syllables: frozenset[str]) -> bool:
    """Whether `word` splits entirely into known syllables (pinyin of a several-character word)."""
    ok = [True] + [False] * len(word)
    for end in range(1, len(word) + 1):
        ok[end] = any(ok[start] and word[start:end] in syllables for start in range(max(0, end - 6), end))
    return ok[-1]


def strip_pinyin(text: str) -> str:
    """Remove pinyin glosses in brackets after Chinese characters (`書(shū)` → `書`); other brackets stay."""
    if "(" not in text and "（" not in text:
        return text
    return _PINYIN_BRACKET.sub(lambda m: "" if _is_debris(text[m.start() - 1], m.group(1)) else m.group(0), text)


# --- traditional → simplified -------------------------------------------------

@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _protected_names() -> tuple[re.Pattern | None, dict[str, str]]:
    """Written forms of gazetteer names that OpenCC t2s would turn into something else → the right name."""
    import opencc

    from etl.reference.gazetteer import divisions

    t2s = _t2s()
    to_traditional = [opencc.OpenCC(config) for config in ("s2t", "s2tw", "s2hk")]
    forms: dict[str, str] = {}
    for division in divisions():
        for name in {division.name, *division.aliases}:
            if len(name) < 2:
                continue
            for form in {name, *(conv.convert(name) for conv in to_traditional)}:
                if t2s.convert(form) != name:
                    forms.setdefault(form, name)
    if not forms:
        return None, {}
    pattern = re.compile("|".join(map(re.escape, sorted(forms, key=len, reverse=True))))
    return pattern, forms


def to_simplified(text: str) -> str:
    """Traditional → simplified, keeping gazetteer place names right where OpenCC would change them."""
    pattern, forms = _protected_names()
    convert = _t2s().convert
    if pattern is None or not pattern.search(text):
        return convert(text)
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(convert(text[last:m.start()]))
        out.append(forms[m.group(0)])
        last = m.end()
    out.append(convert(text[last:]))
    return "".join(out)


_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")


@lru_cache(maxsize=1)
def _t2s_changed() -> re.Pattern:
    """A character class of the CJK characters (U+3400–U+9FFF) that t2s changes when converted alone."""
    chars = [chr(cp) for cp in range(0x3400, 0xA000)]
    converted = _t2s().convert("\n".join(chars)).split("\n")  # one line per character: no phrase context
    if len(converted) != len(chars):  # never seen; convert one by one rather than misalign
        converted = [_t2s().convert(ch) for ch in chars]
    changed = "".join(ch for ch, conv in zip(chars, converted) if ch != conv)
    return re.compile(f"[{changed}]")


def traditional_share(text: str) -> float:
    """Share of the CJK characters of `text` that t2s would change (0.0 for text without CJK)."""
    cjk = sum(map(len, _CJK_RUN.findall(text)))
    if not cjk:
        return 0.0
    return len(_t2s_changed().findall(text)) / cjk


# Simplified text has a few characters t2s also rewrites (於, 瞭, 乾 …); traditional
# text has one in four or five.
TRADITIONAL_SHARE = 0.04


def script_of(text: str) -> str:
    """`traditional` when enough of the CJK characters of `text` are traditional forms, else `simplified`."""
    if not _t2s_changed().search(text):
        return "simplified"  # share 0: most simplified text, decided without counting its CJK characters
    return "traditional" if traditional_share(text) >= TRADITIONAL_SHARE else "simplified"


# --- `?` debris -----------------------------------------------------------------

_LEADING_Q = re.compile(r"^[ \t\u3000\xa0]*\?+[ \t\u3000\xa0?]*", re.M)
_BYLINE_Q = re.compile(r"(记者|通讯员|实习生|摄影|编辑|作者|撰稿|报道)\?+(?=[\u4e00-\u9fff])")
_BYLINE_GROUP = re.compile(r"[(（][^()（）\n]{0,12}(?:记者|通讯员|实习生|摄影|撰稿)[^()（）\n]{0,40}[)）]")
_Q_RUN = re.compile(r"\?{2,}")
_LONE_Q = re.compile(r"(?<=[\u4e00-\u9fff])\?(?=[\u4e00-\u9fff])")
_QUESTION_CUE = re.compile(r"[吗呢么吧谁哪何几啥咋怎岂]|多少|是否|难道|什么")
_CLAUSE_START = re.compile(r".*[,，。;；:：!！?？“”\"]")


@lru_cache(maxsize=1)
def _masked_names() -> tuple[dict[str, frozenset[str]], int]:
    """Gazetteer names of 3+ characters with one character masked as `?` → the characters that fill it."""
    from etl.reference.gazetteer import divisions

    index: dict[str, set[str]] = {}
    longest = 3
    for division in divisions():
        for name in {division.name, *division.aliases}:
            if len(name) < 3:
                continue
            longest = max(longest, len(name))
            for i, ch in enumerate(name):
                index.setdefault(name[:i] + "?" + name[i + 1:], set()).add(ch)
    return {k: frozenset(v) for k, v in index.items()}, longest


def _gazetteer_fill(line: str, i: int) -> str | None:
    """The character a gazetteer name puts at position `i` (a `?`), when every fitting name agrees."""
    index, longest = _masked_names()
    fills: set[str] = set()
    for length in range(3, longest + 1):
        for k in range(length):
            start = i - k
            if start < 0 or start + length > len(line):
                continue
            window = line[start:start + length]
            if window.count("?") == 1:
                fills |= index.get(window, frozenset())
    return next(iter(fills)) if len(fills) == 1 else None


def _is_question(line: str, i: int) -> bool:
    clause = _CLAUSE_START.sub("", line[:i])
    return bool(_QUESTION_CUE.search(clause))


_LOST_GLOSSED = re.compile(rf"\?([a-z{_TONED}ü]+)[)）]")


# A line of jieba's dict.txt whose word has two characters: "word frequency tag".
_TWO_CHAR_ENTRY = re.compile(r"^([^ \n])([^ \n]) ([^ \n]*)", re.M)


@lru_cache(maxsize=1)
def _two_char_words() -> dict[str, dict[str, int]]:
    """jieba's dictionary as first character → {second character: frequency} over its two-character words."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jieba is not installed; its dictionary repairs lost characters")
    path = Path(list(spec.submodule_search_locations)[0]) / "dict.txt"
    words: dict[str, dict[str, int]] = {}
    for first, second, freq in _TWO_CHAR_ENTRY.findall(path.read_text(encoding="utf-8")):
        words.setdefault(first, {})[second] = int(freq or 0)
    return words


def _fill_from_gloss(prev: str, gloss: str) -> str:
    """The character read `gloss` that most often follows `prev` in a word, or '' when none does."""
    wanted = _toneless(gloss)
    followers = _two_char_words().get(prev, {})
    fitting = [(freq, ch) for ch, freq in followers.items() if wanted in _readings(ch)]
    return max(fitting)[1] if fitting else ""


def _repair_lost_glossed(text: str) -> str:
    """`日?bào)`: a lost character whose gloss survived (its opening bracket lost too).

    The character is put back when a dictionary word with the character before
    it fits the reading (日 + bào → 报); otherwise the debris is dropped.
    """
    out, last = [], 0
    for m in _LOST_GLOSSED.finditer(text):
        out.append(text[last:m.start()])
        last = m.end()
        if not _is_syllable(m.group(1)):
            out.append(m.group(0))
            continue
        prev = next((piece[-1] for piece in reversed(out) if piece), "")
        out.append(_fill_from_gloss(prev, m.group(1)) if _CJK_CHAR.match(prev) else "")
    out.append(text[last:])
    return "".join(out)


def _is_syllable(word: str) -> bool:
    _, toned, toneless = _pinyin_tables()
    return word in toned or (not any(ch in _TONED for ch in word) and word in toneless)


def repair_question_marks(text: str) -> str:
    """Repair ASCII `?` debris left where a page lost characters (see the module docstring)."""
    if "?" not in text:
        return text
    if _LOST_GLOSSED.search(text):
        text = _repair_lost_glossed(text)
    text = _LEADING_Q.sub("", text)
    text = _BYLINE_Q.sub(r"\1 ", text)
    text = _BYLINE_GROUP.sub(lambda m: m.group(0).replace("?", " "), text)
    text = _Q_RUN.sub(lambda m: _run(text, m), text)
    if "?" not in text:
        return text
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if "?" in line:
            lines[n] = _LONE_Q.sub(lambda m: _lone(line, m.start()), line)
    return "\n".join(lines)


def _run(text: str, m: re.Match) -> str:
    """A run of `?`: a question mark when it ends a question, a space between words, nothing at a line end."""
    line_start = text.rfind("\n", 0, m.start()) + 1
    if _is_question(text[line_start:m.start()], m.start() - line_start):
        return "?"
    after = text[m.end():m.end() + 1]
    return "" if after in ("", "\n") else " "


def _lone(line: str, i: int) -> str:
    if _is_question(line, i):
        return "?"
    return _gazetteer_fill(line, i) or "?"


def warm_up() -> None:
    """Build every lazy table of this module now rather than on the first page that needs it."""
    _t2s_changed()
    _protected_names()
    _pinyin_tables()
    _masked_names()
    _two_char_words()
