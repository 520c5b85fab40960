"""Controlled vocabularies (CAS categories, publication types, PubModel, access, labels) read from
the gettext catalogues in locales/ with babel: ``msgctxt`` names the vocabulary, ``msgid`` is the
canonical code, ``msgstr`` the label in that locale; ``# alias: A | B`` comments add spellings.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from . import languages, resources

LOCALES = ("en", "zh_Hans", "zh_Hant")
#: BCP 47 tag of each catalogue's labels (its locale read by ``languages``: ``zh_Hans`` →
#: ``zh-Hans``).
LOCALE_TAGS = {locale: languages.parse(locale) or locale for locale in LOCALES}


def _key(label: str) -> str:
    text = unicodedata.normalize("NFKC", label).casefold()
    return "".join(filter(str.isalnum, text))


@lru_cache(maxsize=1)
def _catalogues() -> tuple[dict[tuple[str, str, str], str], dict[tuple[str, str], str]]:
    from babel.messages.pofile import read_po

    labels: dict[tuple[str, str, str], str] = {}
    index: dict[tuple[str, str], str] = {}
    for locale in LOCALES:
        path = resources.locales() / locale / "LC_MESSAGES" / "normaliser.po"
        with open(path, "rb") as fh:
            catalogue = read_po(fh, locale=locale)
        for message in catalogue:
            if not message.id or not message.context:
                continue
            code, vocabulary = str(message.id), str(message.context)
            labels[(vocabulary, code, locale)] = str(message.string)
            spellings = [str(message.string), code]
            for comment in message.user_comments:
                if comment.strip().startswith("alias:"):
                    spellings.extend(a.strip() for a in comment.split(":", 1)[1].split("|"))
            for spelling in spellings:
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
