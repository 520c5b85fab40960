"""Shortcuts of the DC reader, each against the formulation it replaces: the statements' languages
(a container's inherited xml:lang looked up once, each spelling's tag remembered) and a line of
text tagged before its one Text is built (it used to be built ``und`` and then retagged)."""

from __future__ import annotations

import importlib
import re
from html.entities import html5
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

import normaliser
from normaliser import vocab, xmlio
from normaliser.formats.dc import reader, values
from normaliser.formats.dc.values import _inline
from normaliser.record import UND, Prose, Text, replaced
from normaliser.sections import structure
from normaliser.text import html_paragraphs, squeeze, strip_illegal

from ..strategies import dc_documents, dc_strings

#: The module (the package exports the writer's ``statements`` function under its name).
statements = importlib.import_module("normaliser.formats.dc.statements")

LANGS = [None, "", " ", "en", "EN", "zh", "zh-CN", "zh-Hans", "eng", "*", "en US", "und", "fr"]


def _container(child_langs: list[str | None], own: str | None, outer: str | None) -> Any:
    def attr(lang: str | None) -> str:
        return "" if lang is None else f' xml:lang="{lang}"'

    children = "".join(
        f"<dc:title{attr(lang)}>t{i}</dc:title>" for i, lang in enumerate(child_langs)
    )
    document = (
        f'<outer{attr(outer)}><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"'
        f' xmlns:dc="http://purl.org/dc/elements/1.1/"{attr(own)}>{children}<!-- c --></oai_dc:dc>'
        "</outer>"
    )
    return xmlio.parse(document.encode())[0]


@given(
    st.lists(st.sampled_from(LANGS), max_size=5),
    st.sampled_from(LANGS),
    st.sampled_from(LANGS),
)
@example(["", None], "zh", "en")
def test_statement_languages_are_each_elements_own_or_inherited(
    child_langs: list[str | None], own: str | None, outer: str | None
) -> None:
    container = _container(child_langs, own, outer)
    found = statements._dc_statements(container)
    children = [c for c in container if xmlio.local(c)]
    expected = [statements._lang_attr.__wrapped__(xmlio.lang_of(c)) for c in children]
    assert [s.lang for s in found] == expected


@given(dc_documents())
def test_statements_of_generated_documents_keep_their_languages(document: Any) -> None:
    root = xmlio.parse(document[0].encode())
    for container in root.iter("{*}dc"):
        found = statements._dc_statements(container)
        children = [c for c in container if xmlio.local(c)]
        assert [s.lang for s in found] == [
            statements._lang_attr.__wrapped__(xmlio.lang_of(c)) for c in children
        ]


def _old_text(reading: reader._Reading, statement: statements.Statement) -> Any:
    found = _inline(statement.value)
    if found is None:
        return None
    lang = reader._explicit_script(statement.lang, found.value) or reader._text_lang(
        found.value, reading.latin, reading.main
    )
    return replaced(found, lang=lang, variant=statements._variant(lang, reading.main))


@given(
    dc_strings()
    | st.sampled_from(["", "a <i>b</i>\n\nc", "R&amp;D &nbsp;x", "<p>一</p><p>二</p>"]),
    st.sampled_from([None, "en", statements._EXPLICIT_ZH, "zh-Hant", "fr"]),
    st.sampled_from([None, "en", "zh", "fr"]),
    st.sampled_from([None, "en", "nl"]),
)
def test_a_text_is_tagged_as_the_text_built_then_retagged(
    value: str, lang: str | None, main: str | None, latin: str | None
) -> None:
    reading = reader._Reading(False, main=main, latin=latin)
    statement = statements.Statement("title", value, lang)
    assert reading.text(statement) == _old_text(reading, statement)


#: Creators as DC sources write them: inverted or direct Latin names, Han names with or without
#: a romanised form in parentheses, particles, bodies, several people in one statement.
_PEOPLE_TEXTS = st.one_of(
    dc_strings(max_words=4),
    st.sampled_from(
        [
            "Souza, Ana Paula de",
            "Jong, G. de",
            "van der Waals, J. D.",
            "P. N. Huamán",
            "ZENG Mingtang",
            "曾明堂 (Zeng, Mingtang)",
            "曾明堂 (Chih-Ming Tseng)",
            "王五; 赵六",
            "李明，陈静",
            "中国科学院地理科学与资源研究所",
            "CMS Collaboration",
            "Universidad de Alicante",
            "Hospital, Ann",
            "United States. Army Map Service.",
            "宮地 元彦",
        ]
    ),
)


@given(
    _PEOPLE_TEXTS,
    st.sampled_from([None, "en", "zh-Hans", "ja", statements._EXPLICIT_ZH]),
    st.sampled_from([None, "en", "zh", "ja", "ru"]),
    st.booleans(),
    st.sampled_from(["creator", "contributor"]),
    st.sampled_from([None, "editor", "advisor", "none", "other"]),
)
def test_a_remembered_person_is_the_person_read_afresh(
    text: str, lang: str | None, declared: str | None, whole: bool, role: str, hint: str | None
) -> None:
    statement = statements.Statement(role, text, lang, hint)
    role = "author" if role == "creator" else "contributor"
    reader._person.cache_clear()
    cold = reader._contributor(statement, role, text, declared, whole)
    warm = reader._contributor(statement, role, text, declared, whole)
    expected_role = hint if role == "contributor" and hint not in (None, "none", "other") else role
    assert (
        cold
        == warm
        == reader.Contributor(
            reader._person.__wrapped__(text, lang, role, declared, whole).names, role=expected_role
        )
    )


@given(dc_documents())
def test_a_document_reads_the_same_with_its_people_remembered(document: Any) -> None:
    def read() -> list[Any]:
        return list(normaliser.read(document[0].encode(), "dc", errors="yield"))

    reader._person.cache_clear()
    cold = read()
    assert read() == cold


_MARKUP_TEXTS = st.one_of(
    dc_strings(),
    st.text(alphabet="ab <>/&;#x12\n \t", max_size=30),
    st.lists(
        st.sampled_from(
            ["a", " ", "\n", "\n \n", "<i>", "</i>", "<br/>", "&amp;", "&nbsp;", "&#8217;", "R&D"]
        ),
        max_size=12,
    ).map("".join),
)


@given(_MARKUP_TEXTS)
@example("P < 0.05 &lt;")
@example("R&D <b")
def test_html_is_told_as_the_pattern_alone_tells_it(value: str) -> None:
    by_pattern = any(
        m.group("ref") is None or m.group("ref").startswith("#") or f"{m.group('ref')};" in html5
        for m in values._HTML.finditer(value)
    )
    assert values.is_html(value) == by_pattern


@given(st.one_of(_MARKUP_TEXTS, st.text(max_size=60)))
@example("  a  b  ")  # printable: one paragraph without the scans, its spaces collapsed
@example("a\u3000b\u00a0c")  # white space that is not printable: squeezed as before
@example("   ")
def test_paragraphs_are_split_as_the_blank_line_pattern_splits_them(value: str) -> None:
    text = strip_illegal(value)[0]
    if values.is_html(text):
        expected = [p for b in re.split(r"\n\s*\n", text) for p in html_paragraphs(b)]
    else:
        expected = [(p, ()) for p in (squeeze(b) for b in re.split(r"\n\s*\n", text)) if p]
    assert values._marked_paragraphs(value) == expected


def _term_by_name(child: Any) -> str | None:
    """A child's term as ``_dc_statements`` told it before ``_term``: by name and namespace."""
    local = xmlio.local(child)
    if not local:
        return None
    ns = statements._namespace(child)
    if ns in (statements.DC_NS, statements.DCTERMS_NS) and local in statements.TERMS:
        return local
    return f"{{{ns}}}{local}" if ns else local


_NAMESPACES = ["", statements.DC_NS, statements.DCTERMS_NS, "urn:other"]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(_NAMESPACES),
            st.sampled_from(["title", "creator", "abstract", "isPartOf", "x", "Title", "dc"]),
        ),
        max_size=6,
    ),
    st.booleans(),
)
def test_a_childs_term_is_told_by_its_tag_as_by_its_names(
    children: list[tuple[str, str]], comment: bool
) -> None:
    body = "".join(f'<{n} xmlns="{ns}">v</{n}>' for ns, n in children)
    body += "<!-- c --><?pi x?>" if comment else ""
    container = xmlio.parse(f"<c>{body}</c>".encode())
    statements._term.cache_clear()
    found = [s.term for s in statements._dc_statements(container)]
    assert found == [t for t in (_term_by_name(c) for c in container) if t is not None]
    assert [statements._term(c.tag) for c in container] == [_term_by_name(c) for c in container]


def _once_in_full(contributors: list[Any], reading: reader._Reading) -> list[Any]:
    """``_once``'s contributors as it kept them before looking for a plain contributor first."""
    authors = {
        k for c in contributors if c.role == "author" for n in c.names for k in reader._keys(n)
    }
    return [
        c
        for c in contributors
        if c.role != "contributor" or not all(reader._keys(n) & authors for n in c.names)
    ]


@given(
    st.lists(
        st.tuples(_PEOPLE_TEXTS, st.sampled_from(["author", "contributor", "editor"])),
        max_size=5,
    )
)
def test_repeated_creators_are_dropped_as_by_the_full_comparison(
    people: list[tuple[str, str]],
) -> None:
    contributors = [
        reader._contributor(statements.Statement("creator", text), role, text)
        for text, role in people
    ]
    reading = reader._Reading(False)
    kept = reader._once(list(contributors), [], reading)
    assert kept == _once_in_full(contributors, reading)


def _structured_abstract(statement: statements.Statement, reading: reader._Reading) -> Any:
    """An abstract as ``_abstract`` read every one before its no-heading shortcut: structured
    (``sections.structure``) while untagged, then tagged on its text."""
    paragraphs = values._marked_paragraphs(statement.value)
    if not paragraphs:
        return None
    found = structure(Prose(tuple(Text(p, UND, "original", m) for p, m in paragraphs)))
    joined = found.text.replace("\n\n", " ")
    lang = reader._explicit_script(statement.lang, joined) or reader._text_lang(
        joined, reading.latin, reading.main
    )
    variant = statements._variant(lang, reading.main)
    return found.with_paragraphs(
        tuple(Text(p.value, lang, variant, p.marks) for p in found.paragraphs)
    )


_HEADINGS = st.sampled_from(
    ["", "Objective: ", "OBJECTIVE. ", "Methods: ", "【目的】", "目的：", "Background:", "Note: "]
)


@given(
    st.lists(st.tuples(_HEADINGS, _MARKUP_TEXTS), min_size=1, max_size=3).map(
        lambda parts: "\n\n".join(h + t for h, t in parts)
    ),
    st.sampled_from([None, "en", statements._EXPLICIT_ZH, "zh-Hant"]),
    st.sampled_from([None, "en", "zh"]),
    st.sampled_from([None, "en", "nl"]),
)
@example("Objective: to test. Methods: a trial.", "en", "en", "en")
@example("一项研究\n\n【目的】分析", None, "zh", None)
def test_an_abstract_reads_as_structured_then_tagged(
    value: str, lang: str | None, main: str | None, latin: str | None
) -> None:
    reading = reader._Reading(False, main=main, latin=latin)
    statement = statements.Statement("description", value, lang)
    assert reader._abstract(statement, reading) == _structured_abstract(statement, reading)


@given(
    dc_strings() | st.sampled_from(["", "a <i>b</i>\n\nc", "<p>一</p><p>二</p>"]),
    st.sampled_from([None, "en", statements._EXPLICIT_ZH, "zh-Hant", "zh-Latn-pinyin"]),
    st.sampled_from([None, "en", "zh"]),
)
def test_a_text_of_a_given_variant_is_the_text_built_then_given_it(
    value: str, lang: str | None, main: str | None
) -> None:
    reading = reader._Reading(False, main=main, latin=None)
    statement = statements.Statement("publisher", value, lang)
    found = reading.text(statement)
    expected = None if found is None else replaced(found, variant="original")
    assert reading.text(statement, variant="original") == expected


@given(st.one_of(_MARKUP_TEXTS, st.text(max_size=300), st.sampled_from(["\x00a\x0b", " a \n b "])))
def test_a_value_is_cleaned_remembered_as_afresh(value: str) -> None:
    values._clean_short.cache_clear()
    afresh = squeeze(strip_illegal(value)[0])
    assert values._clean(value) == afresh
    assert values._clean(value) == afresh


def _inverts_afresh(people: list[statements.Statement]) -> bool:
    """``_inverts`` as it asked each person of each statement, nothing remembered."""
    for statement in people:
        for text in reader._people.__wrapped__(values._clean(statement.value)):
            match = reader._PAREN.match(text)
            head = match.group("head") if match else text
            if "," in head and not reader.has_han(head) and not reader._body(head):
                return True
    return False


@given(st.lists(_PEOPLE_TEXTS, max_size=4))
def test_a_record_inverts_its_names_remembered_as_afresh(texts: list[str]) -> None:
    people = [statements.Statement("creator", text) for text in texts]
    reader._people.cache_clear()
    reader._inverted_person.cache_clear()
    for _ in range(2):  # cold, then remembered
        assert reader._inverts(people) == _inverts_afresh(people)
        assert [reader._people(t) for t in texts] == [reader._people.__wrapped__(t) for t in texts]


@given(st.sampled_from(sorted(vocab.codes("publication-type"))))
def test_a_types_labels_are_its_terms_texts(code: str) -> None:
    reader._type_labels.cache_clear()
    expected = tuple(t.value for t in values._term_texts(reader.Term("publication-type", code)))
    assert reader._type_labels(code) == reader._type_labels(code) == expected


@given(
    st.one_of(_MARKUP_TEXTS, st.text(max_size=250)),
    st.sampled_from([None, "en", statements._EXPLICIT_ZH, "zh-Hant", "zh-Latn-pinyin", "fr"]),
    st.sampled_from([None, "en", "zh", "ja"]),
    st.sampled_from([None, "en", "nl"]),
    st.sampled_from([None, "original", "translation"]),
)
def test_a_line_of_text_remembered_is_the_line_read_afresh(
    value: str, lang: str | None, latin: str | None, main: str | None, variant: str | None
) -> None:
    reading = reader._Reading(False, main=main, latin=latin)
    statement = statements.Statement("subject", value, lang)
    afresh = reader._line.__wrapped__(value, lang, latin, main, variant)
    reader._line.cache_clear()
    assert reading.text(statement, variant=variant) == afresh  # cold
    assert reading.text(statement, variant=variant) == afresh  # remembered


_DATE_VALUES = st.one_of(
    st.sampled_from(
        ["2016-03-21", "2016", "0000-00-00", "9999", "2003-04-22T13:13:44Z", "2020-13-45", "x"]
    ),
    st.text(alphabet="0123456789-/T:Z ", max_size=20),
    st.text(alphabet="0123456789-", min_size=190, max_size=260),  # remembered up to 200
)


@given(_DATE_VALUES)
def test_a_date_remembered_is_the_date_parsed_afresh(value: str) -> None:
    try:
        afresh = normaliser.dates.parse(value, "dc:date")
    except normaliser.errors.InvalidRecord:
        afresh = None
    reader._date.cache_clear()
    assert reader._date(value) == afresh
    assert reader._date(value) == afresh


#: Statements of every term with ASCII values (character references among them) and the
#: language tags that name Chinese in any spelling.
_ASCII_STATEMENTS = st.lists(
    st.builds(
        statements.Statement,
        st.sampled_from(sorted(statements.TERMS)),
        st.one_of(
            dc_strings(han=False),
            st.text(alphabet="ab ,;.()&#;0123456789x", max_size=20),
            st.sampled_from(["&#29579;&#33459;", "Wang, Fang", "zho", "Text", "2020"]),
        ),
        st.sampled_from([None, "en", "zh", "ZH", "zh-CN", "zh-TW", "chi", "zh-Latn-pinyin"]).map(
            lambda tag: statements._lang_attr(tag)
        ),
    ),
    min_size=1,
    max_size=8,
)


@given(_ASCII_STATEMENTS)
@example([statements.Statement("title", "&#29579;&#33459;")])  # 王芳: Han by reference
@example([statements.Statement("creator", "&#29579;&#33459;")])
def test_a_record_of_ascii_statements_has_nothing_to_settle(found: list[Any]) -> None:
    from unittest import mock

    def build() -> Any:
        try:
            return reader._build(found, strict=False)
        except normaliser.errors.InvalidRecord as exc:
            return str(exc)

    quick = build()
    with mock.patch.object(reader, "_latin_only", lambda statements: False):
        assert build() == quick  # settle_scripts asked as before the shortcut


@given(dc_documents())
def test_a_document_reads_the_same_with_its_lines_dates_and_citations_remembered(
    document: Any,
) -> None:
    def read() -> list[Any]:
        return list(normaliser.read(document[0].encode(), "dc", errors="yield"))

    reader._line.cache_clear()
    reader._date.cache_clear()
    reader._citation.cache_clear()
    reader._body.cache_clear()
    cold = read()
    assert read() == cold


_SOURCES = st.one_of(
    dc_strings(),
    st.sampled_from(
        [
            "Nature, vol. 510, pp. 356-362, 2014",
            "刊名, 2018年第37卷第2期, 第94-98页",
            "Rev. Bras.; Vol. 5 No. 2 (2020); 123-130",
            "Journal of Clinical Oncology Research",
            "Breast Cancer Res. 2004;6(2):R17. doi: 10.1186/bcr756",
            "Title (1461023X) vol.4 (2001)",
        ]
    ),
    st.text(alphabet="Ab ,;.():0123456789vol", max_size=40),
)


@given(_SOURCES, st.booleans())
def test_a_citation_remembered_is_the_citation_read_afresh(value: str, journal: bool) -> None:
    if journal:
        afresh = reader.citations.parts_of(value) or reader.citations.Citation(value, {})
    else:
        afresh = reader.citations.parse(value)
    reader._citation.cache_clear()
    assert reader._citation(value, journal) == afresh
    assert reader._citation(value, journal) == afresh


@given(st.sampled_from(sorted(statements.TERMS)) | st.text(max_size=12))
def test_a_statements_meaning_is_its_terms_declared_one(term: str) -> None:
    declared = statements.TERMS[term][1] if term in statements.TERMS else "unknown"
    assert values._meaning(statements.Statement(term, "x")) == declared
    assert (declared in values._FIELD_MEANINGS) == (declared not in ("extra", "format", "unknown"))


_ATTRIBUTES = st.lists(
    st.tuples(
        st.sampled_from([None, "", "en", "zh", "fr"]),
        st.sampled_from([None, "", "dcterms:W3CDTF", "LCSH", "a:b:c"]),
        st.sampled_from([None, 'id="x"', 'xsi:schemaLocation="y"']),
    ),
    max_size=5,
)


@given(_ATTRIBUTES, st.sampled_from([None, "en", "zh"]))
def test_statements_read_each_childs_attributes_as_two_gets_read_them(
    children: list[tuple[str | None, str | None, str | None]], own: str | None
) -> None:
    def attrs(lang: str | None, xsi: str | None, other: str | None) -> str:
        found = [f'xml:lang="{lang}"' if lang is not None else ""]
        found += [f'xsi:type="{xsi}"' if xsi is not None else "", other or ""]
        return " ".join(a for a in found if a)

    body = "".join(f"<dc:subject {attrs(*c)}>s{i}</dc:subject>" for i, c in enumerate(children))
    own_lang = "" if own is None else f' xml:lang="{own}"'
    container = xmlio.parse(
        (
            '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
            ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
            f"{own_lang}>{body}</oai_dc:dc>"
        ).encode()
    )
    expected = []
    for child in container:
        xsi_type = child.get(statements._XSI_TYPE)
        lang = statements._lang_attr(child.get(xmlio.LANG) or xmlio.lang_of(container))
        hint = xsi_type.split(":")[-1] if xsi_type else None
        expected.append((lang, hint))
    assert [(s.lang, s.hint) for s in statements._dc_statements(container)] == expected


@given(_PEOPLE_TEXTS)
def test_a_body_remembered_is_the_body_told_afresh(text: str) -> None:
    afresh = reader._body.__wrapped__(text)
    reader._body.cache_clear()
    assert reader._body(text) == afresh
    assert reader._body(text) == afresh


_ABSTRACTS = st.lists(
    st.builds(
        lambda value, lang: Prose((Text(value, lang),)),
        st.sampled_from(["One.", "Two.", "一项研究"]),
        st.sampled_from(["en", "zh-Hans"]),
    ),
    max_size=4,
)


@given(_ABSTRACTS)
def test_repeated_abstracts_are_read_once_as_by_the_full_comparison(abstracts: list[Any]) -> None:
    full = list(abstracts)
    seen: set[tuple[str, str]] = set()
    repeats = 0
    for abstract in list(full):  # every list compared, one abstract or none included
        key = (abstract.lang, abstract.text)
        if key in seen:
            full.remove(abstract)
            repeats += 1
        seen.add(key)
    found = list(abstracts)
    reading = reader._Reading(False)
    reader._once([], found, reading)
    assert found == full
    assert [n.message for n in reading.notes] == (
        [f"{repeats} repeated abstract(s) read once"] if repeats else []
    )
