"""Statements: a record's flat list of (DCMI term, value, language), as read from an oai_dc,
qualified DC or DSpace ``dublin_core.xml`` container, with the xml:lang rules that decide a
text's language and variant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ... import languages, xmlio
from ...record import UND, Record, rebuild, replaced
from ...sniffs import DC_NS, DCTERMS_NS
from ...text import detect_lang, has_han, squeeze
from .declarations import _ELEMENTS, _TERM_OF, TERMS

# --- Languages --------------------------------------------------------------------------------

#: Languages not written in the Latin script: a Latin-script tag for them is a transliteration,
#: and untagged Latin text in a record in one of them is not in that language.
_NON_LATIN = frozenset(
    {"zh", "ja", "ko", "ru", "uk", "bg", "el", "ar", "fa", "he", "hi", "th", "bo", "mn", "ug"}
)
#: What xml:lang accepts (xs:language): the writer never meets a tag its schema refuses.
_XML_LANG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")


def _primary(tag: str | None) -> str | None:
    if not tag:
        return None
    primary = tag.split("-", 1)[0].lower()
    return None if primary == UND else primary


def _transliterated(tag: str) -> bool:
    """``zh-Latn-pinyin``, ``ja-Latn``: a non-Latin language written in Latin letters."""
    primary, *rest = tag.split("-")
    return primary.lower() in _NON_LATIN and any(s.lower() == "latn" for s in rest)


def _variant(tag: str, main: str | None) -> str:
    """The variant of a text by its tag against the record's language (DOMAIN §2): the record's
    own language is the original, another a translation; ``und`` cannot be a translation."""
    if _transliterated(tag):
        return "transliteration"
    primary = _primary(tag)
    if main is None or primary is None or primary == main:
        return "original"
    return "translation"


# --- Statements ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Statement:
    """One value of a DC record: its DCMI term (a key of ``TERMS``, or the source's own name for
    what DC has no term for), its text and xml:lang; ``hint`` is what the source says the value
    is (a DSpace qualifier, an xsi:type) and, written, the xsi:type of qualified DC."""

    term: str
    value: str
    lang: str | None = None
    hint: str | None = None


def _namespace(element: xmlio.Element) -> str:
    tag = element.tag
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


#: A source's own ``xml:lang="zh"`` while a record is read: ``settle_scripts`` gives the record's
#: script to Chinese the reader could only tag ``zh``, never to what the source itself tagged.
_EXPLICIT_ZH = "zh-x-explicit"


@lru_cache(maxsize=1024)  # a pure function of the spelling; records repeat a few
def _lang_attr(value: str | None) -> str | None:
    """An ``xml:lang`` (or DSpace ``language``) value as the tag the record uses."""
    if value is None:
        return None
    value = value.strip()
    if not value or value == "*":
        return None
    tag = languages.parse(value) or value
    if not _XML_LANG.fullmatch(tag):
        return None  # not a language tag (xml:lang="en US"): the script decides instead
    if tag == "zh":
        return _EXPLICIT_ZH
    if _primary(tag) == "zh" and _XML_LANG.fullmatch(value) and languages.zh_region(value):
        # A region's tag (zh-TW, zh-Hant-HK) is kept as written, in BCP 47's case: the script
        # is the region's (``languages.chinese_script``), and JATS keeps it so too.
        return languages.case_tag(value)
    return tag


def _public(tag: str | None) -> str | None:
    return "zh" if tag == _EXPLICIT_ZH else tag


def _untag(record: Record) -> Record:
    """``record`` with every explicit-zh marker back to ``zh`` (what is unchanged kept as it is)."""
    return rebuild(record, _untagged, name=_untagged)


def _untagged(node: Any) -> Any:
    return replaced(node, lang="zh") if node.lang == _EXPLICIT_ZH else node


def _dc_statements(container: xmlio.Element) -> list[Statement]:
    """The statements of an ``oai_dc:dc``, ``qdc:qualifieddc`` or any container of dc/dcterms
    elements, in document order; elements of other namespaces keep their Clark name."""
    out: list[Statement] = []
    inherited = xmlio.lang_of(container)  # a child's xml:lang, else this (``lang_of``)
    for child in container:
        term = _term(child.tag)
        if term is None:
            continue
        lang, hint = inherited, None
        if child.attrib:  # most children have none; the others one or two, read in one call
            for name, attribute in child.items():
                if name == _LANG:
                    lang = attribute or inherited
                elif name == _XSI_TYPE:
                    hint = attribute.split(":")[-1] if attribute else None
        # A leaf holds only its text (``xmlio.text_of``'s own first answer), without the call.
        value = xmlio.text_of(child) if len(child) else child.text or ""
        out.append(Statement(term, value, _lang_attr(lang), hint))
    return out


_XSI_TYPE = f"{{{xmlio.XSI_NS}}}type"
_LANG = xmlio.LANG


@lru_cache(maxsize=1024)  # a pure function of the tag: a document uses a few dozen
def _term(tag: object) -> str | None:
    """The term an element of ``tag`` states: its DCMI term when it is a dc or dcterms one,
    else its Clark name; None for no element (a comment, a processing instruction, an entity
    reference: ``xmlio.local`` is empty)."""
    if not isinstance(tag, str):
        return None
    local = tag.rsplit("}", 1)[-1]
    if not local:
        return None
    ns = tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
    if ns in (DC_NS, DCTERMS_NS) and local in TERMS:
        return local
    return f"{{{ns}}}{local}" if ns else local


#: DSpace (element, qualifier) pairs whose meaning differs from the DCMI refinement of that name.
_DSPACE: dict[tuple[str, str], str | None] = {
    ("contributor", "author"): "creator",
    ("identifier", "citation"): "bibliographicCitation",
    ("rights", "uri"): "license",
    ("rights", "license"): "license",
    ("language", "iso"): "language",
    ("date", "submitted"): "dateSubmitted",
    ("date", "accepted"): "dateAccepted",
    # DSpace's own timestamps of deposit, not dates of the work.
    ("date", "accessioned"): None,
    ("date", "available"): None,
}
#: Elements whose every qualifier is a kind of the element (the qualifier goes into ``hint``).
_DSPACE_ANY_QUALIFIER = frozenset({"contributor", "identifier", "subject", "type", "language"})


def _dspace_term(schema: str, element: str, qualifier: str | None) -> str | None:
    """The DCMI term of a DSpace metadata field, or None when it has none."""
    if schema == "dcterms":
        return _TERM_OF.get(element.lower()) if not qualifier else None
    if schema != "dc":
        return None
    element = element.lower()
    if not qualifier:
        return element if element in _ELEMENTS else None
    qualifier = qualifier.lower()
    if (element, qualifier) in _DSPACE:
        return _DSPACE[(element, qualifier)]
    refined = _TERM_OF.get(qualifier)
    if refined and TERMS[refined][0] == element:
        return refined
    return element if element in _DSPACE_ANY_QUALIFIER else None


def _dspace_locale(value: str) -> str | None:
    """A DSpace locale (``en_US``, ``zh_CN``) as a language tag: DSpace writes language_COUNTRY
    by default whatever the text, so only the language is kept (and, for Chinese, the script
    the country implies). None for no locale."""
    value = value.strip()
    if not value or value == "*":
        return None
    tag = languages.parse(value) or value
    if "_" not in value:
        return tag
    primary, *rest = tag.split("-")
    return "-".join([primary, *(s for s in rest if len(s) == 4)])


def _dspace_statements(container: xmlio.Element) -> list[Statement]:
    """The statements of a DSpace Simple Archive Format ``dublin_core`` file."""
    schema = (container.get("schema") or "dc").strip().lower()
    out: list[Statement] = []
    for child in container:
        if xmlio.local(child) != "dcvalue":
            continue
        element = (child.get("element") or "").strip()
        qualifier = (child.get("qualifier") or "").strip()
        if qualifier.lower() == "none":
            qualifier = ""
        value = xmlio.text_of(child)
        term = _dspace_term(schema, element, qualifier or None)
        if term is None:
            name = ".".join(p for p in (schema, element, qualifier) if p)
            term = f"dspace:{name}"
        locale = _dspace_locale(child.get("language") or "")
        lang = _EXPLICIT_ZH if locale == "zh" else locale
        if element.lower() in ("contributor", "creator"):
            lang = None  # the locale stamp says nothing about how a name is written
        elif lang and _primary(lang) not in _NON_LATIN and has_han(value):
            # DSpace stamps its default locale (en_US) on every value: Han text is not English.
            lang = detect_lang(squeeze(value))[0]
        if element.lower() == "language":
            value = _dspace_locale(value) or value
        hint = qualifier.lower() or None
        out.append(Statement(term, value, lang, hint))
    return out
