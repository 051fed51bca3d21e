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
_SPACES = re.compile(r" {2,}")
_DOUBLED = re.compile(r"([,。、;:])\1+")


def normalize_width(text: str) -> str:
    """Full-width ASCII → ASCII, odd spaces → space, zero-width characters removed, `\\r` dropped."""
    return text.replace("\r\n", "\n").translate(_WIDTH)


def tidy_line(line: str) -> str:
    """One line with runs of spaces collapsed, doubled punctuation collapsed, ends stripped."""
    return _DOUBLED.sub(r"\1", _SPACES.sub(" ", line)).strip()


# --- pinyin debris ----------------------------------------------------------

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN_BRACKET = re.compile(rf"([\u3400-\u9fff]+)[(（]([a-z{_TONED}ü]+(?: [a-z{_TONED}ü]+)*)[)）]")


def _toneless(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable.replace("ü", "v"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("u\u0308", "v")


@lru_cache(maxsize=1)
def _pinyin_tables() -> tuple[dict[int, frozenset[str]], frozenset[str], frozenset[str]]:
    """(code point → toneless readings, toned syllables, toneless syllables) from pypinyin's dictionary."""
    from pypinyin.pinyin_dict import pinyin_dict

    readings, toned = {}, set()
    for cp, value in pinyin_dict.items():
        syllables = value.split(",")
        toned.update(syllables)
        readings[cp] = frozenset(_toneless(s) for s in syllables)
    return readings, frozenset(toned), frozenset(_toneless(s) for s in toned)


def _is_debris(chars: str, bracket: str) -> bool:
    readings, toned, toneless = _pinyin_tables()
    syllables = bracket.split()
    if len(syllables) == 1:
        word = syllables[0]
        if _toneless(word) in readings.get(ord(chars[-1]), ()):
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
    return _PINYIN_BRACKET.sub(
        lambda m: m.group(1) if _is_debris(m.group(1), m.group(2)) else m.group(0), text)


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
_T2S_CHAR: dict[str, bool] = {}  # character → whether t2s changes it; bounded by the CJK repertoire


def traditional_share(text: str) -> float:
    """Share of the CJK characters of `text` that t2s would change (0.0 for text without CJK)."""
    chars = _CJK_CHAR.findall(text)
    if not chars:
        return 0.0
    new = sorted(set(chars) - _T2S_CHAR.keys())
    if new:
        converted = _t2s().convert("\n".join(new)).split("\n")
        if len(converted) != len(new):  # never seen; convert one by one rather than misalign
            converted = [_t2s().convert(ch) for ch in new]
        _T2S_CHAR.update((ch, ch != conv) for ch, conv in zip(new, converted))
    return sum(_T2S_CHAR[ch] for ch in chars) / len(chars)


# Simplified text has a few characters t2s also rewrites (於, 瞭, 乾 …); traditional
# text has one in four or five.
TRADITIONAL_SHARE = 0.04


def script_of(text: str) -> str:
    """`traditional` when enough of the CJK characters of `text` are traditional forms, else `simplified`."""
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
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, rest = line.partition(" ")
        if len(word) == 2:
            words.setdefault(word[0], {})[word[1]] = int(rest.split(" ", 1)[0] or 0)
    return words


def _fill_from_gloss(prev: str, gloss: str) -> str:
    """The character read `gloss` that most often follows `prev` in a word, or '' when none does."""
    readings = _pinyin_tables()[0]
    wanted = _toneless(gloss)
    followers = _two_char_words().get(prev, {})
    fitting = [(freq, ch) for ch, freq in followers.items() if wanted in readings.get(ord(ch), ())]
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
