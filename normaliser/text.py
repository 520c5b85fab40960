"""Text cleaning and Chinese script handling: HTML to marked paragraphs, whitespace, characters
XML cannot carry, null spellings, Simplified/Traditional detection and OpenCC conversion.
"""

from __future__ import annotations

import dataclasses
import re
import typing
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from html import unescape
from html.parser import HTMLParser
from itertools import accumulate
from operator import attrgetter
from pathlib import Path
from typing import Any

from .crosswalk import Crosswalk
from .errors import InvalidRecord
from .languages import case_tag as case_tag  # lives in languages.py; also named here
from .languages import chinese_script as tag_script
from .record import MAX_MARK_DEPTH, UND, Mark, Name, Prose, Text, may_hold, rebuild, replaced
from .script import convert_script as convert_script  # lives in script.py; also named here
from .script import count_in

#: Values that aggregators write for "nothing here".
NULL_SPELLINGS = frozenset(
    {"", "null", "none", "nil", "n/a", "undefined", "暂无", "无", "[]", "{}"}
)
_LONGEST_NULL = max(map(len, NULL_SPELLINGS))

_XML_ILLEGAL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]"  # C0 (but tab, LF, CR), non-chars
)
#: What ``str.isalnum`` rejects: ``\w`` is exactly alphanumeric or ``_``.
_NOT_ALNUM = re.compile(r"[\W_]+")
_ASCII_NOT_ALNUM = {i: None for i in range(128) if not chr(i).isalnum()}
_HAN = re.compile(
    "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002a6df\U0002a700-\U0002ebef"
    "\U00030000-\U0003134f]"
)
_KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff]")
_HANGUL_CHARS = "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
#: Kana or hangul: a text it finds that has no kana has hangul.
_KANA_OR_HANGUL = re.compile(f"[{_KANA.pattern[1:-1]}{_HANGUL_CHARS}]")
_HAN_RUN = re.compile(f"{_HAN.pattern}+")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
#: CJK characters but the ideographic space (U+3000, white space itself).
_CJK_SOLID = "[\u3001-\u303f\uff00-\uffef\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"


@cache
def _wrapped() -> re.Pattern[str]:
    """A whole run of white space holding a line break, between two CJK characters: a wrapped
    line. Compiled when first needed: its two CJK classes cost a process ~2 ms of CPU."""
    return re.compile(rf"(?<={_CJK_SOLID})[^\S\n]*\n\s*(?={_CJK_SOLID})")


def is_null(value: Any) -> bool:
    """True for the spellings of "nothing" aggregators use: None, "", "null", "N/A", "暂无", []."""
    if value is None:
        return True
    if isinstance(value, str):
        value = value.strip()  # casefolding never shortens: a long value is no null spelling
        return len(value) <= _LONGEST_NULL and value.casefold() in NULL_SPELLINGS
    if isinstance(value, (list, tuple, dict)):
        return len(value) == 0
    return False


def strip_illegal(value: str) -> tuple[str, int]:
    """Remove characters XML 1.0 cannot carry; return the text and how many were removed."""
    # No XML-illegal character is printable (C0 controls, non-characters, surrogates): most
    # values need no scan.
    if value.isprintable():
        return value, 0
    cleaned, count = _XML_ILLEGAL.subn("", value)
    return cleaned, count


def squeeze(value: str) -> str:
    """Collapse white space to single spaces; a line break between two CJK characters is a
    wrapped line and disappears (a written space between them, as in "目的 了解", stays)."""
    value = value.strip()
    # All white space but the plain space is unprintable: two C scans tell most values clean.
    if value.isprintable() and "  " not in value:
        return value
    if "\n" in value and not value.isascii():  # only CJK text has wrapped lines to join
        value = _wrapped().sub("", value)
    # Every run of white space becomes one space: ``str.split`` cuts at exactly what the
    # regular expressions call white space (``\s`` is ``str.isspace``), ~3 × faster on long
    # text than a regex rewriting the runs.
    return " ".join(value.split())


def has_han(value: str) -> bool:
    """Whether ``value`` holds a Han character (``isascii`` answers most values at once)."""
    return not value.isascii() and _HAN.search(value) is not None


# --- HTML to paragraphs ---------------------------------------------------------------------

_BLOCK = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "title",
        "section",
        "blockquote",
        "tr",
        "table",
        "sec",
        "abstract",
        "list-item",
        "list",
        "hr",
        "dd",
        "dt",
    }
)
#: Mark kind ⇄ HTML element: read from every spelling, written as the first (``<b>``, ``<i>``).
HTML_MARKS: Crosswalk[str] = Crosswalk(
    "HTML marks",
    (
        ("bold", "b"),
        ("bold", "strong"),
        ("bold", "bold"),
        ("italic", "i"),
        ("italic", "em"),
        ("italic", "italic"),
        ("sup", "sup"),
        ("sub", "sub"),
    ),
    # JATS's case-protected span, read (the JATS writer writes it; HTML has no such element).
    read_only=(("nocase", "fixed-case"),),
)
_SKIP = frozenset({"script", "style", "head", "object", "math", "svg"})
_HEADINGS = frozenset({"abstract", "摘要", "summary", "background", "abstract:", "摘要:", "摘要："})


@lru_cache(maxsize=1024)
def _tag(tag: str) -> tuple[str, str, str | None]:
    """What a tag does to the paragraphs: its local name, lower-cased; its role (``skip`` its
    content, ``block``: a paragraph break, else ``""``); and the kind of mark it opens, if any.
    Remembered: an abstract opens and closes a handful of tags, the same from record to record."""
    name = tag.rsplit(":", 1)[-1].lower()
    if name in _SKIP:
        return name, "skip", None
    if name in _BLOCK:
        return name, "block", None
    return name, "", HTML_MARKS.read(name)


class _Chunker(HTMLParser):
    """Collect text as paragraphs of (char, open-mark ids) runs while the HTML is fed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[list[tuple[str, tuple[int, ...]]]] = []
        self.current: list[tuple[str, tuple[int, ...]]] = []
        self.stack: list[tuple[str, int]] = []  # (tag, mark id)
        self.kinds: dict[int, str] = {}
        self.skip = 0
        self.next_id = 0

    def _break(self) -> None:
        if self.current:
            self.paragraphs.append(self.current)
            self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        name, role, kind = _tag(tag)
        if role == "skip":
            self.skip += 1
        elif role == "block":
            self._break()
        elif kind is not None:
            if len(self.stack) >= MAX_MARK_DEPTH:  # refused before placing marks gets costly
                raise InvalidRecord(f"inline markup nested deeper than {MAX_MARK_DEPTH} levels")
            self.kinds[self.next_id] = kind
            self.stack.append((name, self.next_id))
            self.next_id += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if _tag(tag)[1] == "block":
            self._break()

    def handle_endtag(self, tag: str) -> None:
        name, role, kind = _tag(tag)
        if role == "skip":
            self.skip = max(0, self.skip - 1)
        elif role == "block":
            self._break()
        elif kind is not None:
            # Mis-nested HTML: closing a mark closes every mark opened inside it, so spans nest.
            for i in range(len(self.stack) - 1, -1, -1):
                if self.stack[i][0] == name:
                    del self.stack[i:]
                    break

    def handle_data(self, data: str) -> None:
        if self.skip or not data:
            return
        ids = tuple(mark_id for _, mark_id in self.stack)
        self.current.append((data, ids))

    def result(self) -> list[list[tuple[str, tuple[int, ...]]]]:
        self.close()
        self._break()
        return self.paragraphs


Runs = list[tuple[str, tuple[int, ...]]]
"""Text in pieces, each with the ids of the marks open over it (outermost first)."""


def _paragraph(runs: Runs, kinds: dict[int, str]) -> tuple[str, tuple[Mark, ...]]:
    text = "".join(data for data, _ in runs)
    value = squeeze(text)
    if not value or not any(ids for _, ids in runs):  # no marks: most abstracts
        return value, ()
    return value, _place_marks(text, runs, kinds, clean=value == text)


def _place_marks(
    text: str, runs: Runs, kinds: dict[int, str], *, clean: bool = False
) -> tuple[Mark, ...]:
    """The marks of ``runs`` on ``squeeze(text)``: a mark spans its first to its last non-space
    character, and takes the squeezed space before its first one when that space's first white
    space character lay inside it too. Offsets come from squeezing the text between the few
    positions that matter, never character by character."""
    ends = list(accumulate(len(data) for data, _ in runs))
    first: dict[int, tuple[int, int]] = {}  # mark id → (its first non-space position, run)
    last: dict[int, int] = {}  # mark id → its last non-space position
    for index, (data, ids) in enumerate(runs):
        core = data.strip()
        if ids and core:
            begin = ends[index] - len(data.lstrip())
            for mark_id in ids:
                first.setdefault(mark_id, (begin, index))
                last[mark_id] = begin + len(core) - 1
    if clean:
        return _clean_marks(text, runs, kinds, ends, first, last)
    # A squeezed space can open a mark: the white space before its first character starts
    # (after the text's preceding non-space character, ``gap[begin] - 1``) inside it.
    gap = {begin: len(text[:begin].rstrip()) for begin, _ in first.values()}
    wanted = {*last.values(), *gap, *(g - 1 for g in gap.values() if g)}
    at = _squeezed_offsets(text, wanted)
    placed: list[tuple[int, int, int, str]] = []
    for mark_id, (begin, index) in first.items():
        start, owners = at[begin], runs[index][1]
        space = gap[begin]
        if 0 < space < begin and at[begin] - at[space - 1] == 2:
            space_owners = runs[bisect_right(ends, space)][1]
            if mark_id in space_owners:
                start, owners = start - 1, space_owners
        placed.append((start, owners.index(mark_id), at[last[mark_id]] + 1, kinds[mark_id]))
    placed.sort(key=lambda p: p[:2])
    return tuple(Mark(start, end, kind) for start, _, end, kind in placed)


def _clean_marks(
    text: str,
    runs: Runs,
    kinds: dict[int, str],
    ends: list[int],
    first: dict[int, tuple[int, int]],
    last: dict[int, int],
) -> tuple[Mark, ...]:
    """``_place_marks`` on a ``text`` that is its own squeeze: its only white space is single
    spaces, so every position stays where it is, and the one space before a mark's first
    character opens the mark when the run holding that space has the mark open too."""
    placed: list[tuple[int, int, int, str]] = []
    for mark_id, (begin, index) in first.items():
        start, owners = begin, runs[index][1]
        if begin > 1 and text[begin - 1] == " ":
            space_owners = runs[bisect_right(ends, begin - 1)][1]
            if mark_id in space_owners:
                start, owners = begin - 1, space_owners
        placed.append((start, owners.index(mark_id), last[mark_id] + 1, kinds[mark_id]))
    placed.sort(key=lambda p: p[:2])
    return tuple(Mark(start, end, kind) for start, _, end, kind in placed)


def _squeezed_offsets(text: str, positions: set[int]) -> dict[int, int]:
    """Where each non-space character at ``positions`` of ``text`` lands in ``squeeze(text)``.
    Squeezing is local (a run of white space depends only on its two neighbours), so the
    offset of each position follows from squeezing the stretch since the previous one."""
    out: dict[int, int] = {}
    previous, offset = 0, -1
    for pos in sorted(positions):
        offset += len(squeeze(text[previous : pos + 1])) - (1 if out else 0)
        out[pos] = offset
        previous = pos
    return out


def from_runs(runs: Runs, kinds: dict[int, str]) -> tuple[str, tuple[Mark, ...]]:
    """One paragraph from runs of (text, ids of the marks open over it), ``kinds`` naming each
    mark's kind: white space squeezed by the rule every reader uses, marks placed on the result.
    For readers of other markup (LaTeX) that collect runs the way the HTML reader does."""
    return _paragraph(runs, kinds)


_BLANK_LINE = re.compile(r"\n\s*\n")
_NAME = "[a-zA-Z][-.a-zA-Z0-9:_]*"
_ATTRIBUTE = """[ \t\n\r]+[a-zA-Z_:][-.a-zA-Z0-9_:]*=(?:"[^"<>]*"|'[^'<>]*')"""
#: The tags of simple HTML: ``</name>``, ``<name>`` and ``<name/>``, with quoted attributes.
_SIMPLE_TAG = re.compile(f"<(?:/({_NAME})|({_NAME})(?:{_ATTRIBUTE})*[ \t\n\r]*(/?))>")
#: A ``<`` that html.parser reads as text (``P < 0.05``, ``x<0``): one opening no markup.
_TEXT_LT = re.compile("<(?![a-zA-Z/!?])")
#: Elements whose content html.parser reads as raw text.
_RAW_TEXT = frozenset({"script", "style"})


def _chunked(html: str) -> tuple[list[Runs], dict[int, str]]:
    """``html``'s paragraphs as runs, and the kind of each mark id the runs name: what a
    ``_Chunker`` fed ``html`` collects. HTML whose every ``<`` opens a simple tag or is text
    (what dumps mostly hold) is split by one regex and read by ``_simple_runs`` as html.parser
    would hand it to the chunker; anything else, such as comments, unquoted attributes or
    script, goes through html.parser itself."""
    pieces = _SIMPLE_TAG.split(html)
    names = [name.lower() for name in pieces[1::4] + pieces[2::4] if name]
    simple = html.count("<") == len(names) + len(_TEXT_LT.findall(html))
    if not simple or not _RAW_TEXT.isdisjoint(names):
        chunker = _Chunker()
        chunker.feed(html)
        return chunker.result(), chunker.kinds
    return _simple_runs(pieces)


def _simple_runs(pieces: list[str]) -> tuple[list[Runs], dict[int, str]]:
    """The runs and mark kinds a ``_Chunker`` collects from simple HTML split by
    ``_SIMPLE_TAG`` (text, then end tag, start tag, ``/`` of an empty tag and text, by fours),
    handed over as html.parser hands it (names as written, the text between two tags
    unescaped: no character reference spans a ``<``): the chunker's handlers in one loop."""
    paragraphs: list[Runs] = []
    current: Runs = []
    stack: list[tuple[str, int]] = []  # (tag, mark id)
    kinds: dict[int, str] = {}
    ids: tuple[int, ...] = ()  # the ids of ``stack``
    skip = 0
    first = unescape(pieces[0])
    if first:
        current.append((first, ids))
    rest = iter(pieces)
    next(rest)
    for end, start, empty, data in zip(rest, rest, rest, rest, strict=True):
        if end:
            name, role, kind = _tag(end)
            if role == "skip":
                skip = max(0, skip - 1)
            elif role == "block":
                if current:
                    paragraphs.append(current)
                    current = []
            elif kind is not None:
                for i in range(len(stack) - 1, -1, -1):
                    if stack[i][0] == name:
                        del stack[i:]
                        ids = ids[:i]
                        break
        else:
            name, role, kind = _tag(start)
            if role == "block":
                if current:
                    paragraphs.append(current)
                    current = []
            elif empty:
                pass  # an empty tag that breaks no paragraph does nothing
            elif role == "skip":
                skip += 1
            elif kind is not None:
                if len(stack) >= MAX_MARK_DEPTH:  # as the chunker refuses it
                    raise InvalidRecord(f"inline markup nested deeper than {MAX_MARK_DEPTH} levels")
                mark_id = len(kinds)
                kinds[mark_id] = kind
                stack.append((name, mark_id))
                ids = (*ids, mark_id)
        if data and not skip:
            data = unescape(data)
            if data:
                current.append((data, ids))
    if current:
        paragraphs.append(current)
    return paragraphs, kinds


def html_paragraphs(html: str) -> list[tuple[str, tuple[Mark, ...]]]:
    """Split HTML (or plain text) into clean paragraphs with their inline marks.

    Block elements and blank lines break paragraphs; sup/sub/i/em/b/strong (and their JATS
    names) become marks; every other tag is dropped with its text kept; entities are decoded.
    A leading heading paragraph such as "Abstract" is dropped.
    """
    if "&" not in html and "<" not in html:
        blocks = _BLANK_LINE.split(html)
        paras = [(squeeze(b), ()) for b in blocks]
        out: list[tuple[str, tuple[Mark, ...]]] = [(v, m) for v, m in paras if v]
    elif "&" not in html and html.count("<") == len(_TEXT_LT.findall(html)):
        # Text whose every ``<`` is text (``P < 0.05``): HTML without a tag or a reference, one
        # run of text in one paragraph (blank lines break none in HTML), as the parser reads it.
        value = squeeze(html)
        return [(value, ())] if value else []
    else:
        paragraphs, kinds = _chunked(html)
        out = []
        for runs in paragraphs:
            value, marks = _paragraph(runs, kinds)
            if value:
                out.append((value, marks))
    while len(out) > 1 and out[0][0].casefold() in _HEADINGS:
        out.pop(0)
    return out


def prose(html: str, lang: str, variant: str = "original", kind: str = "abstract") -> Prose | None:
    """Clean HTML/plain text into a ``Prose`` in ``lang``, or None when nothing is left."""
    paras = html_paragraphs(html)
    if not paras:
        return None
    return Prose(tuple(Text(v, lang, variant, m) for v, m in paras), kind)


def tree_paragraphs(events: Iterable[tuple[str, str]]) -> list[tuple[str, tuple[Mark, ...]]]:
    """``html_paragraphs`` of markup its reader has already parsed (an XML element's content,
    walked by ``xmlio.markup``): ``events`` are what HTML's parser reports for the markup —
    ("start" | "end" | "empty", tag), ("text", text), ("node", text) for other nodes (an
    entity's text, "" for a comment) — and the same rules make the same paragraphs. Markup
    without any tag or node is plain text: give it to ``html_paragraphs`` instead."""
    chunker = _Chunker()
    for kind, value in events:
        if kind == "text" or kind == "node":
            chunker.handle_data(value)
        elif kind == "start":
            chunker.handle_starttag(value, [])
        elif kind == "end":
            chunker.handle_endtag(value)
        else:
            chunker.handle_startendtag(value, [])
    out = []
    for runs in chunker.result():
        value, marks = _paragraph(runs, chunker.kinds)
        if value:
            out.append((value, marks))
    while len(out) > 1 and out[0][0].casefold() in _HEADINGS:
        out.pop(0)
    return out


def inline(html: str, lang: str, variant: str = "original") -> Text | None:
    """Clean a one-line HTML string (a title) into a ``Text``; paragraphs are joined by spaces."""
    return joined(html_paragraphs(html), lang, variant)


def joined(
    paras: list[tuple[str, tuple[Mark, ...]]], lang: str, variant: str = "original"
) -> Text | None:
    """Paragraphs (of ``html_paragraphs``) as one ``Text``, joined by spaces; None for none."""
    if not paras:
        return None
    if len(paras) == 1:
        value, marks = paras[0]
        return Text(value, lang, variant, marks)
    value = ""
    joined: list[Mark] = []
    for v, ms in paras:
        if value:
            value += " "
        offset = len(value)
        joined.extend(Mark(m.start + offset, m.end + offset, m.kind) for m in ms)
        value += v
    return Text(value, lang, variant, tuple(joined))


def plain_key(value: str) -> str:
    """A comparison key: NFKC, case-folded, white space and punctuation removed."""
    value = unicodedata.normalize("NFKC", value).casefold()
    if value.isascii():  # most keys: a translation table is several times faster than a regex
        return value.translate(_ASCII_NOT_ALNUM)
    return _NOT_ALNUM.sub("", value)


# --- Script and language --------------------------------------------------------------------


@lru_cache(maxsize=1)
def _script_tables() -> tuple[frozenset[str], frozenset[str]]:
    """Characters only Simplified writes, and characters only Traditional writes (OpenCC data)."""
    import opencc  # the module of opencc-python-reimplemented; its one home is here

    base = Path(opencc.__file__).parent / "dictionary"

    def table(name: str) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        with open(base / name, encoding="utf-8") as fh:
            for line in fh:
                key, _, values = line.rstrip("\n").partition("\t")
                if key and values and len(key) == 1:
                    out[key] = values.split(" ")
        return out

    s2t = table("STCharacters.txt")
    t2s = table("TSCharacters.txt")
    # A character that is one of its own counterparts (台 → 臺 檯 颱 台) is written in both.
    simplified_only = frozenset(c for c, ts in s2t.items() if c not in ts and c not in t2s)
    traditional_only = frozenset(c for c, ss in t2s.items() if c not in ss and c not in s2t)
    return simplified_only, traditional_only


#: From this length on, ``chinese_script`` counts with numpy (measured break-even: ~64) ...
_COUNT_BY_NUMPY_FROM = 64
#: ... once the process has counted this many long texts the Python way: importing numpy costs
#: ~55 ms of CPU, what some 3,000 long texts save, so a run of a few records never pays it.
_COUNT_BY_NUMPY_AFTER = 256
_long_texts_counted = 0


def chinese_script(value: str) -> str | None:
    """``Hans``, ``Hant``, or None when the text does not tell (no marked character, or mixed)."""
    global _long_texts_counted
    simplified_only, traditional_only = _script_tables()
    if len(value) >= _COUNT_BY_NUMPY_FROM and _long_texts_counted >= _COUNT_BY_NUMPY_AFTER:
        s, t = count_in(value, simplified_only, traditional_only)  # one C pass, not a step a char
    else:
        _long_texts_counted += len(value) >= _COUNT_BY_NUMPY_FROM
        s = t = 0
        for ch in value:
            if ch in simplified_only:
                s += 1
            elif ch in traditional_only:
                t += 1
    if s and s >= 4 * t:
        return "Hans"
    if t and t >= 4 * s:
        return "Hant"
    return None


#: Languages the identifier may name for Latin-script text: those of scholarly metadata beside
#: Chinese. A smaller set is both faster and surer than all 97 of the model.
LATIN_LANGUAGES = ("en", "fr", "de", "es", "pt", "it", "nl", "pl", "cs", "tr", "id", "vi", "sv")
#: How sure the identifier must be (normalised probability), and how much text it needs.
_IDENTIFY_CONFIDENCE = 0.9
_IDENTIFY_MIN_LETTERS = 24


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # its one home is here

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LATIN_LANGUAGES))
    return identifier


def identify_latin(value: str) -> str:
    """The language of Latin-script ``value`` by py3langid's offline model, restricted to
    ``LATIN_LANGUAGES``; ``und`` when the text is short (a name, one term) or the model is not
    sure — never a blind guess of ``en``."""
    if len(_LATIN.findall(value)) < _IDENTIFY_MIN_LETTERS or len(value.split()) < 3:
        return UND
    lang, probability = _identifier().classify(value)
    return str(lang) if probability >= _IDENTIFY_CONFIDENCE else UND


#: A text of this many words or fewer holding Han characters is Chinese, whatever else it holds.
_SHORT_MIXED_WORDS = 3


def detect_lang(value: str, latin: str | None = UND) -> tuple[str, str | None]:
    """Tag ``value`` by the script it uses; return the tag and a warning when unsure (see
    ``_detect_lang``). Short values (keywords, affiliations, subjects, names of journals: they
    repeat from record to record of a dump) are answered from the last few thousand asked;
    ASCII text with its Latin language given costs less to tag than to look up (a name)."""
    if latin is not None and value.isascii():
        return _detect_lang(value, latin)
    if len(value) <= _REMEMBERED_LENGTH:
        return _detect_short(value, latin)
    return _detect_lang(value, latin)


def _detect_lang(value: str, latin: str | None = UND) -> tuple[str, str | None]:
    """Tag ``value`` by the script it uses; return the tag and a warning when unsure.

    Han text is zh-Hans or zh-Hant by the characters actually used, or ``zh`` with a warning
    when it is mixed or undecidable; kana means Japanese, hangul Korean. Latin text gets
    ``latin`` — the language the source field declares — or, with ``latin=None`` (the source
    says nothing), what ``identify_latin`` finds, else ``und``.
    """
    if not value.isascii():  # ASCII text has neither kana, hangul nor Han
        if _KANA_OR_HANGUL.search(value):  # one scan tells most texts have neither
            if _KANA.search(value):
                return "ja", None
            return "ko", None  # hangul, then
        # Counted by runs (Chinese text has few, between its punctuation): one match object a
        # run, not a string a character (~7 × faster on a Chinese abstract).
        first = _HAN.search(value)
        han = 0 if first is None else sum(map(len, _HAN_RUN.findall(value, first.start())))
        # A short text with Han in it is Chinese with Latin terms (Salisbury屏, Gibbs 采样,
        # IBM DOcplexcloud软件: keywords), however few its Han characters.
        short = len(value.split()) <= _SHORT_MIXED_WORDS
        if han and (han >= 20 or short or han * 2 >= len(_LATIN.findall(value))):
            script = chinese_script(value)
            if script:
                return f"zh-{script}", None
            return "zh", "Chinese text whose script (Simplified or Traditional) is undecidable"
    if _LATIN.search(value):
        return (identify_latin(value) if latin is None else latin), None
    return UND, None


#: The longest value ``detect_lang`` remembers the answer for (a pure function of its value).
_REMEMBERED_LENGTH = 200
_detect_short = lru_cache(maxsize=4096)(_detect_lang)


@cache
def _walked_fields(cls: type) -> tuple[str, ...] | None:
    """For a dataclass ``cls``, its fields but ``lang`` whose declared types may hold a ``lang``
    deeper down (identifiers, dates, links, notes never do); None for any other class. Looked
    up once a class."""
    if not dataclasses.is_dataclass(cls):
        return None
    try:
        hints = typing.get_type_hints(cls)
    except (NameError, TypeError):  # a class whose annotations do not resolve: walk them all
        hints = {}
    return tuple(
        f.name
        for f in dataclasses.fields(cls)
        if f.name != "lang" and may_hold(hints.get(f.name, Any), _has_lang)
    )


@cache
def _has_lang(cls: type) -> bool:
    """Whether the dataclass ``cls`` has a ``lang`` field."""
    return any(f.name == "lang" for f in dataclasses.fields(cls))


@cache
def _inner_fields(cls: type) -> Callable[[Any], tuple[Any, ...]] | None:
    """For a dataclass ``cls``, a function giving the values of its ``_walked_fields``; None
    for any other class."""
    names = _walked_fields(cls)
    if names is None:
        return None
    if len(names) == 1:
        return lambda node: (getattr(node, names[0]),)
    return attrgetter(*names) if names else lambda node: ()


_LEAVES = frozenset({str, int, float, bool, type(None)})


def _langs(obj: Any) -> set[str]:
    """The ``lang`` of every dataclass reachable from ``obj`` through dataclass fields and tuples
    (what a record's Texts and Names say), collected without recursion; fields whose declared
    type cannot hold a ``lang`` are not looked into."""
    langs: set[str] = set()
    pending = [obj]
    while pending:
        node = pending.pop()
        cls: type = type(node)
        if cls is Text or cls is Name:  # the most numerous nodes, with nothing inside to walk
            langs.add(node.lang)
            continue
        if cls in _LEAVES:
            continue
        if cls is Prose:  # all its paragraphs share one language (``Prose`` checks it)
            langs.add(node.paragraphs[0].lang)
            pending.extend(node.headings)
            continue
        if cls is tuple or isinstance(node, tuple):
            pending.extend(node)
            continue
        values = _inner_fields(cls)
        if values is not None:
            lang = getattr(node, "lang", None)
            if isinstance(lang, str):
                langs.add(lang)
            pending.extend(values(node))
    return langs


#: Scripts of languages written in neither Latin nor Han letters, by BCP 47 primary subtag: a text
#: in that script alone, which the script could not tag, is in the language the record declares.
_DECLARED_SCRIPTS = {
    **dict.fromkeys(("ru", "uk", "bg", "be", "sr", "mk", "kk", "ky", "tg", "mn"), "[Ѐ-ӿ]"),
    "el": "[Ͱ-Ͽἀ-῿]",
    **dict.fromkeys(("ar", "fa", "ur", "ug"), "[؀-ۿݐ-ݿ]"),
    "he": "[֐-׿]",
    "th": "[฀-๿]",
}
#: Languages that write Han characters of their own (kanji, hanja): Han text with no kana or
#: hangul in a record declaring one of them is in that language, not Chinese.
_HAN_USERS = frozenset({"ja", "ko"})


def declared_lang(lang: str, value: str, language: str | None) -> str:
    """The tag of ``value``, tagged ``lang`` by its script, in a record declaring ``language``:
    the declared language for kanji-only text (``lang`` ``zh…``) in a Japanese or Korean record
    and for Cyrillic, Greek, Arabic, Hebrew or Thai text alone (``und``) in a record of that
    script's language; else ``lang``."""
    primary = (language or "").split("-", 1)[0].lower()
    if primary in _HAN_USERS:
        # Chinese in Han characters (zh, zh-Hant, zh-TW), not zh-Latn-pinyin
        han = (lang == "zh" or tag_script(lang) is not None) and _HAN.search(value)
        return primary if han else lang
    script = _DECLARED_SCRIPTS.get(primary)
    if (
        script is None
        or lang != UND
        or not re.search(script, value)
        or _LATIN.search(value)
        or _HAN.search(value)
    ):
        return lang
    return primary


def follow_declared(obj: Any, language: str | None) -> Any:
    """``obj`` (a Record or any part of one) with the texts and names its script could not tell
    apart given the language the record declares: kanji-only text (tagged ``zh…`` by its
    characters) in a Japanese record is ``ja`` (kana anywhere already makes a text ``ja``);
    Cyrillic text (``und``: no Latin identifier reads it) in a Russian record is ``ru``. A text
    in another script keeps its tag. The very object when nothing changes."""
    primary = (language or "").split("-", 1)[0].lower()
    if primary not in _HAN_USERS and primary not in _DECLARED_SCRIPTS:
        return obj

    def fix(node: Any) -> Any:
        if type(node) in _LEAVES:
            return node
        if isinstance(node, tuple):
            items = [fix(item) for item in node]
            same = type(node) is tuple and all(a is b for a, b in zip(items, node, strict=True))
            return node if same else tuple(items)
        cls: type = type(node)
        names = _walked_fields(cls)
        if names is None or isinstance(node, type):
            return node
        if isinstance(node, Prose):  # its paragraphs share one language: decided on them all
            lang = declared_lang(node.lang, node.text, primary)
            if lang == node.lang:
                return node
            return dataclasses.replace(
                node, paragraphs=tuple(dataclasses.replace(p, lang=lang) for p in node.paragraphs)
            )
        changes = {}
        if _has_lang(cls) and isinstance(node.lang, str):
            value = getattr(node, "value", None)
            if value is None:
                value = getattr(node, "display", "")
            if isinstance(value, str) and declared_lang(node.lang, value, primary) != node.lang:
                changes["lang"] = primary
        for name in names:
            value = getattr(node, name)
            if (fixed := fix(value)) is not value:
                changes[name] = fixed
        return dataclasses.replace(node, **changes) if changes else node

    return fix(obj)


def settle_scripts(obj: Any) -> tuple[Any, str | None]:
    """Give every Chinese string tagged plain ``zh`` (too short to tell, such as 王芳 or 肌少症)
    the script the rest of the same record is written in, when the record uses exactly one.

    Returns the updated object and a warning when the record's script stays undecided (none
    decidable, or both scripts used).
    """
    cls: type = type(obj)
    names = None if cls is Text or cls is Name else _walked_fields(cls)
    # A dataclass (a Record): the languages of each field it walks (``_langs`` of the whole is
    # their union, with its own ``lang`` when it has one), so that only the fields holding a plain
    # ``zh`` are rebuilt (not the abstracts and journal descriptions, mostly), each looked at once.
    values = None if names is None else [getattr(obj, name) for name in names]
    held = [_langs(obj)] if values is None else [_langs(value) for value in values]
    langs: set[str] = set().union(*held)
    own = getattr(obj, "lang", None) if values is not None else None
    if isinstance(own, str):  # a dataclass's own tag, as ``_langs`` adds it
        langs.add(own)
    if "zh" not in langs:
        return obj, None
    # The scripts the record's tags say (zh-TW's is Hant: the region's).
    seen = {f"zh-{script}" for lang in langs if (script := tag_script(lang))}
    if len(seen) != 1:
        why = "uses both Simplified and Traditional" if seen else "has no character that tells"
        return obj, f"Chinese text tagged zh: the record {why}"
    script = next(iter(seen))

    def fix(node: Any) -> Any:
        """A Text or Name tagged ``zh`` with the record's script; the very node otherwise."""
        return replaced(node, lang=script) if node.lang == "zh" else node

    if names is None or values is None:
        return rebuild(obj, fix, name=fix), None
    changes = {}
    for name, value, its in zip(names, values, held, strict=True):
        if "zh" in its and (new := rebuild(value, fix, name=fix)) is not value:
            changes[name] = new
    return (replaced(obj, **changes) if changes else obj), None


def settle_explicit_zh(record: Any) -> Any:
    """A record whose source tagged Chinese plain ``zh`` (JATS ``xml:lang="zh"``), with each such
    Text, Name and abstract that holds Han characters given its script subtag: its own when its
    characters tell it (黄河流域城市韧性 is ``zh-Hans``), else the record's when the record uses
    exactly one script (王芳 beside Simplified text); the record's ``language`` ``zh`` too.
    What holds no Han character (a ``0``, a pinyin name) says nothing and keeps ``zh``.

    Issue 17: "an explicit xml:lang="zh" gets its script subtag from the text, consistently
    across all texts of one record" -- as the DC reader does for its own ``xml:lang="zh"``.
    """
    if "zh" not in _langs(record) and getattr(record, "language", None) != "zh":
        return record

    def name_text(name: Name) -> str:
        return "".join(v for v in (name.family, name.given, name.literal) if v)

    def paragraph_ids(obj: Any) -> set[int]:
        """The paragraphs of abstracts and journal descriptions: tagged by their whole Prose."""
        journal = getattr(obj, "journal", None)
        items = (
            *getattr(obj, "abstracts", ()),
            *(journal.descriptions if journal is not None else ()),
        )
        return {id(p) for item in items for p in item.paragraphs}

    def own(value: str, lang: str) -> str:
        if lang != "zh" or not has_han(value):
            return lang
        script = chinese_script(value)
        return f"zh-{script}" if script else lang

    def prose(item: Prose, lang: str) -> Prose:
        return item.with_paragraphs(tuple(replaced(p, lang=lang) for p in item.paragraphs))

    def proses_by(tag: Callable[[Prose], str], items: tuple[Prose, ...]) -> tuple[Prose, ...]:
        out = []
        for item in items:
            first = item.paragraphs[0]
            lang = tag(item) if first.lang == "zh" else first.lang
            out.append(item if lang == first.lang else prose(item, lang))
        return tuple(out)

    def joined(item: Prose) -> str:
        return " ".join(p.value for p in item.paragraphs)

    def settle(obj: Any, lang_for: Callable[[str, str], str]) -> Any:
        """``obj`` with each Text, Name and Prose tagged ``lang_for(its text, its tag)``."""
        in_prose = paragraph_ids(obj)

        def text(node: Text) -> Text:
            lang = node.lang if id(node) in in_prose else lang_for(node.value, node.lang)
            return node if lang == node.lang else replaced(node, lang=lang)

        def name(node: Name) -> Name:
            lang = lang_for(name_text(node), node.lang)
            return node if lang == node.lang else replaced(node, lang=lang)

        def tag(item: Prose) -> str:
            return lang_for(joined(item), "zh")

        obj = rebuild(obj, text, name=name)
        changes: dict[str, Any] = {}
        if getattr(obj, "abstracts", ()):
            changes["abstracts"] = proses_by(tag, obj.abstracts)
        if getattr(obj, "journal", None) is not None and obj.journal.descriptions:
            descriptions = proses_by(tag, obj.journal.descriptions)
            changes["journal"] = replaced(obj.journal, descriptions=descriptions)
        return replaced(obj, **changes) if changes else obj

    record = settle(record, own)
    # The record's script is what its Han text is tagged (a ``0`` tagged zh-Hans tells nothing).
    seen: set[str] = set()

    def han_text(node: Text) -> Text:
        if (script := tag_script(node.lang)) and has_han(node.value):
            seen.add(f"zh-{script}")
        return node

    def han_name(node: Name) -> Name:
        if (script := tag_script(node.lang)) and has_han(name_text(node)):
            seen.add(f"zh-{script}")
        return node

    rebuild(record, han_text, name=han_name)
    if len(seen) != 1:
        return record
    script = next(iter(seen))

    def fixed(value: str, lang: str) -> str:
        return script if lang == "zh" and has_han(value) else lang

    record = settle(record, fixed)
    if getattr(record, "language", None) == "zh":
        record = replaced(record, language=script)
    return record
