"""Writing Dublin Core: a Record as statements (``statements``), written as simple DC in the
OAI-DC container or as qualified dcterms (``profile="qdc"``), validated against their schemas.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from itertools import count
from typing import IO, Any

from ... import dates, languages, resources, vocab, xmlio
from ...errors import InvalidRecord, NormaliserError, UsageError
from ...identifiers import same_doi
from ...names import parse_name, same_person
from ...record import UND, Contributor, Dated, Identifier, Journal, Name, PartialDate, Record, Text
from ...sections import written
from ...sniffs import COLLECTION_NS, DC_NS, DCTERMS_NS, OAI_DC_NS, QDC_NS
from ...text import has_han, strip_illegal
from . import citations
from .declarations import _ACCESS, _EU_REPO, _EU_TYPES, DCMI_TYPES, PROFILES, TERMS
from .statements import Statement, _primary
from .values import (
    _ID_INFO,
    _ID_URLS,
    DATE_ORDER,
    _as_text,
    _history_terms,
    _inline,
    _inverted,
    _issn,
    _issn_form,
    _meaning,
    _term_texts,
    citation_parts,
    cited_fields,
)

_OAI_DC_LOCATION = f"{OAI_DC_NS} http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
_QDC_LOCATION = (
    f"{DC_NS} http://dublincore.org/schemas/xmls/qdc/2008/02/11/dc.xsd "
    f"{DCTERMS_NS} http://dublincore.org/schemas/xmls/qdc/2008/02/11/dcterms.xsd "
    f"{QDC_NS} http://www.ukoln.ac.uk/metadata/dcmi/xmlschema/qualifieddc.xsd"
)
_SCHEMAS = {"dc": "oai_dc.xsd", "qdc": "qdc.xsd", "collection": "collection.xsd"}

# --- Writing: Record → statements ------------------------------------------------------------


def _form(name: Name) -> str:
    """One name as a dc:creator writes it (``_inverted``); a Han name whose family name the
    reader would not find in the run of characters (Japanese ``宮地元彦``: 宮 is a Chinese
    family name) has a space between family and given name (``宮地 元彦``), which it reads."""
    text = _inverted(name)
    if name.style == "eastern" and name.family and name.given and has_han(text):
        found = parse_name(text, japanese=name.lang.split("-", 1)[0] == "ja")
        if (found.family, found.given) != (name.family, name.given):
            return f"{name.family} {name.given}"
    return text


def creator(contributor: Contributor) -> tuple[str, str | None]:
    """One person as one dc:creator and its xml:lang: the Han-character form when there is one,
    else the first name; the person's other forms follow it in parentheses."""
    forms = [_form(n) for n in contributor.names]
    first = next((i for i, f in enumerate(forms) if has_han(f)), 0)
    # By position: two equal names may be one object (names are parsed through a cache).
    text, main = forms[first], contributor.names[first]
    others = [f for i, f in enumerate(forms) if i != first]
    if others:
        text += f" ({'; '.join(others)})"
    return text, main.lang if main.lang != UND else None


def creators(contributor: Contributor) -> list[tuple[str, str | None]]:
    """One person as the dc:creator statements that say it: one (``creator``), or two when the
    person's Latin form is tagged a language of its own (``Wang, Ruoxi`` in ``en`` beside
    王若曦 in ``zh-Hans``, a JATS name-alternatives): the Han form, then the Latin form with its
    xml:lang, as OJS 3.4 gives one dc:creator per author and locale; the reader joins them back
    into one person. In parentheses the Latin form would come back without its tag, read as
    the Han name's romanisation."""
    if len(contributor.names) == 2:
        han, latin = contributor.names
        if (
            han.lang != UND
            and has_han(_form(han))
            and not has_han(_form(latin))
            and latin.lang != UND
            and latin.variant != "transliteration"
            and _primary(latin.lang) != _primary(han.lang)
            and same_person(parse_name(_form(han)), parse_name(_form(latin)))  # as read back
        ):
            return [(_form(han), han.lang), (_form(latin), latin.lang)]
    return [creator(contributor)]


def _cas_codes(record: Record) -> list[str]:
    """The CAS categories the catalogues have labels for: of the zones, then of the subjects."""
    terms = [m.category for m in record.metrics if m.name == "cas-zone" and m.category]
    terms += record.subjects
    return list(
        dict.fromkeys(
            t.code
            for t in terms
            if t.vocabulary == "cas-category" and t.code and vocab.labels(t.vocabulary, t.code)
        )
    )


def _extra_statements(record: Record) -> list[Statement]:
    """The DC statements kept verbatim in extras, as DC terms (what ``_Reading.extra`` kept).
    A source's own form of a field whose value the record no longer has (an ISSN replaced) is
    not written: the field's own form is."""
    out: list[Statement] = []
    for key, values in record.extras.items():
        prefix, _, term = key.partition(":")
        if prefix not in ("dc", "dcterms") or term not in TERMS or not isinstance(values, list):
            continue
        issns = record.journal.identifiers if record.journal else ()
        for entry in values:
            if isinstance(entry, dict) and isinstance(entry.get("value"), str):
                if entry.get("of") == "citation":
                    continue  # written in the citation's place while it still holds
                if entry.get("of") == "issn" and not any(
                    _same_issn(i)(entry["value"]) for i in issns
                ):
                    continue
                lang = entry.get("lang")
                out.append(Statement(term, entry["value"], lang if isinstance(lang, str) else None))
    return out


def _as_written(record: Record) -> dict[str, list[str]]:
    """The values the source wrote for a record field in a valid form of its own, by field
    (``published``, ``language``, ``publication-type``: what ``_Reading.extra`` kept ``of``)."""
    out: dict[str, list[str]] = {}
    for values in record.extras.values():
        if not isinstance(values, list):
            continue
        for entry in values:
            if isinstance(entry, dict) and isinstance(entry.get("of"), str):
                value = entry.get("value")
                if isinstance(value, str):
                    out.setdefault(entry["of"], []).append(value)
    return out


def _said_as_written(record: Record, of: str, same: Callable[[str], bool]) -> bool:
    """Whether the source's own form of a field is kept and still says what the record does."""
    return any(same(value) for value in _as_written(record).get(of, ()))


def _same_date(date: PartialDate, end: PartialDate | None = None) -> Callable[[str], bool]:
    def same(value: str) -> bool:
        if end is not None:
            return dates.parse_range(value) == (date, end)
        try:
            parsed = dates.parse(value)
        except InvalidRecord:
            return False
        return parsed is not None and parsed.date == date

    return same


def _dated(record: Record, kinds: tuple[str, ...]) -> Dated | None:
    """The first date of ``kinds`` the record has, with its range's end."""
    return next((d for kind in kinds for d in record.dates if d.kind == kind), None)


def _w3cdtf(dated: Dated) -> str:
    """A date in W3CDTF; a range as an ISO 8601 interval (``1943/1944``); a year with an
    issue's season after it (``2018 May-Aug``: no W3CDTF date, but what the issue says)."""
    if dated.season and dated.end is None and dated.date.month is None:
        return dates.written(dated.date, dated.season)
    return dated.date.iso() + (f"/{dated.end.iso()}" if dated.end else "")


def _same_issn(identifier: Identifier) -> Callable[[str], bool]:
    def same(value: str) -> bool:
        try:
            return _issn(value) == identifier
        except InvalidRecord:
            return False

    return same


def _w3cdtf_hint(dated: Dated) -> str | None:
    """The xsi:type of a written date: W3CDTF, but for a range or a season."""
    return None if dated.end or (dated.season and dated.date.month is None) else "W3CDTF"


def _same_language(tag: str) -> Callable[[str], bool]:
    return lambda value: _primary(languages.parse(value)) == _primary(tag)


def _same_type(code: str | None) -> Callable[[str], bool]:
    return lambda value: code is not None and vocab.code_for("publication-type", value) == code


def statements(
    record: Record,
    *,
    qualified: bool = False,
    language_codes: str = "iso639-3",
    info_uris: bool = False,
) -> list[Statement]:
    """The DC statements that describe ``record``, in the order they are written."""
    out: list[Statement] = []

    def add(term: str, value: str, lang: str | None = None, hint: str | None = None) -> None:
        value = strip_illegal(value)[0]  # the readers removed these already; never write one
        if value.strip():
            out.append(Statement(term, value, lang, hint))

    extras = _extra_statements(record)
    main = record.title
    for title in record.titles:
        other_original = title.variant == "original" and title is not main
        add(
            "alternative" if qualified and other_original else "title",
            _as_text(title.value),
            title.lang,
        )
    for contributor in record.contributors:
        for text, lang in creators(contributor):
            add("creator" if contributor.role == "author" else "contributor", text, lang)
    cas = _cas_codes(record)
    for code in cas:
        for tag, name in vocab.labels("cas-category", code).items():
            add("subject", name, tag)
    for keyword in record.keywords:
        add("subject", _as_text(keyword.value), keyword.lang)
    for subject in record.subjects:
        if subject.vocabulary == "clc" and subject.code:
            add("subject", subject.code)  # a code is in no language; read back by its form
        elif subject.vocabulary != "cas-category" or subject.code not in cas:
            for label in _term_texts(subject):
                # A label already said ("Medicine": CAS category and field of study) is not
                # said twice.
                if Statement("subject", label.value, label.lang) not in out:
                    add("subject", label.value, label.lang)
    for abstract in record.abstracts:
        add("abstract", _as_text("\n\n".join(p.value for p in written(abstract))), abstract.lang)
    journal = record.journal or Journal()
    for publisher in journal.publishers:
        add("publisher", _as_text(publisher.value), publisher.lang)
    if record.publisher is not None:
        for publisher in record.publisher.names:
            add("publisher", publisher.value, publisher.lang)
    elif record.degree is not None:  # a thesis's publisher is the institution granting it
        for grantor in record.degree.grantors:
            add("publisher", grantor.value, grantor.lang)
    dated = _dated(record, DATE_ORDER)
    if dated is not None and not _said_as_written(
        record, "published", _same_date(dated.date, dated.end)
    ):
        add("issued", _w3cdtf(dated), hint=_w3cdtf_hint(dated))
    if qualified:
        for kind, refinement in _history_terms():
            history = _dated(record, (kind,))
            if history is not None and not _said_as_written(
                record, kind, _same_date(history.date, history.end)
            ):
                add(refinement, _w3cdtf(history), hint=_w3cdtf_hint(history))

    if record.page_count:  # dcterms:extent (simple DC: dc:format)
        add("extent", f"{record.page_count} pages")
    codes = [t.code for t in record.publication_types if t.code]
    for eu in dict.fromkeys(w for c in codes if (w := _EU_TYPES.write(c))):
        add("type", _EU_REPO + eu)
    if not any(s.term == "type" and s.value in DCMI_TYPES for s in extras):
        # Every record here is a text, but a dataset.
        add("type", "Dataset" if codes and set(codes) == {"dataset"} else "Text", hint="DCMIType")
    for term in record.publication_types:
        if _said_as_written(record, "publication-type", _same_type(term.code)):
            continue  # the source's own label (Article) is written as it came
        for label in _term_texts(term):
            add("type", label.value, label.lang)

    for identifier in record.identifiers:
        for template in (
            _ID_URLS.get(identifier.scheme),
            _ID_INFO.get(identifier.scheme) if info_uris else None,
        ):
            if template:
                add("identifier", template.format(identifier.value), hint="URI")
        if identifier.scheme not in _ID_URLS:
            value = (
                identifier.value
                if identifier.scheme in ("other", "standard-number")  # read back by its form
                else f"{identifier.scheme}:{identifier.value}"
            )
            add("identifier", value)
    for link in record.links:
        if link.kind == "landing":
            add("identifier", link.url, hint="URI")

    parts = citation_parts(record)
    issns = [
        form
        for i in journal.identifiers
        if (form := _issn_form(i)) and not _said_as_written(record, "issn", _same_issn(i))
    ]
    titles: list[Text | None] = list(journal.titles)
    if not titles and (
        record.volume or record.issue or record.fpage or record.page_range or record.elocation_id
    ):
        titles = [None]
    cited = _citations(record, titles, parts)
    if qualified:
        for title in journal.titles:
            add("isPartOf", title.value, title.lang)
        for issn in issns:
            add("isPartOf", issn)
        # isPartOf names the journal: a citation of the title alone would say it twice.
        for text, lang in cited if len(parts) > 0 else ():
            add("bibliographicCitation", text, lang)
    else:
        for text, lang in cited:
            add("source", text, lang)
        for issn in issns:
            add("source", issn)

    if record.language and not _said_as_written(
        record, "language", _same_language(record.language)
    ):
        code = languages.spell(record.language, language_codes)
        add("language", code, hint="ISO639-3" if re.fullmatch(r"[a-z]{3}", code) else "RFC5646")
    for link in record.links:
        if link.kind != "landing":
            add("relation", link.url, hint="URI")
    if record.conference is not None:  # the meeting a paper was given at: one per language
        conference = record.conference
        for meeting in conference.names:
            place = next((t for t in conference.places if t.lang == meeting.lang), None)
            pieces = [meeting.value, place.value if place else ""]
            pieces.append(conference.date.iso() if conference.date else "")
            add("relation", ", ".join(part for part in pieces if part), meeting.lang)
    # The flag as the record holds it, also false beside an open-access PDF (OpenAlex's
    # isOpenAccess false with its PDF: the conflict is the record's note; the link is written).
    if record.open_access is not None:
        code = "open-access" if record.open_access else "closed-access"
        stated = [s for s in extras if _meaning(s) == "rights" and _access_of(s.value) is not None]
        if not any(_access_of(s.value) == record.open_access for s in stated):
            add("accessRights", _ACCESS.write(code) or code)
    if record.license:
        url = record.license.lower().startswith(("http://", "https://"))
        add("license", record.license, hint="URI" if url else None)
    # A value kept verbatim that the record's own fields already state is not said twice.
    said = {(s.term, s.value, s.lang) for s in out}
    out.extend(s for s in extras if (s.term, s.value, s.lang) not in said)
    return out


def _citations(
    record: Record, titles: list[Text | None], parts: dict[str, str]
) -> list[tuple[str, str | None]]:
    """The citation of each journal title (None: a citation without one) and its xml:lang: the
    source's own (kept ``of`` citation, with the xml:lang it came with) while it names the title
    and says what the record does, else the writer's form from ``parts``."""
    kept = [(value, lang, citations.parse(value)) for value, lang in _kept(record, "citation")]
    out: list[tuple[str, str | None]] = []
    for title in titles:
        own: tuple[str, str | None] | None = None
        for exact in (True, False):  # the same tag first (es-ES, en-US of one title), then any
            found = next(
                (
                    i
                    for i, (_, lang, cited) in enumerate(kept)
                    if _names(cited, title, lang, exact) and _says(cited, record, parts)
                ),
                None,
            )
            if found is not None:
                value, lang, _ = kept.pop(found)
                own = (value, lang)
                break
        if own is None:
            own = (
                citations.write(title.value if title else None, parts),
                title.lang if title else None,
            )
        out.append(own)
    return out


def _kept(record: Record, of: str) -> list[tuple[str, str | None]]:
    """The source's own forms of a field ``of`` (``_Reading.extra``), with their xml:lang."""
    out = []
    for key, values in record.extras.items():
        if not key.startswith(("dc:", "dcterms:")) or not isinstance(values, list):
            continue
        for entry in values:
            if isinstance(entry, dict) and entry.get("of") == of:
                value, lang = entry.get("value"), entry.get("lang")
                if isinstance(value, str):
                    out.append((value, lang if isinstance(lang, str) else None))
    return out


def _names(cited: citations.Citation, title: Text | None, lang: str | None, exact: bool) -> bool:
    """Whether a citation read names ``title`` (a citation without a title: none), in its
    language (``exact``: the very tag; else any tag of the language, or none)."""
    if title is None or cited.title is None:
        return title is None and cited.title is None
    read = _inline(cited.title)
    if read is None or read.value != title.value:
        return False
    if exact:
        return lang == title.lang
    return lang is None or _primary(lang) == _primary(title.lang)


def _says(cited: citations.Citation, record: Record, parts: dict[str, str]) -> bool:
    """Whether a citation read says what the record does: the volume, issue, pages and article
    number the reader would take from it are the record's, and so are its year (the issue's),
    ISSN and DOI when it gives them."""
    fields, _ = cited_fields(cited.parts)
    if any(fields[name] != getattr(record, name) for name in fields):
        return False
    if "year" in cited.parts and cited.parts["year"] != parts.get("year"):
        return False
    issns = [i.value for i in record.journal.identifiers] if record.journal else []
    if "issn" in cited.parts and cited.parts["issn"] not in issns:
        return False
    dois = [i.value for i in record.identifiers if i.scheme == "doi"]
    return "doi" not in cited.parts or any(same_doi(cited.parts["doi"], d) for d in dois)


def _access_of(value: str) -> bool | None:
    code = _ACCESS.read(value.strip()) or vocab.code_for("access", value)
    return None if code is None else code == "open-access"


# --- Writing: documents ----------------------------------------------------------------------


#: The element each term is written as: simple DC's DCMES element (None: it has none), and
#: qualified DC's own dcterms element; a term the source named itself is qualified by name.
_SIMPLE_TAGS = {t: None if e is None else f"{{{DC_NS}}}{e}" for t, (e, _) in TERMS.items()}
_QUALIFIED_TAGS = {t: f"{{{DCTERMS_NS}}}{t}" for t in TERMS}
_XSI_TYPE = f"{{{xmlio.XSI_NS}}}type"


def _document(record: Record, profile: str, language_codes: str, info_uris: bool) -> xmlio.Element:
    qualified = profile == "qdc"
    items = statements(
        record, qualified=qualified, language_codes=language_codes, info_uris=info_uris
    )
    if qualified:
        root = xmlio.new(
            f"{{{QDC_NS}}}qualifieddc",
            nsmap={"qdc": QDC_NS, "dc": DC_NS, "dcterms": DCTERMS_NS, "xsi": xmlio.XSI_NS},
        )
        root.set(f"{{{xmlio.XSI_NS}}}schemaLocation", _QDC_LOCATION)
    else:
        root = xmlio.new(
            f"{{{OAI_DC_NS}}}dc", nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": xmlio.XSI_NS}
        )
        root.set(f"{{{xmlio.XSI_NS}}}schemaLocation", _OAI_DC_LOCATION)
    for item in items:
        attrib: dict[str, str] = {}
        if qualified:
            tag = _QUALIFIED_TAGS.get(item.term) or f"{{{DCTERMS_NS}}}{item.term}"
            if item.hint:
                attrib[_XSI_TYPE] = f"dcterms:{item.hint}"
        else:
            simple = _SIMPLE_TAGS[item.term]
            if simple is None:
                continue  # a dcterms property simple DC has no element for
            tag = simple
        if item.lang:
            attrib[xmlio.LANG] = item.lang
        xmlio.sub(root, tag, item.value, attrib)
    return root


def _validator(name: str) -> Any:
    return xmlio.xsd(str(resources.schema(_SCHEMAS[name])))


def write(
    records: Iterable[Record],
    out: IO[str],
    *,
    profile: str = "dc",
    language_codes: str = "iso639-3",
    info_uris: bool = False,
    validate: bool = True,
    on_error: Callable[[Record, NormaliserError], None] | None = None,
    **options: Any,
) -> None:
    """Write one record as a bare ``oai_dc:dc`` (``qdc:qualifieddc`` with ``profile="qdc"``)
    document; several as one ``<records xmlns="urn:normaliser:collection">`` document holding
    them, streamed record by record.

    ``language_codes`` is ``iso639-3`` (``eng``) or ``bcp47`` (``en``) for dc:language;
    ``info_uris`` adds ``info:doi/…`` and ``info:pmid/…`` identifiers. Every document is validated
    against the project's local XSD unless ``validate=False``. Raises ``UsageError`` for an
    unknown option value and ``InvalidOutput`` when a document fails its schema.
    """
    if profile == "oai_dc":
        profile = "dc"
    if profile not in PROFILES:
        raise UsageError(f"unknown Dublin Core profile {profile!r} (dc, qdc)")
    if language_codes not in ("iso639-3", "bcp47"):
        raise UsageError(f"language_codes must be 'iso639-3' or 'bcp47', not {language_codes!r}")

    numbers = count(1)

    def build(record: Record) -> xmlio.Element:
        number = next(numbers)
        root = _document(record, profile, language_codes, info_uris)
        if validate:
            xmlio.validated(root, _validator(profile), f"{profile} record {number}")
        return root

    # A collection is streamed record by record: each was validated on its own.
    xmlio.write_documents(
        records,
        build,
        out,
        wrapper="records",
        wrapper_attributes=f'xmlns="{COLLECTION_NS}"',
        on_error=on_error,
    )
