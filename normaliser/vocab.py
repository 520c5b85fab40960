"""Controlled vocabularies (CAS categories, publication types, PubModel, access, labels) from the
gettext catalogues in locales/: ``msgctxt`` names the vocabulary, ``msgid`` is the canonical code,
``msgstr`` the label in that locale; ``# alias: A | B`` comments add spellings. They are read
from locales/catalogues.json, compiled from the catalogues by ``normaliser.catalogues`` (with
babel), so that a process does not import babel to name a term.
"""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache

from . import languages, resources

LOCALES = ("en", "zh_Hans", "zh_Hant")
#: BCP 47 tag of each catalogue's labels (its locale read by ``languages``: ``zh_Hans`` →
#: ``zh-Hans``).
LOCALE_TAGS = {locale: languages.parse(locale) or locale for locale in LOCALES}

#: One message of a catalogue: (vocabulary, code, label, aliases).
Entry = tuple[str, str, str, tuple[str, ...]]


def _key(label: str) -> str:
    text = unicodedata.normalize("NFKC", label).casefold()
    return "".join(filter(str.isalnum, text))


def _entries() -> dict[str, list[Entry]]:
    """Each locale's messages in catalogue order, as ``catalogues.entries`` reads them."""
    with open(resources.locales() / "catalogues.json", encoding="utf-8") as fh:
        compiled = json.load(fh)
    return {
        locale: [
            (vocab, code, text, tuple(aliases)) for vocab, code, text, aliases in compiled[locale]
        ]
        for locale in LOCALES
    }


@lru_cache(maxsize=1)
def _catalogues() -> tuple[dict[tuple[str, str, str], str], dict[tuple[str, str], str]]:
    labels: dict[tuple[str, str, str], str] = {}
    index: dict[tuple[str, str], str] = {}
    for locale, entries in _entries().items():
        for vocabulary, code, text, aliases in entries:
            labels[(vocabulary, code, locale)] = text
            for spelling in (text, code, *aliases):
                if spelling:
                    index.setdefault((vocabulary, _key(spelling)), code)
    return labels, index


@lru_cache(maxsize=4096)
def code_for(vocabulary: str, label: str) -> str | None:
    """The code of ``label`` in any locale (医学, 醫學, Medicine → ``medicine``), or None."""
    return _catalogues()[1].get((vocabulary, _key(label)))


def label(vocabulary: str, code: str, locale: str = "en") -> str | None:
    """The label of ``code`` in ``locale`` (en, zh_Hans, zh_Hant), or None for an unknown code."""
    return _catalogues()[0].get((vocabulary, code, locale))


def labels(vocabulary: str, code: str) -> dict[str, str]:
    """Every locale's label of ``code``, keyed by BCP 47 tag (en, zh-Hans, zh-Hant)."""
    out = {}
    for locale in LOCALES:
        text = label(vocabulary, code, locale)
        if text:
            out[LOCALE_TAGS[locale]] = text
    return out


def codes(vocabulary: str) -> list[str]:
    """Every code of ``vocabulary`` in catalogue order."""
    seen: dict[str, None] = {}
    for vocab, code, _locale in _catalogues()[0]:
        if vocab == vocabulary:
            seen.setdefault(code, None)
    return list(seen)
