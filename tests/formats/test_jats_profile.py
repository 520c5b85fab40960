"""schemas/jats-output.xsd, the JATS output profile: the validator of last resort when the
official DTDs are not installed. It accepts everything the writer writes, and refuses what the
official DTD refuses on the elements the writer uses (and more: what the writer never writes)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

import normaliser
from normaliser import resources, xmlio
from normaliser.errors import InvalidOutput, InvalidRecord
from normaliser.formats import jats
from normaliser.record import (
    NAME_STYLES,
    VARIANTS,
    Contributor,
    Dated,
    Identifier,
    Journal,
    Link,
    Mark,
    Metric,
    Name,
    PartialDate,
    Prose,
    Record,
    Term,
    Text,
    with_subtitle,
)

from ..conftest import SAMPLES
from ..strategies import records

VERSIONS = ("1.3", "1.4")
SAMPLE_FILES = sorted(SAMPLES.glob("*/aggregator.*"))
XS = "{http://www.w3.org/2001/XMLSchema}"
NS = {"ali": jats.ALI_NS, "xlink": xmlio.XLINK_NS}
LANG = xmlio.LANG
HREF = f"{{{xmlio.XLINK_NS}}}href"


def profile() -> Any:
    return xmlio.xsd(str(resources.schema("jats-output.xsd")))


def official(version: str, tagset: str = "archiving") -> Any:
    dtd = jats.official_dtd(version, tagset)
    assert dtd is not None, "the official JATS DTDs are not installed"
    return dtd


def alone(element: Any) -> Any:
    """``element`` re-parsed as the root of its own document (a member of ``<articles>``
    would otherwise be validated with its wrapper's namespace declarations)."""
    return etree.fromstring(etree.tostring(element))


def assert_valid_both(article: Any, version: str, tagset: str = "archiving") -> None:
    assert xmlio.validate(article, official(version, tagset)) == [], xmlio.to_string(article)
    assert xmlio.validate(article, profile()) == [], xmlio.to_string(article)


# --- The schema --------------------------------------------------------------------------------


def test_the_profile_and_its_imports_compile() -> None:
    folder = resources.schema("jats-output.xsd").parent
    for name in ("jats-output.xsd", "xml.xsd", "xlink.xsd", "ali.xsd"):
        assert (folder / name).is_file()
    assert profile() is not None
    assert jats.dtd._profile() is not None


def _enumeration(name: str) -> set[str]:
    tree = etree.parse(str(resources.schema("jats-output.xsd")))
    [simple] = tree.getroot().findall(f"{XS}simpleType[@name='{name}']")
    return {e.get("value") for e in simple.iter(f"{XS}enumeration")}


@pytest.mark.parametrize(
    ("type_name", "values"),
    [
        ("pubIdType", jats.declarations._ID_TYPES | {"custom", *jats.declarations._PMC_ID_TYPES}),
        ("nameStyle", set(NAME_STYLES)),
        ("langVariant", set(VARIANTS)),
        ("dtdVersion", {v for v, _ in jats.DOCTYPES}),
    ],
)
def test_enumerations_follow_the_writer(type_name: str, values: set[str]) -> None:
    """A value the writer gains must be added to the profile, and the other way round."""
    assert _enumeration(type_name) == values


# --- Everything the writer writes is valid against both ---------------------------------------


@pytest.mark.slow
@given(record=records(), version=st.sampled_from(VERSIONS))
def test_written_articles_are_valid_against_dtd_and_profile(
    record: Record, version: str, jats_dtds: Path
) -> None:
    assert_valid_both(jats.to_element(record, version=version), version)


@pytest.mark.parametrize("source", SAMPLE_FILES, ids=lambda p: p.parent.name)
@pytest.mark.parametrize("version", VERSIONS)
def test_samples_are_valid_against_dtd_and_profile(
    source: Path, version: str, jats_dtds: Path
) -> None:
    found = list(normaliser.read(source, errors="skip"))
    assert found, f"{source} holds no readable record"
    for record in found:
        assert_valid_both(jats.to_element(record, version=version), version)
        try:
            article = jats.to_element(record, version=version, tagset="publishing")
        except InvalidRecord:
            continue  # no ISSN or journal id: Publishing refuses the record, as it should
        assert_valid_both(article, version, "publishing")


NESTED = Text(
    "a b c d e",
    "en",
    marks=(Mark(0, 9, "bold"), Mark(2, 9, "italic"), Mark(4, 7, "sup"), Mark(6, 7, "sub")),
)
CATEGORY = Term(
    "jcr-category", None, (Text("Oncology", "en"), Text("肿瘤学", "zh-Hans", "translation"))
)

#: Records whose articles take the writer's less travelled paths.
EDGES: dict[str, Record] = {
    "empty": Record(),
    "empty-journal": Record(journal=Journal()),
    "translated-title-only": Record(titles=(Text("A title", "en", "translation"),)),
    "two-original-titles": Record(
        titles=(Text("标题", "zh-Hans"), Text("Title", "en")), language="en"
    ),
    "nested-marks": Record(titles=(NESTED,), keywords=(NESTED,), affiliations=(NESTED,)),
    # A subtitle (with its own marks) after its title and after its translation's.
    "subtitles": Record(
        titles=(
            with_subtitle(Text("城市韧性", "zh-Hans"), Text("以中游城市群为例", "zh-Hans")),
            with_subtitle(
                with_subtitle(Text("Urban resilience", "en", "translation"), NESTED),
                Text("2010–2022", "en", "translation"),
            ),
        )
    ),
    "translated-title-with-subtitle": Record(
        titles=(with_subtitle(Text("A title", "en", "translation"), NESTED),)
    ),
    "abbreviation-only": Record(journal=Journal(abbreviations=(Text("J Abbr", "en"),))),
    "linking-issns-only": Record(
        journal=Journal(
            identifiers=(Identifier("issn-l", "1176-9114"), Identifier("issn-l", "1178-2013"))
        )
    ),
    "urls-as-found": Record(
        links=(
            Link("https://example.org/search?f[type]=pdf&q=%zz", "pdf"),
            Link("https://x.org/", "other"),
        ),
        license="CC BY 4.0",
    ),
    "elocation-beside-pages": Record(fpage="1", lpage="9", page_range="1-9", elocation_id="e1"),
    "elocation-alone": Record(elocation_id="e12345"),
    "lpage-alone": Record(lpage="9", page_range="3-9"),
    "three-names": Record(
        contributors=(
            Contributor(
                names=(
                    Name("王", "芳", "eastern", "zh-Hans"),
                    Name("Wang", "Fang"),
                    Name(given="Fang", style="given-only"),
                )
            ),
        )
    ),
    "history-only": Record(
        dates=(
            Dated("received", PartialDate(2020)),
            Dated("revised", PartialDate(2020, 2)),
            Dated("accepted", PartialDate(2020, 3, 1)),
        )
    ),
    "labelled-terms": Record(
        subjects=(
            Term(
                "field-of-study",
                None,
                (
                    Text("生态学", "zh-Hans"),
                    Text("Ecology", "en", "translation"),
                    Text("Shengtaixue", "zh-Latn-pinyin", "transliteration"),
                ),
            ),
        )
    ),
    "metric-categories": Record(
        metrics=(
            Metric("jcr-quartile", "Q2", category=CATEGORY),
            Metric("cas-zone", "3", category=Term("cas-category", "no-such-code")),
        )
    ),
    # PMC's own spelling of a PMC id, written back as the source gave it.
    "pmc-s-own-id": Record(
        identifiers=(Identifier("pmcid", "PMC9871204"),),
        extras={
            jats.ARTICLE_ID_KEY: [{"pub-id-type": "pmc", "value": "9871204", "of": "PMC9871204"}]
        },
    ),
    "custom-identifiers-and-types": Record(
        identifiers=(Identifier("arxiv", "2101.00001"), Identifier("wanfang-id", "x1", "Url")),
        publication_types=(Term("publication-type", "no-such-type"),),
    ),
    "prose-kinds": Record(
        abstracts=(
            Prose((Text("Graphical.", "en"),), "graphical"),
            Prose((Text("Pinyin.", "zh-Latn-pinyin", "transliteration"),)),
        ),
        journal=Journal(descriptions=(Prose((Text("Aims.", "en", "translation"),), "aims"),)),
    ),
}


@pytest.mark.parametrize("record", EDGES.values(), ids=EDGES.keys())
@pytest.mark.parametrize("version", VERSIONS)
def test_edge_records_are_valid_against_dtd_and_profile(
    record: Record, version: str, jats_dtds: Path
) -> None:
    assert_valid_both(jats.to_element(record, version=version), version)


# --- A record with everything, and mutations of its articles ----------------------------------

ZH_TITLE = Text("细胞膜衍生仿生纳米疗法研究进展", "zh-Hans")
EN_TITLE = Text(
    "Cell membrane-derived nanotherapies: H2O and Ca2+",
    "en",
    "translation",
    (Mark(0, 13, "italic"), Mark(0, 4, "bold"), Mark(38, 39, "sub"), Mark(47, 49, "sup")),
)
FULL = Record(
    titles=(ZH_TITLE, EN_TITLE, Text("Xibaomo yanjiu", "zh-Latn-pinyin", "transliteration")),
    contributors=(
        Contributor(
            names=(
                Name("曾", "明堂", "eastern", "zh-Hans"),
                Name("Zeng", "Mingtang", lang="zh-Latn-pinyin", variant="transliteration"),
            ),
            orcid="0000-0002-1825-0097",
            affiliations=(Text("四川大学", "zh-Hans"),),
            corresponding=True,
        ),
        Contributor(names=(Name(literal="约翰·史密斯", style="eastern", lang="zh-Hans"),)),
        Contributor(names=(Name(given="Madonna", style="given-only"),), role="editor"),
    ),
    affiliations=(Text("Sichuan University", "en"),),
    abstracts=(
        Prose((Text("摘要第一段。", "zh-Hans"), Text("第二段。", "zh-Hans"))),
        Prose((Text("An abstract with CO2.", "en", "translation", (Mark(18, 19, "sub"),)),)),
    ),
    keywords=(Text("纳米", "zh-Hans"), Text("乳腺癌", "zh-Hans"), Text("nanomedicine", "en")),
    journal=Journal(
        titles=(Text("International Journal of Nanomedicine", "en"),),
        abbreviations=(Text("Int J Nanomedicine", "en"),),
        identifiers=(
            Identifier("nlm-ta", "Int J Nanomedicine"),
            Identifier("issn-print", "1176-9114"),
            Identifier("issn-electronic", "1178-2013"),
            Identifier("issn-l", "1176-9114"),
        ),
        publishers=(Text("Dove Medical Press", "en"),),
        descriptions=(Prose((Text("A journal.", "en"),), "description"),),
    ),
    volume="20",
    issue="3",
    fpage="6059",
    lpage="6083",
    dates=(
        Dated("epub", PartialDate(2025, 5, 12)),
        Dated("ppub", PartialDate(2025, 6)),
        Dated("collection", PartialDate(2025)),
        Dated("received", PartialDate(2024, 12, 1)),
        Dated("accepted", PartialDate(2025, 4, 2)),
    ),
    pub_model="electronic-ecollection",
    identifiers=(
        Identifier("doi", "10.2147/IJN.S502144"),
        Identifier("pmcid", "PMC12083498", "openAccessPdf"),
        Identifier("aggregator-paper-id", "abc123"),
    ),
    links=(
        Link("https://example.org/article"),
        Link("https://example.org/article.pdf", "oa-pdf"),
    ),
    open_access=True,
    license="https://creativecommons.org/licenses/by-nc/4.0/",
    publication_types=(Term("publication-type", "journal-article"),),
    subjects=(
        Term("cas-category", "medicine"),
        Term("wos-category", None, (Text("Nanoscience", "en"), Text("纳米科学", "zh-Hans"))),
    ),
    metrics=(
        Metric("impact-factor", "6.6", year=2024),
        Metric("cas-zone", "2", category=Term("cas-category", "medicine")),
        Metric("citation-count", "0", source="Semanticscholar"),
    ),
    language="zh-Hans",
)


@pytest.mark.parametrize("version", VERSIONS)
def test_the_full_record_is_valid_and_uses_every_element(version: str, jats_dtds: Path) -> None:
    """The mutations below start from this article: it must be valid and hold what they edit."""
    article = jats.to_element(FULL, version=version)
    assert_valid_both(article, version)
    tags = {xmlio.local(e) for e in article.iter()}
    expected = {
        "journal-id", "journal-title", "abbrev-journal-title", "issn", "issn-l", "publisher-name",
        "notes", "article-id", "subj-group", "title-group", "contrib-id", "name-alternatives",
        "string-name", "given-names", "aff", "pub-date", "day", "month", "year", "volume",
        "issue", "fpage", "lpage", "history", "license_ref", "self-uri", "abstract", "kwd-group",
        "custom-meta", "bold", "italic", "sub", "sup",
    }  # fmt: skip
    if version == "1.3":
        expected |= {"trans-title-group", "trans-abstract"}
    assert expected <= tags


Mutation = Callable[[Any], None]


def _one(article: Any, path: str) -> Any:
    found = article.xpath(path, namespaces=NS)
    assert found, f"{path} selects nothing"
    return found[0]


def before(path: str, other: str) -> Mutation:
    return lambda article: _one(article, other).addprevious(_one(article, path))


def after(path: str, other: str) -> Mutation:
    return lambda article: _one(article, other).addnext(_one(article, path))


def drop(path: str, *, every: bool = False) -> Mutation:
    def change(article: Any) -> None:
        for element in article.xpath(path, namespaces=NS) if every else [_one(article, path)]:
            element.getparent().remove(element)

    return change


def dup(path: str) -> Mutation:
    def change(article: Any) -> None:
        element = _one(article, path)
        element.addnext(copy.deepcopy(element))

    return change


def add(path: str, tag: str) -> Mutation:
    def change(article: Any) -> None:
        etree.SubElement(_one(article, path), tag).text = "x"

    return change


def attr(path: str, name: str, value: str) -> Mutation:
    return lambda article: _one(article, path).set(name, value)


def unattr(path: str, name: str) -> Mutation:
    def change(article: Any) -> None:
        del _one(article, path).attrib[name]

    return change


def text(path: str, value: str) -> Mutation:
    def change(article: Any) -> None:
        _one(article, path).text = value

    return change


def rename(path: str, tag: str) -> Mutation:
    def change(article: Any) -> None:
        _one(article, path).tag = tag

    return change


def chain(*changes: Mutation) -> Mutation:
    def change(article: Any) -> None:
        for one in changes:
            one(article)

    return change


M = "front/article-meta/"
J = "front/journal-meta/"
C1 = M + "contrib-group/contrib[1]"
C2 = M + "contrib-group/contrib[2]"
N1 = C1 + "/name-alternatives/name[1]"  # 曾明堂: surname, given-names
N2 = C1 + "/name-alternatives/name[2]"  # Zeng Mingtang
CM = M + "custom-meta-group/custom-meta[1]"
REF = M + "permissions/license/ali:license_ref"
BOTH, PROFILE = True, False  # refused by the DTD and the profile / by the profile alone

#: (id, version, whether the official DTD refuses it too, the mutation)
MUTATIONS: list[tuple[str, str, bool, Mutation]] = [
    # Element order: the DTD content models
    ("volume-before-pub-date", "1.3", BOTH, before(M + "volume", M + "pub-date")),
    ("contribs-before-title", "1.3", BOTH, before(M + "contrib-group", M + "title-group")),
    ("article-id-after-categories", "1.4", BOTH, after(M + "article-id", M + "article-categories")),
    ("history-after-permissions", "1.3", BOTH, after(M + "history", M + "permissions")),
    ("keywords-before-abstract", "1.4", BOTH, before(M + "kwd-group", M + "abstract")),
    ("custom-meta-before-keywords", "1.3", BOTH, before(M + "custom-meta-group", M + "kwd-group")),
    ("issn-before-journal-id", "1.3", BOTH, before(J + "issn", J + "journal-id")),
    ("journal-meta-after-article-meta", "1.3", BOTH, after(J[:-1], M[:-1])),
    ("given-names-before-surname", "1.3", BOTH, before(N2 + "/given-names", N2 + "/surname")),
    ("meta-value-before-meta-name", "1.3", BOTH, before(CM + "/meta-value", CM + "/meta-name")),
    ("year-before-month", "1.4", PROFILE, before(M + "pub-date[2]/year", M + "pub-date[2]/month")),
    ("aff-before-contrib-group", "1.3", PROFILE, before(M + "aff", M + "contrib-group")),
    # Required children
    ("title-group-without-article-title", "1.3", BOTH, drop(M + "title-group/article-title")),
    ("custom-meta-without-value", "1.4", BOTH, drop(CM + "/meta-value")),
    ("license-without-license-ref", "1.3", BOTH, drop(REF)),
    ("trans-title-group-without-title", "1.3", BOTH, drop(M + "title-group/trans-title-group/*")),
    ("empty-name", "1.3", BOTH, drop(N1 + "/*", every=True)),
    ("pub-date-without-year", "1.3", PROFILE, drop(M + "pub-date[1]/year")),
    ("history-date-without-year", "1.4", PROFILE, drop(M + "history/date[1]/year")),
    ("day-without-month", "1.3", PROFILE, drop(M + "pub-date[1]/month")),
    ("contrib-without-a-name", "1.3", PROFILE, drop(C2 + "/string-name")),
    ("abstract-without-paragraphs", "1.4", PROFILE, drop(M + "abstract[1]/p", every=True)),
    # Elements and attributes the writer never writes
    ("unknown-element", "1.3", BOTH, add(M[:-1], "volume-bogus")),
    ("misspelt-element", "1.3", BOTH, rename(N1 + "/given-names", "given-name")),
    ("unknown-attribute", "1.3", BOTH, attr(C1, "corresponding", "yes")),
    ("lang-on-a-keyword", "1.3", BOTH, attr(M + "kwd-group[1]/kwd[1]", LANG, "en")),
    ("license-ref-without-namespace", "1.3", BOTH, rename(REF, "license_ref")),
    ("text-in-element-only-content", "1.3", BOTH, text(M + "contrib-group", "and")),
    ("jats-element-never-written", "1.3", PROFILE, add(M + "title-group/article-title", "sc")),
    ("jats-attribute-never-written", "1.4", PROFILE, attr(M + "volume", "seq", "a")),
    ("second-volume", "1.3", PROFILE, dup(M + "volume")),
    ("second-contrib-group", "1.4", PROFILE, dup(M + "contrib-group")),
    ("markup-in-string-name", "1.4", PROFILE, add(C2 + "/string-name", "bold")),
    # Attribute values: the DTD's enumerations, and the values the writer writes
    ("bad-name-style", "1.3", BOTH, attr(N1, "name-style", "asian")),
    ("corresp-true", "1.3", BOTH, attr(C1, "corresp", "true")),
    ("dtd-version-2.0", "1.3", BOTH, attr(".", "dtd-version", "2.0")),
    ("lang-variant-machine", "1.4", BOTH, attr(M + "title-group[1]", "lang-variant", "machine")),
    ("empty-xml-lang", "1.3", BOTH, attr(M + "abstract", LANG, "")),
    ("name-style-islensk", "1.4", PROFILE, attr(N1, "name-style", "islensk")),
    ("name-without-name-style", "1.3", PROFILE, unattr(N1, "name-style")),
    (
        "publication-format-online",
        "1.3",
        PROFILE,
        attr(M + "pub-date[1]", "publication-format", "online"),
    ),
    # A date's type is the source's name for it (issue 17): any word, never blank.
    ("pub-date-type-blank", "1.4", PROFILE, attr(M + "pub-date[1]", "date-type", " ")),
    ("history-date-type-blank", "1.3", PROFILE, attr(M + "history/date[1]", "date-type", "")),
    ("iso-date-in-words", "1.3", PROFILE, attr(M + "pub-date[1]", "iso-8601-date", "12 May 2025")),
    ("dtd-version-1.2", "1.3", PROFILE, attr(".", "dtd-version", "1.2")),
    ("no-dtd-version", "1.4", PROFILE, unattr(".", "dtd-version")),
    ("lang-variant-spoken", "1.4", PROFILE, attr(M + "abstract[1]", "lang-variant", "spoken")),
    ("second-primary-title", "1.4", PROFILE, attr(M + "title-group[2]", "lang-focus", "primary")),
    ("xml-lang-not-a-language", "1.3", PROFILE, attr(M + "abstract", LANG, "zh_CN")),
    ("abstract-without-xml-lang", "1.3", PROFILE, unattr(M + "abstract", LANG)),
    ("article-without-xml-lang", "1.4", PROFILE, unattr(".", LANG)),
    ("unknown-pub-id-type", "1.3", PROFILE, attr(M + "article-id[1]", "pub-id-type", "DOI")),
    ("blank-article-type", "1.3", PROFILE, attr(".", "article-type", " ")),
    ("contrib-id-not-orcid", "1.3", PROFILE, attr(C1 + "/contrib-id", "contrib-id-type", "scopus")),
    ("self-uri-without-href", "1.3", PROFILE, unattr(M + "self-uri[1]", HREF)),
    # Text that must not be empty
    ("blank-meta-name", "1.4", PROFILE, text(CM + "/meta-name", " ")),
    ("empty-surname", "1.3", PROFILE, text(N1 + "/surname", "")),
    ("empty-given-names", "1.4", PROFILE, text(N1 + "/given-names", "")),
    ("empty-year", "1.3", PROFILE, text(M + "pub-date[1]/year", "")),
    ("two-digit-year", "1.3", PROFILE, text(M + "pub-date[1]/year", "25")),
    ("month-13", "1.3", PROFILE, text(M + "pub-date[1]/month", "13")),
    ("empty-volume", "1.3", PROFILE, text(M + "volume", "")),
    ("empty-article-id", "1.4", PROFILE, text(M + "article-id[1]", "")),
    ("empty-issn", "1.3", PROFILE, text(J + "issn[1]", "")),
    ("empty-license-ref", "1.3", PROFILE, text(REF, "")),
]


class ProfileAccepted(AssertionError):
    """The profile accepted a mutation it should have refused."""


@pytest.mark.parametrize(
    ("version", "dtd_refuses", "mutate"),
    [pytest.param(v, d, m, id=i) for i, v, d, m in MUTATIONS],
)
def test_the_profile_refuses_the_mutation(
    version: str, dtd_refuses: bool, mutate: Mutation, jats_dtds: Path
) -> None:
    article = jats.to_element(FULL, version=version)
    mutate(article)
    dtd_errors = xmlio.validate(article, official(version))
    if dtd_refuses:
        assert dtd_errors, "the official DTD accepts this mutation: the case is wrong"
    else:
        assert dtd_errors == [], "the official DTD refuses this mutation: mark it so"
    if not xmlio.validate(article, profile()):
        raise ProfileAccepted(xmlio.to_string(article))


_BEYOND_XSD_10 = pytest.mark.xfail(
    raises=ProfileAccepted,
    strict=True,
    reason="one XSD 1.0 schema serves 1.3 and 1.4: no rule can depend on @dtd-version",
)

#: 1.4 constructs the 1.3 DTD refuses; the profile, shared by both versions, cannot.
VERSION_MUTATIONS: list[tuple[str, Mutation]] = [
    ("second-title-group", dup(M + "title-group")),
    ("lang-variant-on-title-group", attr(M + "title-group", "lang-variant", "original")),
    ("lang-focus-on-title-group", attr(M + "title-group", "lang-focus", "primary")),
    ("xml-lang-on-title-group", attr(M + "title-group", LANG, "zh-Hans")),
    ("lang-variant-on-abstract", attr(M + "abstract", "lang-variant", "original")),
]


@pytest.mark.parametrize(
    "mutate", [pytest.param(m, id=i, marks=_BEYOND_XSD_10) for i, m in VERSION_MUTATIONS]
)
def test_14_constructs_in_a_13_article(mutate: Mutation, jats_dtds: Path) -> None:
    article = jats.to_element(FULL, version="1.3")
    mutate(article)
    assert xmlio.validate(article, official("1.3")), "the 1.3 DTD accepts this mutation"
    if not xmlio.validate(article, profile()):
        raise ProfileAccepted(xmlio.to_string(article))


_TAG_SET_BLIND = pytest.mark.xfail(
    raises=ProfileAccepted,
    strict=True,
    reason="an article does not say its tag set: the profile allows what Archiving allows",
)

#: What JATS Publishing requires and Archiving does not; the profile serves both tag sets.
PUBLISHING_MUTATIONS: list[tuple[str, Mutation]] = [
    ("no-journal-meta", drop(J[:-1])),
    ("no-journal-id", drop(J + "journal-id")),
    ("no-issn", drop(J + "issn", every=True)),
    ("no-title-group", drop(M + "title-group")),
    ("page-range-without-fpage", chain(drop(M + "lpage"), rename(M + "fpage", "page-range"))),
]


@pytest.mark.parametrize(
    "mutate", [pytest.param(m, id=i, marks=_TAG_SET_BLIND) for i, m in PUBLISHING_MUTATIONS]
)
def test_publishing_requirements_in_a_publishing_article(mutate: Mutation, jats_dtds: Path) -> None:
    article = jats.to_element(FULL, version="1.3", tagset="publishing")
    assert_valid_both(article, "1.3", "publishing")
    mutate(article)
    assert xmlio.validate(article, official("1.3", "publishing")), "Publishing accepts this"
    if not xmlio.validate(article, profile()):
        raise ProfileAccepted(xmlio.to_string(article))


@pytest.mark.parametrize("version", VERSIONS)
def test_publishing_page_range_without_fpage(version: str, jats_dtds: Path) -> None:
    journal = Journal(identifiers=(Identifier("nlm-ta", "J"), Identifier("issn", "1176-9114")))
    record = Record(titles=(Text("T", "en"),), journal=journal, page_range="e1-e9")
    article = jats.to_element(record, version=version, tagset="publishing")
    assert_valid_both(article, version, "publishing")
    [back] = normaliser.read(xmlio.serialise(article), "jats")
    assert back.page_range == "e1-e9" and back.fpage is None


# --- Several records: the <articles> wrapper ---------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_the_articles_wrapper_is_valid(version: str, jats_dtds: Path) -> None:
    sparse = Record(titles=(Text("A title", "en"),), language="en")
    document = normaliser.write([FULL, sparse, Record()], "jats", jats_version=version)
    root = xmlio.parse(document.encode("utf-8"))
    assert xmlio.local(root) == "articles"
    assert xmlio.validate(root, profile()) == []
    for article in root:
        assert_valid_both(alone(article), version)
    root.remove(root[2])
    root.remove(root[1])
    assert xmlio.validate(root, profile()), "one article is written bare, never wrapped"


# --- Without the official DTDs, the profile validates ------------------------------------------


def _forget_dtd_folder() -> None:
    # jats.dtd_folder looks once per place it is told of: forget what it found.
    jats.dtd._dtd_folder.cache_clear()


@pytest.fixture
def no_dtds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The official DTDs are not installed: neither $NORMALISER_JATS_DTDS nor the user cache
    (``jats.DTD_CACHE``, where a developer may well have them) holds them."""
    monkeypatch.setenv(jats.DTD_ENV, str(tmp_path / "missing"))
    monkeypatch.setattr(jats.dtd, "DTD_CACHE", tmp_path / "missing-too")
    _forget_dtd_folder()
    assert jats.dtd_folder() is None
    yield
    monkeypatch.undo()
    _forget_dtd_folder()


@pytest.mark.parametrize("version", VERSIONS)
def test_write_validates_with_the_profile_without_dtds(
    version: str, no_dtds: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert jats.official_dtd(version, "archiving") is None
    checked: list[str] = []
    validated = xmlio.validated

    def spy(root: Any, validator: Any, what: str) -> None:
        checked.append(what)
        validated(root, validator, what)

    monkeypatch.setattr(xmlio, "validated", spy)
    one = normaliser.write(FULL, "jats", jats_version=version)
    several = normaliser.write([FULL, Record()], "jats", jats_version=version)
    assert checked == [f"JATS {version} (normaliser output profile)"] * 3
    assert xmlio.validate(xmlio.parse(one.encode("utf-8")), profile()) == []
    assert xmlio.validate(xmlio.parse(several.encode("utf-8")), profile()) == []


@pytest.mark.parametrize("version", VERSIONS)
def test_an_invalid_article_raises_without_dtds(version: str, no_dtds: None) -> None:
    article = jats.to_element(FULL, version=version)
    jats.validate_article(article, version, "archiving")
    before(M + "volume", M + "pub-date")(article)
    with pytest.raises(InvalidOutput, match=r"normaliser output profile\) is not valid"):
        jats.validate_article(article, version, "archiving")


@pytest.mark.parametrize("version", VERSIONS)
def test_books_and_protected_spans_are_valid_against_dtd_and_profile(
    version: str, jats_dtds: Path
) -> None:
    bib = (
        "@book{k,\n  title = {{AI} and the Future of {Banking}},\n  series = {Finance {IT}},\n"
        "  pages = {35},\n  edition = {2},\n  date = {2020},\n}\n"
    )
    [record] = normaliser.read(bib, "bibtex")
    assert record.page_count == "35" and record.series
    assert_valid_both(jats.to_element(record, version=version), version)
