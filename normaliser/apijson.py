"""What the readers of saved scholarly API responses (Crossref, OpenAlex, DataCite, Semantic
Scholar) share: splitting a source into the works it holds (one object, a list page, JSON
Lines, a JSON array), dates given as ``date-parts``, people's names, texts tagged by the
language they are written in. Not a format module: each API's format module uses it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from . import languages
from .errors import InvalidRecord
from .fields import LoadPlan, collect_notes, load_secondary, note
from .names import parse_name
from .record import UND, Name, Note, PartialDate, Record, Reject, Text, catalogue
from .sources import JsonValue, Source, json_values
from .text import detect_lang, has_han, inline, settle_explicit_zh, squeeze

#: What a format's ``unwrap`` says of one top-level JSON value: the works it holds and the
#: notes every record read from it carries (a paging token), or None when the value is a work.
Page = tuple[list[Any], list[Note]] | None


@dataclass
class Item:
    """One work of a source, as ``split`` hands it to ``parse``: where its JSON value starts,
    the text it is kept by (the value's own text; a work of a list page is its JSON), the
    decoded work (or the ``ValueError`` saying why the value is not JSON), and the notes of the
    page it came from."""

    line: int
    offset: int
    raw: str
    value: Any
    data: bytes | None = None
    notes: tuple[Note, ...] = ()


def items(source: Source, unwrap: Callable[[Any], Page]) -> Iterator[Item]:
    """Every work of ``source``: each top-level JSON value (one object, JSON Lines, objects one
    after another, the elements of a top-level array) is given to ``unwrap``; a page yields
    each of its works, its notes on the first one (a page of N works is N records)."""
    for value in json_values(source):
        if isinstance(value.value, ValueError):
            yield Item(value.line, value.offset, value.raw, value.value, value.data)
            continue
        page = unwrap(value.value)
        if page is None:
            yield Item(value.line, value.offset, value.raw, value.value, value.data)
            continue
        works, notes = page
        # A page of one work is kept whole; a work of a longer page by its own text and bytes,
        # at its own line and offset (by its JSON when the page's bytes cannot be cut).
        alone = len(works) == 1
        codec = "utf-8" if value.data is None else value.encoding or ""
        spans = None if alone or not _cuttable(value) else work_spans(value.raw, works)
        for number, work in enumerate(works):
            line, offset, raw, data = value.line, value.offset, value.raw, value.data
            if spans is not None:
                start, end = spans[number]
                before = value.raw[:start]  # its line ends: LF, CRLF or CR
                line += before.count("\n") + before.count("\r") - before.count("\r\n")
                offset += len(before.encode(codec, "surrogatepass"))
                raw = value.raw[start:end]
                data = None if value.data is None else raw.encode(codec, "surrogatepass")
            elif not alone:
                raw, data = json.dumps(work, ensure_ascii=False), None
            yield Item(
                line,
                offset,
                raw,
                work,
                data,
                tuple(notes) if not number else (),
            )


def _cuttable(value: JsonValue) -> bool:
    """Whether a page's bytes are its text in one codec, so that a work's bytes are its text's."""
    if value.data is None:  # the bytes are the text's UTF-8
        return True
    if value.encoding is None:
        return False
    try:
        return value.raw.encode(value.encoding, "surrogatepass") == value.data
    except (UnicodeError, LookupError):
        return False


_SPACE = re.compile(r"[ \t\r\n]*")


def work_spans(text: str, works: list[Any]) -> list[tuple[int, int]] | None:
    """Where each of a page's ``works`` is written in the page's ``text`` (start, end): the
    elements of the array, at most three objects deep, that decodes to ``works``; None when no
    array does (the text is then not walked further)."""
    decoder = json.JSONDecoder(strict=False)

    def space(pos: int) -> int:
        found = _SPACE.match(text, pos)
        return found.end() if found else pos

    def elements(pos: int) -> list[tuple[int, int]]:  # text[pos] is "["
        spans: list[tuple[int, int]] = []
        pos = space(pos + 1)
        while text[pos] != "]":
            end = decoder.raw_decode(text, pos)[1]
            spans.append((pos, end))
            pos = space(end)
            pos = space(pos + 1) if text[pos] == "," else pos
        return spans

    def search(pos: int, depth: int) -> list[tuple[int, int]] | None:  # text[pos] is "{"
        found = None
        pos = space(pos + 1)
        while text[pos] == '"':
            pos = space(decoder.raw_decode(text, pos)[1])
            pos = space(pos + 1)  # the colon
            value, end = decoder.raw_decode(text, pos)
            if isinstance(value, list) and value == works:
                found = elements(pos)  # the last of equal keys is the one decoded
            elif isinstance(value, dict) and depth < 3:
                found = search(pos, depth + 1) or found
            pos = space(end)
            pos = space(pos + 1) if text[pos] == "," else pos
        return found

    try:
        start = space(0)
        spans = search(start, 1) if text[start] == "{" else None
    except (ValueError, IndexError):
        return None
    return spans if spans is not None and len(spans) == len(works) else None


#: A reader's ``from_dict``: one decoded work (with the notes of its page) as a Record.
FromDict = Callable[..., Record]
#: What builds a work's record fields from its data, its loaded scalar keys and the secondary
#: keys that did not parse (kept verbatim).
Build = Callable[[Mapping[str, Any], dict[str, Any], dict[str, Any]], dict[str, Any]]


def parse_work(
    item: Item,
    number: int,
    name: str,
    from_dict: FromDict,
    *,
    what: str,
    strict: bool = False,
    refuse: Callable[[Any], None] | None = None,
) -> Record | Reject:
    """The Record of one split work, or a Reject holding its text and the reason: a value that
    is not JSON, one ``refuse`` raises ``InvalidRecord`` for (a shape that is no work), one that
    is not an object (``what`` names the object expected), one ``from_dict`` refuses."""
    try:
        if isinstance(item.value, ValueError):
            raise InvalidRecord(f"not valid JSON: {item.value}")
        if refuse is not None:
            refuse(item.value)
        if not isinstance(item.value, dict):
            raise InvalidRecord(f"expected {what} (an object), got {item.value!r:.60}")
        record = from_dict(item.value, notes=item.notes, strict=strict)
        # Chinese tagged zh (a short name, 王芳) gets the script of the record's Chinese (#17).
        return catalogue(settle_explicit_zh(record))
    except InvalidRecord as exc:
        return Reject(exc, item.raw, number, item.line, item.offset, name, item.data)


def work_reader(
    build: Build, *, plan: LoadPlan, core: frozenset[str], known: frozenset[str], what: str
) -> FromDict:
    """The ``from_dict`` of a work format whose works are read by ``work_record`` alone: one
    ``what`` as a Record, raising ``InvalidRecord`` naming the key."""

    def from_dict(
        data: Mapping[str, Any], *, notes: tuple[Note, ...] = (), strict: bool = False
    ) -> Record:
        return work_record(
            data, build, plan=plan, core=core, known=known, notes=notes, strict=strict
        )

    from_dict.__doc__ = f"One {what} as a Record; raises ``InvalidRecord`` naming the key."
    return from_dict


def work_record(
    data: Mapping[str, Any],
    build: Build,
    *,
    plan: LoadPlan,
    core: frozenset[str],
    known: frozenset[str],
    notes: tuple[Note, ...] = (),
    strict: bool = False,
) -> Record:
    """One work as a Record: with ``strict``, a key not ``known`` is refused; lone surrogates
    are replaced (with a note), the scalar keys loaded by ``plan`` (a ``core`` key that does not
    parse refuses the work, another is kept verbatim), then ``build`` maps the rest; the page's
    ``notes`` first, then those the mapping made."""
    if strict:
        unknown = sorted(set(data) - known)
        if unknown:
            raise InvalidRecord({k: ["unknown key (strict mode)"] for k in unknown})
    with collect_notes() as found:
        replaced = [0]
        data = encodable(data, replaced)
        if replaced[0]:
            note("repaired", "record", f"{replaced[0]} lone surrogate escapes replaced by U+FFFD")
        loaded, unparsed = load_secondary(plan, data, core)
        record = build(data, loaded, unparsed)
    return Record(**{**record, "notes": (*notes, *found)})


def paging_note(field: str, token: Any) -> Note:
    """The note a page's paging token becomes: the run reads what was saved, it cannot
    follow the token."""
    return Note(
        "paging",
        field,
        f"the page goes on ({field} {json.dumps(token, ensure_ascii=False)}): "
        "only the works saved here are read",
    )


def date_parts(value: Any, field: str) -> PartialDate | None:
    """A Crossref date (``{"date-parts": [[2024, 1, 9]]}``) as a PartialDate; None for no date
    (``[[null]]``); raises ``InvalidRecord`` naming ``field`` for what is no date."""
    if value is None:
        return None
    parts = value.get("date-parts") if isinstance(value, Mapping) else None
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], list):
        raise InvalidRecord(
            f"expected {{'date-parts': [[year, month, day]]}}, got {value!r}", field=field
        )
    first = [p for p in parts[0] if p is not None]
    if not first:
        return None
    try:
        numbers = [int(p) for p in first[:3]]
    except (TypeError, ValueError):
        raise InvalidRecord(f"{parts[0]!r} are not the numbers of a date", field=field) from None
    try:
        return PartialDate(*numbers)
    except InvalidRecord as exc:
        message = "; ".join(m for msgs in exc.messages.values() for m in msgs)
        raise InvalidRecord(message, field=field) from None


def cjk_hint(language: str | None, titles: Iterable[Text]) -> str | None:
    """The language Han-only text of a work is in when it is Japanese or Korean: the record's
    language when it says so, else the language of a title written in kana or hangul (Han
    text alone cannot tell Japanese from Chinese: 宮地 元彦, 体力科学)."""
    primary = (language or "").split("-")[0]
    if primary in ("ja", "ko"):
        return primary
    return next((t.script_lang for t in titles if t.script_lang in ("ja", "ko")), None)


def lang_of(value: str, declared: str | None, alone: bool = False) -> str:
    """The language ``value`` is written in: its script (kana → ja; Han → zh-Hans or zh-Hant,
    or the declared ``ja``/``ko`` for Han text), else the offline identifier for Latin text;
    the ``declared`` language (record-level, journal-level: a hint) only when the text is the
    only one it can be about (``alone``) and the identifier cannot tell."""
    found, _ = detect_lang(value, None)
    primary = (declared or "").split("-")[0]
    if found.startswith("zh") and primary in ("ja", "ko"):
        return primary
    if found == UND and alone and declared and not has_han(value):
        return declared
    return found


def text(
    value: Any, declared: str | None, *, alone: bool = True, variant: str = "original"
) -> Text | None:
    """A one-line text (a title, an affiliation) tagged by ``lang_of``; inline HTML or JATS
    markup becomes marks; None for an empty value."""
    if not isinstance(value, str):
        return None
    cleaned = squeeze(value)
    if not cleaned:
        return None
    cleaned = cleaned.replace("<jats:", "<").replace("</jats:", "</")
    return inline(cleaned, lang_of(cleaned, declared, alone), variant)


def language(value: Any) -> str | None:
    """A record-level language code (``de``, ``en``, ``zh``) as a BCP 47 tag, or None."""
    if not isinstance(value, str):
        return None
    return languages.parse(value)


def person(family: Any, given: Any, literal: Any = None, *, cjk: str | None = None) -> Name | None:
    """A name given in parts (``family``, ``given``) or as one string (``literal``, parsed:
    a CJK name written family-first with a space, ``宮地 元彦``, is split at the space); a Han
    name is in ``cjk`` (``ja``, ``ko``: see ``cjk_hint``) when the work says so."""
    fam = squeeze(family) if isinstance(family, str) else ""
    giv = squeeze(given) if isinstance(given, str) else ""
    if fam or giv:
        han = has_han(fam + giv)
        lang = detect_lang(fam + giv)[0] if han else UND
        if han and cjk and lang.startswith("zh"):
            lang = cjk
        if han and fam:
            return Name(family=fam, given=giv or None, style="eastern", lang=lang)
        if not fam:
            return Name(given=giv, style="given-only", lang=lang)
        return Name(family=fam, given=giv or None, lang=lang)
    whole = squeeze(literal) if isinstance(literal, str) else ""
    if not whole:
        return None
    name = parse_name(whole)
    if cjk and name.lang.startswith("zh"):
        return replace(name, lang=cjk)
    return name


def leftover(obj: Mapping[str, Any], used: frozenset[str]) -> dict[str, Any]:
    """The keys of ``obj`` no mapping uses, verbatim (nothing read is lost); nulls dropped."""
    return {k: v for k, v in obj.items() if k not in used and v is not None and v != []}


CJK = ("ja", "ko", "zh")


def settle_language(
    declared: str | None, texts: Iterable[Text], han_names: bool = False
) -> tuple[str | None, str | None]:
    """The record language from a source's ``declared`` one, which is a hint (journal-level
    at Crossref, guessed from the metadata at OpenAlex), never authoritative for CJK: when no
    text of the work is in it and the first is Chinese, Japanese or Korean, that text's
    language; when the work has no text to judge by but Han names, none. The second value
    says why the declared language was not taken (None when it was)."""
    if not declared:
        return None, None
    primary = declared.split("-")[0]
    tagged = [t for t in texts if t.lang != UND]
    if any(t.script_lang == primary for t in tagged):
        return declared, None
    if tagged and tagged[0].script_lang in CJK:
        return tagged[
            0
        ].lang, f"{declared!r} is the language of no text of the work: {tagged[0].lang}"
    if not tagged and han_names and primary not in CJK:
        return (
            None,
            f"{declared!r} is a guess the work's Han names contradict: not kept as its language",
        )
    return declared, None


def inverted_text(index: Any, field: str = "abstract_inverted_index") -> str | None:
    """The text an inverted index (``{word: [positions]}``, OpenAlex's abstracts) was made
    from: words put back at their positions, joined by spaces (none between two CJK words).
    Raises ``InvalidRecord`` naming ``field`` for what is no inverted index."""
    if index is None:
        return None
    if not isinstance(index, Mapping):
        raise InvalidRecord(f"expected {{word: [positions]}}, got {index!r:.60}", field=field)
    placed: dict[int, str] = {}
    for word, positions in index.items():
        if not isinstance(positions, list) or not all(
            isinstance(p, int) and not isinstance(p, bool) and p >= 0 for p in positions
        ):
            raise InvalidRecord(
                f"the positions of {word!r} are not numbers: {positions!r:.60}", field=field
            )
        for position in positions:
            placed[position] = word
    out = ""
    for position in sorted(placed):
        word = placed[position]
        if out and not (_cjk_edge(out[-1]) and _cjk_edge(word[0])):
            out += " "
        out += word
    return out or None


def _cjk_edge(char: str) -> bool:
    return (
        has_han(char)
        or "\u3040" <= char <= "\u30ff"
        or "\u3000" <= char <= "\u303f"
        or "\uff00" <= char <= "\uffef"
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def encodable(value: Any, count: list[int] | None = None) -> Any:
    """``value`` (a decoded work) with lone surrogates (a JSON ``\\ud800`` escape is no text
    and cannot be written as UTF-8) replaced by U+FFFD in every string, keys too; everything
    else as it was. ``count`` (a one-item list) adds up the replacements."""
    if isinstance(value, str):
        fixed, found = _SURROGATE.subn("\ufffd", value)
        if count is not None:
            count[0] += found
        return fixed
    if isinstance(value, list):
        return [encodable(item, count) for item in value]
    if isinstance(value, dict):
        return {encodable(k, count): encodable(v, count) for k, v in value.items()}
    return value
