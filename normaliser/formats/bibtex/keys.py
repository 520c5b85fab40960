"""Citation keys: stable (``citation_key``: first author, year, first title word), made unique
within one file (``keyb``, ``keyc``…) and across the documents ``--jobs`` workers write
(``unique_keys``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from ...names import pinyin
from ...record import (
    Name,
    Record,
)
from ...text import has_han


def citation_key(record: Record) -> str:
    """A stable key: the first author's family name (pinyin for Han names, ASCII letters only),
    the year, the first word of the main title (pinyin of its first two Han characters), all
    lower case: ``yuan2012lantian``, ``zeng2025advancements``."""
    family = ""
    if record.contributors:
        names = record.contributors[0].names
        first = names[0]
        latin = next((n for n in names if n.family and not has_han(n.family)), None)
        if latin is not None and latin.family:
            family = latin.family
        elif first.family or first.given or first.literal:
            han = first.family or first.given or first.literal or ""
            romanised = pinyin(Name(given=han[:4], style="given-only", lang="zh"))
            family = romanised.given or "" if romanised else han
    year = next((str(d.date.year) for d in record.dates), "")
    word = ""
    if record.title is not None:
        value = record.title.value
        lead = re.match(r"[^\w]*(\w)", value)
        if lead and has_han(lead.group(1)):
            chars = "".join(ch for ch in value if has_han(ch))[:2]
            romanised = pinyin(Name(given=chars, style="given-only", lang="zh"))
            word = romanised.given or "" if romanised else ""
        else:
            words = [w for w in re.findall(r"[^\W\d_]+", value) if w.lower() not in _STOP]
            word = words[0] if words else ""
    key = "".join(ch for ch in _ascii(family + year + word).lower() if ch.isalnum())
    return key or "entry"


_STOP = frozenset({"a", "an", "the", "on", "of", "in", "and", "for", "to", "with", "at", "by"})


def _ascii(value: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")


class _Keys:
    """Citation keys made unique within one written file: ``key``, ``keyb``, ``keyc``…"""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, wanted: str) -> str:
        key, n = wanted, 1
        while key.lower() in self.used:
            n += 1
            key = f"{wanted}{_suffix(n)}"
        self.used.add(key.lower())
        return key


def _suffix(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _take_keys(keys: _Keys, wanted: str, suffixes: Sequence[str]) -> list[str]:
    """The keys of one record's entries, in the order they are written: its own, one per
    translation (``key-zh-hans``…) and, when there are translations, the set's (``key-set``)."""
    key = keys.take(wanted)
    if not suffixes:
        return [key]
    return [key, *(keys.take(f"{key}-{suffix}") for suffix in [*suffixes, "set"])]


#: An entry's first line as the writer writes it (values never hold a line break: ``escape``
#: turns them into spaces), and the line of a set's members.
_HEADER = re.compile(r"^@(\w+)\{([^,\n]*),$", re.M)
_ENTRYSET = re.compile(r"^  entryset = \{([^}\n]*)\},$", re.M)


def unique_keys(documents: Iterable[str]) -> Iterator[str]:
    """The documents ``write`` gives for one record each (as ``--jobs`` workers write them,
    every one with keys unique only within itself), with their citation keys made unique across
    all of them exactly as one ``write`` call over the same records makes them."""
    keys = _Keys()
    for document in documents:
        found = _HEADER.findall(document)
        if len(found) == 0 or len(found) == 2:  # not one record's entries as write() makes them
            yield document
            continue
        wanted = found[0][1]
        suffixes = [key[len(wanted) + 1 :] for _, key in found[1:-1]]
        taken = _take_keys(keys, wanted, suffixes)
        renamed = {old: new for (_, old), new in zip(found, taken, strict=True) if old != new}
        yield _renamed(document, renamed) if renamed else document


def _renamed(document: str, renamed: dict[str, str]) -> str:
    """``document`` with the keys of its entries, and of its set's members, renamed."""

    def header(match: re.Match[str]) -> str:
        key = match.group(2)
        return f"@{match.group(1)}{{{renamed.get(key, key)},"

    def members(match: re.Match[str]) -> str:
        keys = ",".join(renamed.get(k, k) for k in match.group(1).split(","))
        return f"  entryset = {{{keys}}},"

    return _ENTRYSET.sub(members, _HEADER.sub(header, document))


#: Texts the writer does not write in a translation's own entry: affiliations and journal
