"""Text cleaning and Chinese script handling: HTML to marked paragraphs, whitespace, characters
XML cannot carry, null spellings, Simplified/Traditional detection and OpenCC conversion.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .record import UND, Mark, Prose, Text
from .script import convert_script as convert_script  # lives in script.py; also named here

#: Values that aggregators write for "nothing here".
NULL_SPELLINGS = frozenset(
    {"", "null", "none", "nil", "n/a", "undefined", "暂无", "无", "[]", "{}"}
)

_XML_ILLEGAL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]"  # C0 (but tab, LF, CR), non-chars
)
_WS = re.compile(r"\s+")
_ODD_SPACE = re.compile(r"[^\S ]| {2,}")
_HAN = re.compile(
    "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002a6df\U0002a700-\U0002ebef"
    "\U00030000-\U0003134f]"
)
_KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff]")
_HANGUL = re.compile("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
_CJK_PUNCT = "\u3000-\u303f\uff00-\uffef"
_CJK_CHAR = re.compile(f"[{_CJK_PUNCT}\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def is_null(value: Any) -> bool:
    """True for the spellings of "nothing" aggregators use: None, "", "null", "N/A", "暂无", []."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip().casefold() in NULL_SPELLINGS
    if isinstance(value, (list, tuple, dict)):
        return len(value) == 0
    return False


def strip_illegal(value: str) -> tuple[str, int]:
    """Remove characters XML 1.0 cannot carry; return the text and how many were removed."""
    cleaned, count = _XML_ILLEGAL.subn("", value)
    return cleaned, count


def squeeze(value: str) -> str:
    """Collapse white space to single spaces; a line break between two CJK characters is a
    wrapped line and disappears (a written space between them, as in "目的 了解", stays)."""
    value = value.strip()
    if not value:
        return value
    if not _ODD_SPACE.search(value):  # already single ASCII spaces: nothing to do
        return value
    out: list[str] = []
    pos = 0
    for match in _WS.finditer(value):
        out.append(value[pos : match.start()])
        before, after = value[match.start() - 1], value[match.end() : match.end() + 1]
        wrapped = "\n" in match.group() and _CJK_CHAR.match(before) and _CJK_CHAR.match(after)
        if not wrapped:
            out.append(" ")
        pos = match.end()
    out.append(value[pos:])
    return "".join(out)


def has_han(value: str) -> bool:
    return _HAN.search(value) is not None


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
_MARKS = {
    "sup": "sup",
    "sub": "sub",
    "i": "italic",
    "em": "italic",
    "italic": "italic",
    "b": "bold",
    "strong": "bold",
    "bold": "bold",
}
_SKIP = frozenset({"script", "style", "head", "object", "math", "svg"})
_HEADINGS = frozenset({"abstract", "摘要", "summary", "background", "abstract:", "摘要:", "摘要："})


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

    @staticmethod
    def _local(tag: str) -> str:
        return tag.rsplit(":", 1)[-1].lower()

    def _break(self) -> None:
        if self.current:
            self.paragraphs.append(self.current)
            self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        name = self._local(tag)
        if name in _SKIP:
            self.skip += 1
        elif name in _BLOCK:
            self._break()
        elif name in _MARKS:
            self.kinds[self.next_id] = _MARKS[name]
            self.stack.append((name, self.next_id))
            self.next_id += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._local(tag) in _BLOCK:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        name = self._local(tag)
        if name in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif name in _BLOCK:
            self._break()
        elif name in _MARKS:
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


def _paragraph(
    runs: list[tuple[str, tuple[int, ...]]], kinds: dict[int, str]
) -> tuple[str, tuple[Mark, ...]]:
    if not any(ids for _, ids in runs):  # no marks: the fast path (most abstracts)
        return squeeze("".join(data for data, _ in runs)), ()
    chars: list[str] = []
    owners: list[tuple[int, ...]] = []
    pending_space: tuple[int, ...] | None = None
    line_break = False
    for data, ids in runs:
        for ch in data:
            if ch.isspace():
                if chars and pending_space is None:
                    pending_space = ids
                line_break = line_break or ch in "\n\r"
                continue
            if pending_space is not None:
                wrapped = line_break and _CJK_CHAR.match(chars[-1]) and _CJK_CHAR.match(ch)
                line_break = False
                if not wrapped:
                    chars.append(" ")
                    common = tuple(i for i in pending_space if i in ids) if ids else ()
                    owners.append(common)
                pending_space = None
            chars.append(ch)
            owners.append(ids)
    value = "".join(chars)
    spans: dict[int, list[int]] = {}
    for pos, ids in enumerate(owners):
        for mark_id in ids:
            span = spans.setdefault(mark_id, [pos, pos + 1])
            span[1] = pos + 1
    marks = tuple(
        Mark(start, end, kinds[mark_id])
        for mark_id, (start, end) in spans.items()
        if value[start:end].strip()
    )
    return value, marks


def from_runs(
    runs: list[tuple[str, tuple[int, ...]]], kinds: dict[int, str]
) -> tuple[str, tuple[Mark, ...]]:
    """One paragraph from runs of (text, ids of the marks open over it), ``kinds`` naming each
    mark's kind: white space squeezed by the rule every reader uses, marks placed on the result.
    For readers of other markup (LaTeX) that collect runs the way the HTML reader does."""
    return _paragraph(runs, kinds)


def html_paragraphs(html: str) -> list[tuple[str, tuple[Mark, ...]]]:
    """Split HTML (or plain text) into clean paragraphs with their inline marks.

    Block elements and blank lines break paragraphs; sup/sub/i/em/b/strong (and their JATS
    names) become marks; every other tag is dropped with its text kept; entities are decoded.
    A leading heading paragraph such as "Abstract" is dropped.
    """
    if "<" not in html and "&" not in html:
        blocks = re.split(r"\n\s*\n", html)
        paras = [(squeeze(b), ()) for b in blocks]
        out: list[tuple[str, tuple[Mark, ...]]] = [(v, m) for v, m in paras if v]
    else:
        parser = _Chunker()
        parser.feed(html)
        out = []
        for runs in parser.result():
            value, marks = _paragraph(runs, parser.kinds)
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
    return "".join(ch for ch in value if ch.isalnum())


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


def chinese_script(value: str) -> str | None:
    """``Hans``, ``Hant``, or None when the text does not tell (no marked character, or mixed)."""
    simplified_only, traditional_only = _script_tables()
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


def detect_lang(value: str, latin: str | None = UND) -> tuple[str, str | None]:
    """Tag ``value`` by the script it uses; return the tag and a warning when unsure.

    Han text is zh-Hans or zh-Hant by the characters actually used, or ``zh`` with a warning
    when it is mixed or undecidable; kana means Japanese, hangul Korean. Latin text gets
    ``latin`` — the language the source field declares — or, with ``latin=None`` (the source
    says nothing), what ``identify_latin`` finds, else ``und``.
    """
    if _KANA.search(value):
        return "ja", None
    if _HANGUL.search(value):
        return "ko", None
    if has_han(value):
        han = len(_HAN.findall(value))
        letters = len(_LATIN.findall(value))
        if han * 2 >= letters or han >= 20:
            script = chinese_script(value)
            if script:
                return f"zh-{script}", None
            return "zh", "Chinese text whose script (Simplified or Traditional) is undecidable"
    if _LATIN.search(value):
        return (identify_latin(value) if latin is None else latin), None
    return UND, None


def settle_scripts(obj: Any) -> tuple[Any, str | None]:
    """Give every Chinese string tagged plain ``zh`` (too short to tell, such as 王芳 or 肌少症)
    the script the rest of the same record is written in, when the record uses exactly one.

    Returns the updated object and a warning when the record's script stays undecided (none
    decidable, or both scripts used).
    """
    import dataclasses

    seen: set[str] = set()
    undecided = False

    def scan(node: Any) -> None:
        nonlocal undecided
        if isinstance(node, tuple):
            for item in node:
                scan(item)
        elif dataclasses.is_dataclass(node) and not isinstance(node, type):
            lang = getattr(node, "lang", None)
            if isinstance(lang, str) and lang.startswith("zh"):
                if lang in ("zh-Hans", "zh-Hant"):
                    seen.add(lang)
                elif lang == "zh":
                    undecided = True
            for f in dataclasses.fields(node):
                if f.name != "lang":
                    scan(getattr(node, f.name))

    scan(obj)
    if not undecided:
        return obj, None
    if len(seen) != 1:
        why = "uses both Simplified and Traditional" if seen else "has no character that tells"
        return obj, f"Chinese text tagged zh: the record {why}"
    script = next(iter(seen))

    def fix(node: Any) -> Any:
        if isinstance(node, tuple):
            return tuple(fix(item) for item in node)
        if dataclasses.is_dataclass(node) and not isinstance(node, type):
            changes = {}
            for f in dataclasses.fields(node):
                value = getattr(node, f.name)
                if f.name == "lang" and value == "zh":
                    changes["lang"] = script
                elif isinstance(value, tuple) or dataclasses.is_dataclass(value):
                    fixed = fix(value)
                    if fixed is not value:
                        changes[f.name] = fixed
            return dataclasses.replace(node, **changes) if changes else node
        return node

    return fix(obj), None
