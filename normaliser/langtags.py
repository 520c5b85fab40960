"""Language tags a format has no place for, carried beside its fields (issue 17).

A text format tags a text by guessing from its script and the record's declared language; a
source may have tagged it otherwise (a journal title ``und``, a keyword ``zh`` without its
script, an abstract ``es-ES``). ``listed`` names each text (and each name) of a record whose tag
differs from the guess its reader would make, as ``path[n/N]`` (the n-th of the N texts at that
record path, in the record's own order: ``journal.titles[1/1]``); ``applied`` puts those tags
back on the record the reader made, only where that record has the same number of texts at the
path (else the list describes another record, and nothing is changed). BibTeX writes the list
as ``langids``, the aggregator dump as ``Languages``; ``language[1/1]`` is the record's own
language, when the format's spelling of it would read back otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from .errors import InvalidRecord
from .record import Name, Record, Text, rebuild, texts
from .text import detect_lang, has_han

NAMES = "contributors.names"
#: The record's own language, when its format's spelling of it reads back otherwise.
LANGUAGE = "language[1/1]"
_KEY = re.compile(r"^([a-z_.]+)\[(\d+)/(\d+)\]$")


def _keys(record: Record) -> list[tuple[str, Text | Name]]:
    """``(path[n/N], item)`` for every text and name of ``record``, in walk order."""
    found: list[tuple[str, Text | Name]] = list(texts(record))
    found += [(NAMES, n) for c in record.contributors for n in c.names]
    totals: dict[str, int] = {}
    for path, _ in found:
        totals[path] = totals.get(path, 0) + 1
    seen: dict[str, int] = {}
    out = []
    for path, item in found:
        seen[path] = seen.get(path, 0) + 1
        out.append((f"{path}[{seen[path]}/{totals[path]}]", item))
    return out


def guess(item: Text | Name, latin: str) -> str:
    """The tag a text format's reader gives ``item`` from its script: ``latin`` for Latin-script
    text, a Latin-script name none."""
    if isinstance(item, Name):
        return detect_lang(item.display)[0] if has_han(item.display) else "und"
    return detect_lang(item.value, latin)[0]


def listed(
    record: Record,
    latin: str,
    guessed: Callable[[Text | Name, str], str] = guess,
    fixed: Mapping[str, str] | None = None,
    within: Iterable[str] = (),
    latins: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """``{path[n/N]: tag}`` of the texts and names ``within`` the paths a format keeps whose tag
    is not the one guessed (``fixed``: the tag a reader gives every text at a path, whatever its
    script; ``latins``: the tag of Latin-script text at a path, when not ``latin``); of a prose's
    paragraphs and headings, which share one tag, all or none."""
    keys = _keys(record)
    if within:  # only the paths the format keeps (KEEPS): another would name no text read
        kept = tuple(within)
        keys = [
            (k, i)
            for k, i in keys
            if any(k.split("[")[0] == p or k.startswith(p + ".") for p in kept)
        ]
    fixed = fixed or {}

    def guessed_at(key: str, item: Text | Name) -> str:
        path = key.split("[")[0]
        if path in fixed:
            return fixed[path]
        return guessed(item, (latins or {}).get(path, latin))

    # A bare ``zh`` too: readers settle it to the script of the record's texts.
    out = {
        key: item.lang
        for key, item in keys
        if item.lang == "zh" or item.lang != guessed_at(key, item)
    }
    whole = {key.split("[")[0] for key in out if key.split("[")[0].endswith(_PROSE)}
    out.update({key: item.lang for key, item in keys if key.split("[")[0] in whole})
    return {key: out[key] for key, _ in keys if key in out}


def differing(record: Record, back: Record, within: Iterable[str] = ()) -> dict[str, str]:
    """``{path[n/N]: tag}`` of the texts and names of ``back`` (``record`` as a format's reader
    gave it back) of which ``record`` has the same text or name at the path, tagged otherwise,
    within the paths a format keeps: the list that makes ``applied(back, …)`` give ``record``'s
    tags, when the reader's own grouping of the texts (a bilingual pair's) is not
    ``listed``'s."""
    kept = tuple(within)
    mine: dict[str, list[Text | Name]] = {}
    for key, item in _keys(record):
        mine.setdefault(key.split("[")[0], []).append(item)

    def shown(item: Text | Name) -> str:
        return item.value if isinstance(item, Text) else item.display

    out: dict[str, str] = {}
    for key, item in _keys(back):
        path = key.split("[")[0]
        if kept and not any(path == p or path.startswith(p + ".") for p in kept):
            continue
        # The record's text of the same value at the path (the first not yet matched): the
        # reader may have put it elsewhere among them.
        candidates = mine.get(path, [])
        own = next(
            (o for o in candidates if type(o) is type(item) and shown(o) == shown(item)), None
        )
        if own is None:
            continue
        candidates.remove(own)
        if own.lang != item.lang:
            out[key] = own.lang
    if record.language and record.language != back.language:
        out[LANGUAGE] = record.language
    return out


#: The paths of a prose's texts: one tag for all of them (``Prose``).
_PROSE = (".paragraphs", ".headings.title")


def parse(items: Mapping[str, object]) -> tuple[dict[str, str], list[str]]:
    """The well-formed ``path[n/N]: tag`` items, and the keys of the others."""
    good: dict[str, str] = {}
    bad: list[str] = []
    for key, tag in items.items():
        if _KEY.match(key) and isinstance(tag, str) and re.fullmatch(r"[A-Za-z0-9-]{2,35}", tag):
            good[key] = tag
        else:
            bad.append(key)
    return good, bad


def applied(record: Record, tags: Mapping[str, str]) -> tuple[Record, list[str]]:
    """``record`` with ``tags`` put back, and the keys that name no text of it (left alone)."""
    if not tags:
        return record, []
    before = record
    keys = [key for key, _ in _keys(record)]
    known = {*keys, LANGUAGE}
    missed = [k for k in tags if k not in known]
    if LANGUAGE in tags:
        record = replace(record, language=tags[LANGUAGE])
    # ``rebuild`` visits texts in ``texts`` order and names in contributor order, as ``_keys``.
    text_iter = iter([k for k in keys if not k.startswith(NAMES + "[")])
    name_iter = iter([k for k in keys if k.startswith(NAMES + "[")])

    def visit(text: Text) -> Text:
        tag = tags.get(next(text_iter))
        return text if tag is None or tag == text.lang else replace(text, lang=tag)

    def name(value: Name) -> Name:
        tag = tags.get(next(name_iter))
        return value if tag is None or tag == value.lang else replace(value, lang=tag)

    try:
        return rebuild(record, visit, name=name), missed
    except InvalidRecord:  # the tags describe another record (a prose's paragraphs apart)
        return before, list(tags)
