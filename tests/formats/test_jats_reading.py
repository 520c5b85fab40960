"""Reading real-world JATS: NLM 3.0 and JATS 1.0–1.4 documents in the styles of eLife, PMC/PLOS
(through an OAI-PMH GetRecord response), SciELO (trilingual translation sub-articles), Chinese
journals (an ``<articles>`` collection) and the JATS 1.4 multi-language model.

The documents are in samples/jats-*/jats.xml (invented content, each article valid against the
official DTD of the version it claims; the NLM 3.0 one, whose DTD @jats4r/dtds lacks, against
JATS 1.0 Publishing; the PMC one with its JATS namespace taken off). Each test states
what the Record must hold.
"""

from __future__ import annotations

import dataclasses
import http.server
import threading
import warnings
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

import pytest

import normaliser
from normaliser import formats
from normaliser.errors import InvalidXML, UnknownFormat
from normaliser.record import (
    Contributor,
    Dated,
    Identifier,
    Mark,
    PartialDate,
    Prose,
    Record,
    Reject,
    Text,
)
from normaliser.sources import open_source

from ..conftest import SAMPLES

SAMPLE_NAMES = (
    "jats-elife-style",
    "jats-pmc-plos-style",
    "jats-scielo-trilingual",
    "jats-chinese-journal",
    "jats-nlm3",
    "jats-14-multilang",
    "jats-pmc-springer",
    "jats-frontiers-mathml",
)
#: Samples whose reading is also kept as reviewed golden JSON (samples/<name>/json.json).
GOLDEN_NAMES = ("jats-pmc-springer", "jats-frontiers-mathml")


# --- helpers ---------------------------------------------------------------------------------


def sample(name: str) -> Path:
    return SAMPLES / name / "jats.xml"


@cache
def read_all(name: str) -> tuple[Record, ...]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # reported by its own test below
        items = tuple(normaliser.read(sample(name), "jats", errors="yield"))
    rejects = [i for i in items if isinstance(i, Reject)]
    assert rejects == [], f"{name}: rejected: {[str(r.error) for r in rejects]}"
    return items


def one(name: str) -> Record:
    [record] = read_all(name)
    return record


def spans(text: Text) -> list[tuple[str, str]]:
    """The marked substrings of a text with their kinds, in canonical mark order."""
    return [(text.value[m.start : m.end], m.kind) for m in text.marks]


def strings(obj: Any) -> Iterator[str]:
    """Every string anywhere in a record (values, names, identifiers, extras)."""
    if isinstance(obj, str):
        yield obj
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield from strings(getattr(obj, f.name))
    elif isinstance(obj, Mapping):
        for key, value in obj.items():
            yield from strings(key)
            yield from strings(value)
    elif isinstance(obj, (tuple, list)):
        for item in obj:
            yield from strings(item)


def assert_absent(record: Record, *fragments: str) -> None:
    everything = list(strings(record))
    for fragment in fragments:
        leaks = [s for s in everything if fragment in s]
        assert leaks == [], f"{fragment!r} leaked into the record: {leaks}"


def name_parts(contributor: Contributor) -> list[tuple[str | None, str | None, str | None, str]]:
    return [(n.family, n.given, n.literal, n.style) for n in contributor.names]


def prose_of(record: Record, kind: str, lang: str | None = None) -> list[Prose]:
    return [p for p in record.abstracts if p.kind == kind and (lang is None or p.lang == lang)]


def paragraph(prose: Prose, start: str) -> Text:
    [para] = [p for p in prose.paragraphs if p.value.startswith(start)]
    return para


# --- the documents as a whole ----------------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_is_sniffed_as_jats(name: str) -> None:
    with open_source(sample(name)) as src:
        assert formats.sniff(src.head_text(), src.name).name == "jats"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        assert list(normaliser.read(sample(name))) == list(read_all(name))


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_record_says_it_came_from_jats(name: str) -> None:
    records = read_all(name)
    assert [r.provenance.format if r.provenance else None for r in records] == ["jats"] * len(
        records
    )


# --- NLM 3.0 (Journal Publishing 3.0, pub-type dates) ----------------------------------------

NLM3 = "jats-nlm3"


def test_nlm3_doctype_is_not_resolved_and_the_title_is_read() -> None:
    assert b'"journalpublishing3.dtd"' in sample(NLM3).read_bytes()
    assert not (sample(NLM3).parent / "journalpublishing3.dtd").exists()
    record = one(NLM3)
    assert record.titles == (
        Text(
            "Seasonal hypoxia and the decline of Crassostrea virginica reefs in a temperate "
            "estuary",
            "en",
            "original",
            (Mark(36, 57, "italic"),),
        ),
    )
    assert spans(record.titles[0]) == [("Crassostrea virginica", "italic")]
    assert record.language == "en"


def test_nlm3_identifiers() -> None:
    assert one(NLM3).identifiers == (
        Identifier("pmid", "19704418"),
        Identifier("doi", "10.5555/jcer.2009.0417"),
        Identifier("publisher-id", "JCER-08-0417"),
    )


def test_nlm3_journal_with_pub_type_issns() -> None:
    journal = one(NLM3).journal
    assert journal is not None
    assert journal.titles == (Text("Journal of Coastal and Estuarine Research", "en"),)
    assert journal.abbreviations == (Text("J Coast Estuar Res", "en"),)
    assert journal.identifier("issn-print") == "1532-8678"  # pub-type="ppub"
    assert journal.identifier("issn-electronic") == "2210-3740"  # pub-type="epub"
    assert journal.identifier("nlm-ta") == "J Coast Estuar Res"
    assert journal.publishers == (Text("Halden Academic Press", "en"),)


def test_nlm3_contributors_affiliations_and_collab() -> None:
    record = one(NLM3)
    east = Text("Department of Marine Sciences, Eastshore University, Norfolk, Virginia, USA", "en")
    west = Text(
        "Instituto de Ciencias del Mar, Universidad del Pacífico Norte, Ensenada, Baja "
        "California, Mexico",
        "en",
    )
    collab_style = record.contributors[3].names[0].style  # no style is asserted for a collab
    assert [name_parts(c) for c in record.contributors] == [
        [("Holloway", "Margaret A.", None, "western")],
        [("Ibarra-Núñez", "Tomás", None, "western")],
        [("Okonkwo", "Emeka", None, "western")],
        [(None, None, "Lower Bay Benthic Monitoring Consortium", collab_style)],
    ]
    assert [c.affiliations for c in record.contributors] == [(east,), (west,), (east, west), ()]
    assert [c.corresponding for c in record.contributors] == [True, False, False, False]
    assert [c.role for c in record.contributors] == ["author"] * 4
    assert [c.orcid for c in record.contributors] == [None] * 4
    assert record.affiliations == (east, west)


def test_nlm3_pub_type_cover_season_and_month_name() -> None:
    record = one(NLM3)
    # pub-type="cover" (the issue's cover date, print) with <season>Spring</season>: the year,
    # and the season beside it (Dated.season)
    assert record.date("ppub") == PartialDate(2009)
    assert record.date("epub") == PartialDate(2008, 9, 14)  # <month>Sep</month>
    assert record.date("received") == PartialDate(2008, 3, 3)
    assert record.date("revised") == PartialDate(2008, 6, 19)  # date-type="rev-recd"
    assert record.date("accepted") == PartialDate(2008, 7, 2)


def test_nlm3_pmc_release_is_not_a_publication_date() -> None:
    # Kept (issue 17: no date is lost), as an event named as the source named it, in pub-date.
    assert one(NLM3).dates == (
        Dated("ppub", PartialDate(2009), "pub-type:cover", season="Spring"),
        Dated("epub", PartialDate(2008, 9, 14), "pub-type:epub"),
        Dated("event", PartialDate(2010, 3, 1), "pub-type:pmc-release", history=False),
        Dated("received", PartialDate(2008, 3, 3)),
        Dated("revised", PartialDate(2008, 6, 19)),
        Dated("accepted", PartialDate(2008, 7, 2)),
    )


def test_nlm3_pages_licence_keywords() -> None:
    record = one(NLM3)
    assert (record.volume, record.issue, record.fpage, record.lpage) == ("32", "2", "211", "224")
    assert record.elocation_id is None and record.page_range is None
    assert record.license == "http://creativecommons.org/licenses/by/3.0/"
    assert [(k.value, k.lang, k.variant) for k in record.keywords] == [
        ("hypoxia", "en", "original"),
        ("oyster reefs", "en", "original"),
        ("Crassostrea virginica", "en", "original"),
        ("estuarine restoration", "en", "original"),
    ]
    assert spans(record.keywords[2]) == [("Crassostrea virginica", "italic")]


def test_nlm3_structured_abstract_keeps_every_section_text_with_marks() -> None:
    [abstract] = one(NLM3).abstracts
    assert (abstract.kind, abstract.lang, abstract.variant) == ("abstract", "en", "original")
    methods = paragraph(abstract, "We surveyed")
    assert methods.value == (
        "We surveyed 48 reefs each spring and autumn from 2001 to 2007 and logged dissolved O2 at "
        "15-min intervals."
    )
    assert spans(methods) == [("2", "sub")]
    results = paragraph(abstract, "Reefs exposed")
    assert spans(results) == [("−1", "sup"), ("2", "sub")]
    assert paragraph(abstract, "Oyster reefs").value.endswith(
        "summer bottom-water hypoxia has lengthened."
    )
    assert paragraph(abstract, "Restoration").value == (
        "Restoration should favour shallow sites above the summer oxycline."
    )


def test_nlm3_body_and_back_never_reach_the_record() -> None:
    assert_absent(
        one(NLM3),
        "Lindgren",
        "Baptiste",
        "10.5555/est.2003.1010",
        "Reef-building bivalves",
        "Estuaries",
        "ecosystem engineers",
        "Sampling followed",
        "Tidewater",
        "References",
    )


# --- abstract headings -----------------------------------------------------------------------

_SECTION_HEADINGS = {
    NLM3: {"Background", "Methods", "Results", "Conclusions"},
    "jats-pmc-plos-style": {
        "Background",
        "Methodology/Principal findings",
        "Conclusions/Significance",
    },
}


@pytest.mark.parametrize("name", sorted(_SECTION_HEADINGS))
def test_structured_abstract_section_titles_are_not_paragraphs(name: str) -> None:
    [abstract] = prose_of(one(name), "abstract")
    assert [p.value for p in abstract.paragraphs if p.value in _SECTION_HEADINGS[name]] == []
    assert len(abstract.paragraphs) in (len(_SECTION_HEADINGS[name]), 1)


# --- eLife style (JATS 1.2 Publishing) --------------------------------------------------------

ELIFE = "jats-elife-style"


def test_elife_title_inline_marks_and_default_english() -> None:
    record = one(ELIFE)
    [title] = record.titles
    assert title.value == (
        "Dopaminergic control of Drosophila larval foraging depends on Ca2+ influx through "
        "L-type channels"
    )
    assert (title.lang, title.variant) == ("en", "original")  # no xml:lang anywhere: JATS says en
    assert spans(title) == [("Drosophila", "italic"), ("2+", "sup")]


def test_elife_article_language_defaults_to_english() -> None:
    assert one(ELIFE).language == "en"


def test_elife_identifiers_pages_and_licence() -> None:
    record = one(ELIFE)
    assert record.identifiers == (
        Identifier("publisher-id", "84213"),
        Identifier("doi", "10.5555/LivSys.84213"),
    )
    assert record.volume == "12"
    assert record.elocation_id == "e84213"
    assert (record.issue, record.fpage, record.lpage, record.page_range) == (None, None, None, None)
    assert record.license == "http://creativecommons.org/licenses/by/4.0/"


def test_elife_journal() -> None:
    journal = one(ELIFE).journal
    assert journal is not None
    assert journal.titles == (Text("Living Systems", "en"),)
    assert [(i.scheme, i.value) for i in journal.identifiers] == [
        ("nlm-ta", "Living Syst"),
        ("publisher-id", "livsys"),
        ("issn-electronic", "2631-4991"),
    ]
    assert journal.publishers == (Text("Living Systems Sciences Publications, Ltd", "en"),)


def test_elife_contributors_orcid_roles_and_aff_links() -> None:
    record = one(ELIFE)
    assert [
        (name_parts(c), c.role, c.orcid, c.corresponding, len(c.affiliations))
        for c in record.contributors
    ] == [
        ([("Lindqvist", "Sofia", None, "western")], "author", "0000-0002-9487-5742", False, 1),
        ([("Nakashima", "Haruto", None, "western")], "author", None, False, 1),
        ([("Achterberg", "Pieter J", None, "western")], "author", "0000-0003-4580-7302", True, 2),
        ([("Ferreira", "Luísa", None, "western")], "editor", None, False, 1),
        ([("Mbeki", "Thandiwe", None, "western")], "senior_editor", None, False, 1),
    ]
    lindqvist, nakashima, achterberg = record.contributors[:3]
    assert achterberg.affiliations == lindqvist.affiliations + nakashima.affiliations
    assert "University of Northhaven" in lindqvist.affiliations[0].value
    assert "Kansai Institute of Science" in nakashima.affiliations[0].value


def test_elife_affiliation_text_leaves_out_label_and_institution_id() -> None:
    record = one(ELIFE)
    lindqvist, nakashima = record.contributors[:2]
    assert lindqvist.affiliations == (
        Text(
            "Department of Neurobiology, University of Northhaven, Northhaven, United Kingdom", "en"
        ),
    )
    assert nakashima.affiliations == (
        Text("Centre for Neural Circuits, Kansai Institute of Science, Kobe, Japan", "en"),
    )
    [editor_aff] = record.contributors[3].affiliations
    assert "ror.org" not in editor_aff.value
    assert editor_aff.value.startswith("Universidade do Atlântico")
    assert editor_aff.value.endswith("Portugal")


def test_elife_collection_and_history_dates() -> None:
    record = one(ELIFE)
    assert record.date("collection") == PartialDate(2023)
    assert record.date("received") == PartialDate(2022, 10, 18)
    assert record.date("accepted") == PartialDate(2023, 2, 21)
    # the preprint event of pub-history is not a date of this article's publication
    assert PartialDate(2022, 10, 20) not in [d.date for d in record.dates]


def test_elife_publication_date_type_is_the_electronic_date() -> None:
    record = one(ELIFE)
    assert record.date("epub") == PartialDate(2023, 3, 7)
    assert [d.kind for d in record.dates] == ["epub", "collection", "received", "accepted"]


def test_elife_abstract_keeps_inline_text_and_marks_and_digest_apart() -> None:
    record = one(ELIFE)
    assert sorted(p.kind for p in record.abstracts) == ["abstract", "executive-summary"]
    [main] = prose_of(record, "abstract")
    assert (main.lang, main.variant) == ("en", "original")
    first, second = main.paragraphs
    assert first.value == (
        "Foraging larvae must balance feeding against the risk of leaving a food patch. Here we "
        "show "
        "that a cluster of four dopaminergic neurons (DL1) sets the rate of patch leaving, and "
        "that "
        "its output requires Ca2+ influx through the L-type channel Ca-α1D (Hartmann et al., 2019)."
    )  # named-content and xref: the text is kept, the tag is not
    assert spans(first) == [("2+", "sup"), ("Ca-α1D", "italic")]
    assert second.value.endswith(
        "Imaging data are available at https://data.example.org/livsys-84213."
    )  # ext-link text kept
    assert spans(second) == [("Ca-α1D", "italic")]
    [digest] = prose_of(record, "executive-summary")
    assert (digest.lang, digest.variant) == ("en", "original")
    assert (
        "This work shows how a handful of nerve cells in fruit fly larvae makes that decision."
        in [p.value for p in digest.paragraphs]
    )
    assert not any("Animals looking for food" in p.value for p in main.paragraphs)


def test_elife_digest_title_is_not_a_paragraph() -> None:
    [digest] = prose_of(one(ELIFE), "executive-summary")
    assert [p.value for p in digest.paragraphs] == [
        "Animals looking for food must decide when to stop eating in one place and move on.",
        "This work shows how a handful of nerve cells in fruit fly larvae makes that decision.",
    ]


def test_elife_keywords_without_xml_lang_are_english() -> None:
    record = one(ELIFE)
    assert [(k.value, k.lang) for k in record.keywords] == [
        ("dopamine", "en"),
        ("foraging", "en"),
        ("L-type calcium channel", "en"),
        ("D. melanogaster", "en"),
    ]
    assert spans(record.keywords[3]) == [("D. melanogaster", "italic")]


def test_elife_body_back_and_review_sub_articles_never_reach_the_record() -> None:
    record = one(ELIFE)
    assert_absent(
        record,
        "Oduya",
        "10.5555/jin.2019.118",
        "31000001",
        "Dopamine and the value of food",
        "Journal of Insect Neuroscience",
        "Editor's evaluation",
        "Author response",
        "This important study",
        "We thank the reviewers",
        "We silenced DL1",
        "Kir2.1",
        "No competing interests",
        "Supervision, Funding",
        "10.5555/LivSys.84213.sa0",
        "All imaging data are deposited",
    )
    assert len(record.titles) == 1
    assert [n.family for c in record.contributors for n in c.names].count("Ferreira") == 1


# --- PMC OAI-PMH GetRecord holding a PLOS-style article (JATS 1.3 Archiving namespace) --------

PMC = "jats-pmc-plos-style"


def test_pmc_getrecord_yields_the_one_namespaced_article() -> None:
    record = one(PMC)
    assert record.titles == (
        Text(
            "Household clustering of Strongyloides stercoralis infection in riverine communities "
            "of the "
            "Peruvian Amazon: A cross-sectional study",
            "en",
            "original",
            (Mark(24, 49, "italic"),),
        ),
    )
    assert record.language == "en"
    assert_absent(record, "oai:pubmedcentral.nih.gov", "2024-11-05", "pmc-open")


def test_pmc_identifiers_pmc_is_read_as_pmcid() -> None:
    record = one(PMC)
    assert record.identifiers == (
        Identifier("pmid", "36716291"),
        Identifier("pmcid", "PMC9871204"),
        Identifier("publisher-id", "POTM-D-22-01187"),
        Identifier("doi", "10.5555/journal.potm.0011187"),
    )
    assert record.identifier("pmcid") == "PMC9871204"


def test_pmc_journal_issns_from_pub_type_and_publication_format() -> None:
    journal = one(PMC).journal
    assert journal is not None
    assert journal.titles == (Text("Open Tropical Medicine", "en"),)
    assert journal.identifier("issn-print") == "1009-3028"  # pub-type="ppub"
    assert journal.identifier("issn-electronic") == "2718-403X"  # publication-format="electronic"
    assert journal.identifier("nlm-ta") == "Open Trop Med"
    assert journal.publishers == (Text("Public Science Collective", "en"),)


def test_pmc_contributors_name_string_name_collab_orcid_affs() -> None:
    record = one(PMC)
    selva = Text(
        "Instituto de Medicina Tropical, Universidad Nacional de la Selva, Iquitos, Peru", "en"
    )
    lakeshore = Text(
        "Department of Global Health, Lakeshore School of Public Health, Toronto, Canada", "en"
    )
    assert len(record.contributors) == 5  # the collab's members are not by-line authors
    quispe, whitfield, forsythe, huaman, collab = record.contributors
    assert name_parts(quispe) == [("Quispe Mamani", "Rosa Elvira", None, "western")]
    assert (quispe.orcid, quispe.corresponding, quispe.affiliations) == (
        "0000-0001-1573-681X",
        True,
        (selva,),
    )
    assert name_parts(whitfield) == [("Whitfield", "Daniel", None, "western")]
    assert whitfield.affiliations == (selva, lakeshore)
    assert name_parts(forsythe) == [
        ("Forsythe-Kaur", "Amelia", None, "western")
    ]  # string-name with parts
    assert forsythe.affiliations == (lakeshore,)
    assert [(n.literal, n.family, n.given) for n in huaman.names] == [("P. N. Huamán", None, None)]
    assert huaman.affiliations == (selva,)
    [group] = collab.names
    assert group.literal is not None and group.literal.startswith("the RIVERA Study Group")
    assert (group.family, group.given, collab.affiliations) == (None, None, ())


def test_pmc_collab_name_leaves_out_its_members() -> None:
    [group] = one(PMC).contributors[4].names
    assert group.literal == "the RIVERA Study Group"


def test_pmc_dates_month_year_collection_and_epub() -> None:
    record = one(PMC)
    assert record.date("collection") == PartialDate(2023, 1)  # month-year, numeric month "1"
    assert record.date("epub") == PartialDate(2023, 1, 30)
    assert record.date("received") == PartialDate(2022, 8, 9)
    assert record.date("accepted") == PartialDate(2023, 1, 12)


def test_pmc_release_is_not_a_publication_date() -> None:
    # Kept (issue 17: no date is lost), as an event named as the source named it, in pub-date.
    assert one(PMC).dates == (
        Dated("collection", PartialDate(2023, 1), "pub-type:collection"),
        Dated("epub", PartialDate(2023, 1, 30), "pub-type:epub"),
        Dated("event", PartialDate(2023, 1, 30), "pub-type:pmc-release", history=False),
        Dated("received", PartialDate(2022, 8, 9)),
        Dated("accepted", PartialDate(2023, 1, 12)),
    )


def test_pmc_elocation_without_pages_and_license_href() -> None:
    record = one(PMC)
    assert (record.volume, record.issue, record.elocation_id) == ("17", "1", "e0011187")
    assert (record.fpage, record.lpage) == (None, None)
    assert record.license == "https://creativecommons.org/licenses/by/4.0/"  # license/@xlink:href


def test_pmc_main_abstract_and_author_summary_are_kept_apart() -> None:
    record = one(PMC)
    [main] = prose_of(record, "abstract")
    [summary] = prose_of(record, "summary")
    assert (main.lang, main.variant, summary.lang, summary.variant) == (
        "en",
        "original",
        "en",
        "original",
    )
    background = paragraph(main, "Strongyloides stercoralis is")
    assert spans(background) == [("Strongyloides stercoralis", "italic")]
    assert paragraph(main, "We tested").value == (
        "We tested 1,204 residents of 312 households in 14 riverine communities with serology and "
        "agar "
        "plate culture. Prevalence was 21.4% (95% CI 19.1–23.8)."
    )
    assert paragraph(main, "Infection clusters").value == (
        "Infection clusters within households, which supports treating whole households."
    )
    assert paragraph(summary, "Threadworm").value.endswith(
        "along the rivers of the Peruvian Amazon."
    )
    assert not any(p.value.startswith("Threadworm") for p in main.paragraphs)


def test_pmc_abstract_titles_are_not_text() -> None:
    record = one(PMC)
    [summary] = prose_of(record, "summary")
    assert [p.value for p in summary.paragraphs] == [
        "Threadworm infection often goes unnoticed for years. We found that it clusters within "
        "households along the rivers of the Peruvian Amazon."
    ]
    assert prose_of(record, "graphical") == []


def test_pmc_body_and_back_never_reach_the_record() -> None:
    record = one(PMC)
    assert_absent(
        record,
        "Bisoffi",
        "10.5555/ijpr.2020.011",
        "Global prevalence of strongyloidiasis",
        "600 million",
        "Individual-level test results",
        "Int J Parasitol Rev",
    )
    # The body's "Supporting information" section is not read; the front's data availability
    # statement, which names it, is (kept in extras).
    assert [s for s in strings(record) if "Supporting information" in s] == [
        "All relevant data are within the manuscript and its Supporting information files."
    ]
    assert record.extras["jats:custom-meta"] == {
        "Data Availability": (
            "All relevant data are within the manuscript and its Supporting information files."
        )
    }


# --- SciELO: Portuguese article with English and Spanish translation sub-articles -------------

SCIELO = "jats-scielo-trilingual"


def test_scielo_titles_in_three_languages() -> None:
    assert one(SCIELO).titles == (
        Text(
            "Desigualdades no acesso à atenção primária entre populações ribeirinhas do baixo "
            "Tocantins, "
            "Pará, Brasil",
            "pt",
            "original",
        ),
        Text(
            "Inequalities in access to primary care among riverside populations of the lower "
            "Tocantins, "
            "Pará, Brazil",
            "en",
            "translation",
        ),
        Text(
            "Desigualdades en el acceso a la atención primaria entre poblaciones ribereñas del "
            "bajo "
            "Tocantins, Pará, Brasil",
            "es",
            "translation",
        ),
    )
    assert one(SCIELO).language == "pt"


def test_scielo_abstracts_in_three_languages() -> None:
    record = one(SCIELO)
    assert [(p.lang, p.variant, p.kind) for p in record.abstracts] == [
        ("pt", "original", "abstract"),
        ("en", "translation", "abstract"),
        ("es", "translation", "abstract"),
    ]
    pt, en, es = record.abstracts
    assert paragraph(pt, "Analisamos").value.endswith(
        "41% dos domicílios relataram necessidade não atendida."
    )
    assert paragraph(en, "We analysed").value == (
        "We analysed access to primary care in 22 riverside communities. Mean travel time to the "
        "health unit was 3.4 hours, and 41% of households reported unmet need."
    )
    assert paragraph(es, "Analizamos").value.startswith(
        "Analizamos el acceso a la atención primaria"
    )


def test_scielo_abstract_titles_are_not_paragraphs() -> None:
    assert [len(p.paragraphs) for p in one(SCIELO).abstracts] == [1, 1, 1]


def test_scielo_keywords_of_the_main_article() -> None:
    pt = [(k.value, k.lang, k.variant) for k in one(SCIELO).keywords if k.lang == "pt"]
    assert pt == [
        ("Atenção Primária à Saúde", "pt", "original"),
        ("Populações Ribeirinhas", "pt", "original"),
        ("Acesso aos Serviços de Saúde", "pt", "original"),
    ]


def test_scielo_keywords_of_the_translations() -> None:
    assert [(k.value, k.lang, k.variant) for k in one(SCIELO).keywords] == [
        ("Atenção Primária à Saúde", "pt", "original"),
        ("Populações Ribeirinhas", "pt", "original"),
        ("Acesso aos Serviços de Saúde", "pt", "original"),
        ("Primary Health Care", "en", "translation"),
        ("Riverside Populations", "en", "translation"),
        ("Health Services Accessibility", "en", "translation"),
        ("Atención Primaria de Salud", "es", "translation"),
        ("Poblaciones Ribereñas", "es", "translation"),
        ("Accesibilidad a los Servicios de Salud", "es", "translation"),
    ]


def test_scielo_contributors_bare_orcids_and_aff_links() -> None:
    record = one(SCIELO)
    assert [(name_parts(c), c.orcid, len(c.affiliations)) for c in record.contributors] == [
        ([("Souza", "Ana Paula de", None, "western")], "0000-0003-3036-4262", 1),
        ([("Albuquerque", "Rafael Moreira", None, "western")], "0000-0001-1299-7221", 2),
        ([("Ortega Villalobos", "María José", None, "western")], None, 1),
    ]
    souza, albuquerque, ortega = record.contributors
    assert albuquerque.affiliations == souza.affiliations + ortega.affiliations
    assert all(a.lang == "pt" for a in albuquerque.affiliations)


def test_scielo_affiliation_is_the_original_text() -> None:
    _, albuquerque, _ = one(SCIELO).contributors
    assert [a.value for a in albuquerque.affiliations] == [
        "Universidade Federal do Baixo Tocantins, Instituto de Ciências da Saúde, Programa de "
        "Pós-Graduação em Saúde Coletiva. Cametá, PA, Brasil",
        "Universidad del Valle de Aburrá, Facultad Nacional de Salud Pública. Medellín, Colombia",
    ]


def test_scielo_dates_season_collection_and_epub() -> None:
    record = one(SCIELO)
    assert record.dates == (
        Dated("epub", PartialDate(2023, 3, 17)),
        Dated("collection", PartialDate(2023), season="Jan-Mar"),  # <season>Jan-Mar</season>
        Dated("received", PartialDate(2022, 8, 10)),
        Dated("accepted", PartialDate(2022, 12, 2)),
    )


def test_scielo_identifiers_journal_pages_licence() -> None:
    record = one(SCIELO)
    assert record.identifiers == (
        Identifier("publisher-id", "QmZ7wTcXvLs4kP9dN2rJhYb"),
        Identifier("publisher-id", "S0104-56282023000100207"),
        Identifier("doi", "10.1590/0104-5628.2023.e310207"),
    )
    assert (record.volume, record.issue, record.elocation_id, record.fpage) == (
        "31",
        None,
        "e310207",
        None,
    )
    assert record.license == "https://creativecommons.org/licenses/by/4.0/"
    journal = record.journal
    assert journal is not None
    assert journal.titles == (Text("Revista Brasileira de Saúde e Território", "pt"),)
    assert journal.abbreviations == (Text("Rev. Bras. Saúde Territ.", "pt"),)
    assert (journal.identifier("issn-print"), journal.identifier("issn-electronic")) == (
        "0104-5628",
        "1983-5213",
    )
    assert journal.publishers == (Text("Associação Brasileira de Saúde e Território", "pt"),)


def test_scielo_bodies_back_and_sub_article_extras_never_reach_the_record() -> None:
    record = one(SCIELO)
    assert_absent(
        record,
        "Guimarães",
        "Distância e uso",
        "Cad Saude Territ",
        "Introdução",
        "Introduction",
        "The Brazilian Amazon has",
        "La Amazonía brasileña",
        "Correspondence:",
        "Original Article",
        "Artículo Original",
        "Os autores declaram",
    )
    assert len(record.contributors) == 3


def test_reading_translation_sub_articles_emits_no_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        records = list(normaliser.read(sample(SCIELO), "jats"))
    assert len(records) == 1


# --- a Chinese journal: an <articles> collection of three articles ----------------------------

CHINESE = "jats-chinese-journal"


def test_articles_wrapper_yields_every_article_in_order() -> None:
    assert [r.identifier("doi") for r in read_all(CHINESE)] == [
        "10.5555/1674-5515/ad47c3",
        "10.5555/zyhjdl.2024.03.007",
        "10.5555/zyhjdl.2024.05.020",
    ]
    # Issue 17: an explicit xml:lang="zh" gets its script from the text, across the record.
    assert [r.language for r in read_all(CHINESE)] == ["en", "zh-Hans", "zh-Hans"]


def test_chinese_physics_title_and_abstract_marks() -> None:
    record = read_all(CHINESE)[0]
    [title] = record.titles
    assert (
        title.value
        == "Measurement of the Λc+ production cross section in e+e− annihilation at √s = 4.6 GeV"
    )
    assert (title.lang, title.variant) == ("en", "original")
    assert spans(title) == [
        ("Λ", "italic"),
        ("c", "sub"),
        ("+", "sup"),
        ("e", "italic"),
        ("+", "sup"),
        ("e", "italic"),
        ("−", "sup"),
        ("s", "italic"),
    ]
    [abstract] = record.abstracts
    [para] = abstract.paragraphs
    assert para.value == (
        "Using 4.4 fb−1 of e+e− collision data, we measure the Born cross section of e+e− → "
        "Λc+Λ̄c− to be (248 ± 12) pb."
    )
    assert ("248 ± 12", "bold") in spans(para)
    assert spans(para)[:5] == [
        ("−1", "sup"),
        ("e", "italic"),
        ("+", "sup"),
        ("e", "italic"),
        ("−", "sup"),
    ]


def test_two_sibling_names_are_one_contributor_with_two_names() -> None:
    """Chinese Physics C style: <contrib> holds a western <name> and an eastern <name> in Han
    characters side by side (no name-alternatives). That is one person written two ways: one
    Contributor whose names are the western form then the Han form, in document order."""
    record = read_all(CHINESE)[0]
    assert len(record.contributors) == 3
    zhou, ma, collab = record.contributors
    assert name_parts(zhou) == [
        ("Zhou", "Yu-Han", None, "western"),
        ("周", "宇涵", None, "eastern"),
    ]
    assert zhou.names[1].lang == "zh-Hans"
    assert zhou.names[1].display == "周宇涵"
    assert zhou.names[0].display == "Yu-Han Zhou"
    assert name_parts(ma) == [("Ma", "Jia-Qi", None, "western"), ("马", "佳琪", None, "eastern")]
    assert (ma.orcid, ma.corresponding) == ("0000-0001-0332-245X", True)
    assert [n.literal for n in collab.names] == ["HEXA Collaboration"]
    jiangnan = Text("School of Physics, Jiangnan Institute of Technology, Wuxi 214122, China", "en")
    huadong = Text(
        "Key Laboratory of Particle Detection, Huadong Academy of Sciences, Shanghai 201800, China",
        "en",
    )
    assert (zhou.affiliations, ma.affiliations, collab.affiliations) == (
        (jiangnan,),
        (jiangnan, huadong),
        (),
    )


def test_chinese_physics_dates_elocation_keywords_journal() -> None:
    record = read_all(CHINESE)[0]
    assert record.dates == (
        # <month>Sep</month><year>2024</year>; the legacy pub-type is kept to be written back
        Dated("ppub", PartialDate(2024, 9), "pub-type:ppub"),
        Dated("epub", PartialDate(2024, 7, 12), "pub-type:epub"),
        Dated("received", PartialDate(2024, 4, 16)),
    )
    assert (record.volume, record.issue, record.elocation_id, record.fpage) == (
        "48",
        "9",
        "094103",
        None,
    )
    assert [(k.value, k.lang) for k in record.keywords] == [
        ("charmed baryon", "en"),
        ("cross section", "en"),
        ("e+e− annihilation", "en"),
    ]
    assert spans(record.keywords[2]) == [
        ("e", "italic"),
        ("+", "sup"),
        ("e", "italic"),
        ("−", "sup"),
    ]
    journal = record.journal
    assert journal is not None
    assert journal.titles == (Text("Chinese Journal of Particle and Nuclear Physics", "en"),)
    assert (journal.identifier("issn-print"), journal.identifier("issn-electronic")) == (
        "1674-5515",
        "2095-8137",
    )
    assert journal.publishers == (Text("Huaxia Academic Press", "en"),)
    assert record.license == "http://creativecommons.org/licenses/by/3.0/"


def test_chinese_article_trans_title_group_and_trans_abstract() -> None:
    record = read_all(CHINESE)[1]
    assert [(t.lang, t.variant) for t in record.titles] == [
        ("zh-Hans", "original"),
        ("en", "translation"),
    ]
    assert record.titles[0].value.startswith("黄河流域城市韧性的时空演变")
    assert record.titles[1].value.startswith(
        "Spatio-temporal evolution of urban resilience in the Yellow River Basin"
    )
    assert [(p.lang, p.variant, p.kind, len(p.paragraphs)) for p in record.abstracts] == [
        ("zh-Hans", "original", "abstract", 1),
        ("en", "translation", "abstract", 1),
    ]
    zh, en = (p.paragraphs[0] for p in record.abstracts)
    assert zh.value.startswith("基于2010—2022年黄河中游28个城市的面板数据")
    assert "PM2.5年均浓度" in zh.value and spans(zh) == [("2.5", "sub")]
    assert en.value.endswith("annual mean PM2.5 concentration.") and spans(en) == [("2.5", "sub")]


def test_chinese_article_subtitles_stay_with_their_titles() -> None:
    zh, en = read_all(CHINESE)[1].titles
    assert zh.value.startswith("黄河流域城市韧性的时空演变") and zh.value.endswith(
        "以中游城市群为例"
    )
    assert en.value.startswith("Spatio-temporal evolution") and en.value.endswith(
        "A case study of the middle-reach urban agglomeration"
    )


def test_chinese_article_name_alternatives() -> None:
    chen, ouyang, liu = read_all(CHINESE)[1].contributors
    assert name_parts(chen) == [("陈", "嘉怡", None, "eastern"), ("Chen", "Jiayi", None, "western")]
    assert [n.lang for n in chen.names] == ["zh-Hans", "en"]
    assert chen.names[0].display == "陈嘉怡"
    assert (chen.orcid, chen.corresponding) == ("0000-0001-8323-6403", True)
    # A string-name 欧阳明远 is split by the Chinese surnames, as every reader of a Han name
    # splits it (and kept as a string-name for writing back: test_jats_string_names below).
    assert name_parts(ouyang) == [
        ("欧阳", "明远", None, "eastern"),
        ("Ouyang", "Mingyuan", None, "western"),
    ]
    assert [n.lang for n in ouyang.names] == ["zh-Hans", "en"]
    assert name_parts(liu) == [("刘", "思远", None, "eastern"), ("Liu", "Siyuan", None, "western")]
    assert liu.names[1].lang == "en"


def test_han_name_without_xml_lang_is_chinese() -> None:
    liu = read_all(CHINESE)[1].contributors[2]
    assert liu.names[0].lang.split("-")[0] == "zh"
    assert liu.names[0].display == "刘思远"


def test_aff_alternatives_give_the_contributor_both_languages() -> None:
    chen, ouyang, liu = read_all(CHINESE)[1].contributors
    heluo = (
        Text("河洛师范大学地理与环境学院，洛阳 471934", "zh-Hans"),
        Text(
            "College of Geography and Environment, Heluo Normal University, Luoyang 471934, China",
            "en",
        ),
    )
    central = (
        Text("中原城市发展研究院，郑州 450046", "zh-Hans"),
        Text("Central Plains Institute of Urban Development, Zhengzhou 450046, China", "en"),
    )
    assert chen.affiliations == heluo
    assert ouyang.affiliations == heluo + central
    assert liu.affiliations == central


def test_chinese_article_keywords_by_kwd_group_lang() -> None:
    assert [(k.value, k.lang) for k in read_all(CHINESE)[1].keywords] == [
        ("城市韧性", "zh-Hans"),
        ("时空演变", "zh-Hans"),
        ("黄河流域", "zh-Hans"),
        ("urban resilience", "en"),
        ("spatio-temporal evolution", "en"),
        ("Yellow River Basin", "en"),
    ]


def test_chinese_article_journal_dates_pages_and_ali_licence() -> None:
    record = read_all(CHINESE)[1]
    journal = record.journal
    assert journal is not None
    assert journal.titles == (
        Text("资源与环境地理", "zh-Hans", "original"),
        Text("Resources and Environmental Geography", "en", "translation"),
    )
    assert (journal.identifier("issn-print"), journal.identifier("issn-electronic")) == (
        "1009-3028",
        "2210-3740",
    )
    assert journal.publishers == (Text("华夏学术出版社", "zh-Hans"),)
    assert record.dates == (
        Dated("ppub", PartialDate(2024, 3)),  # month-year
        Dated("epub", PartialDate(2024, 3, 20)),
        Dated("received", PartialDate(2023, 9, 5)),
        Dated("revised", PartialDate(2023, 12, 11)),
    )
    assert (record.volume, record.issue, record.fpage, record.lpage) == ("43", "3", "645", "661")
    assert record.elocation_id is None
    assert (
        record.license == "https://creativecommons.org/licenses/by-nc/4.0/"
    )  # ali:license_ref only


def test_empty_article_title_gives_no_title() -> None:
    record = read_all(CHINESE)[2]
    assert record.titles == ()
    assert record.title is None
    assert (record.volume, record.issue, record.fpage) == ("43", "5", "1180")
    assert record.dates == (Dated("ppub", PartialDate(2024, 5)),)


def test_chinese_bodies_and_backs_never_reach_the_records() -> None:
    for record in read_all(CHINESE):
        assert_absent(
            record,
            "lightest charmed baryon",
            "Gao",
            "011001",
            "引言",
            "应对外部冲击",
            "赵明",
            "城市韧性研究进展",
            "地理科学进展",
            "参考文献",
            "图例有误",
            "majiaqi@",
        )


# --- JATS 1.4: repeated title-group and abstract with xml:lang and lang-variant ---------------

J14 = "jats-14-multilang"


def test_14_title_groups_with_lang_variant() -> None:
    record = one(J14)
    assert [(t.value, t.lang, t.variant) for t in record.titles] == [
        ("社区老年人APOE ε4携带状态与认知衰退的关联：一项5年队列研究", "zh-Hans", "original"),
        (
            "Association of APOE ε4 carrier status with cognitive decline in community-dwelling "
            "older "
            "adults: a 5-year cohort study",
            "en",
            "translation",
        ),
        (
            "Shequ laonianren APOE ε4 xiedai zhuangtai yu renzhi shuaitui de guanlian: yi xiang 5 "
            "nian "
            "duilie yanjiu",
            "zh-Latn",
            "transliteration",
        ),
    ]
    assert [spans(t) for t in record.titles] == [[("APOE", "italic")], [("APOE", "italic")], []]
    assert record.title == record.titles[0]
    assert record.language == "zh-Hans"


def test_14_abstracts_with_lang_variant_teaser_and_graphical_kept_apart() -> None:
    record = one(J14)
    assert sorted((p.kind, p.lang, p.variant) for p in record.abstracts) == [
        ("abstract", "en", "translation"),
        ("abstract", "zh-Hans", "original"),
        ("graphical", "en", "original"),
        ("teaser", "en", "original"),
    ]
    [zh] = prose_of(record, "abstract", "zh-Hans")
    assert len(zh.paragraphs) == 2
    assert "ε4携带者MoCA得分年均下降速度快0.42分" in zh.paragraphs[1].value
    assert spans(zh.paragraphs[1]) == [("2", "sup"), ("P", "italic"), ("ε4携带状态", "bold")]
    [en] = prose_of(record, "abstract", "en")
    assert en.paragraphs[1].value == (
        "Results Carriers declined 0.42 points a year faster (χ2=18.6, P<0.001). Conclusion "
        "Carrying ε4 "
        "is an independent risk factor for cognitive decline."
    )
    assert spans(en.paragraphs[1]) == [("2", "sup"), ("P", "italic"), ("Carrying ε4", "bold")]
    [teaser] = prose_of(record, "teaser")
    assert [p.value for p in teaser.paragraphs] == [
        "Older carriers of APOE ε4 lose cognitive function faster, even in the community."
    ]
    [graphical] = prose_of(record, "graphical")
    assert [p.value for p in graphical.paragraphs] == [
        "Yearly MoCA decline by APOE ε4 carrier status over five years."
    ]
    assert not any("Older carriers" in p.value for p in en.paragraphs + zh.paragraphs)


def test_14_contributors_name_alternatives_given_only_and_affs() -> None:
    record = one(J14)
    wang, zhao, bayarmaa = record.contributors
    assert name_parts(wang) == [("王", "若曦", None, "eastern"), ("Wang", "Ruoxi", None, "western")]
    assert [n.lang for n in wang.names] == ["zh-Hans", "en"]
    assert [n.display for n in wang.names] == ["王若曦", "Ruoxi Wang"]
    assert name_parts(zhao) == [
        ("赵", "一鸣", None, "eastern"),
        ("Zhao", "Yiming", None, "western"),
    ]
    assert (wang.orcid, zhao.orcid, bayarmaa.orcid) == (
        "0000-0002-6224-1542",
        "0000-0003-9095-1450",
        None,
    )
    assert [(n.family, n.given, n.style) for n in bayarmaa.names] == [
        (None, "Bayarmaa", "given-only")
    ]
    shenyang = Text("北方医科大学公共卫生学院，沈阳 110122", "zh-Hans")
    ulaanbaatar = Text(
        "School of Public Health, Ulaanbaatar Medical College, Ulaanbaatar 14210, Mongolia", "en"
    )
    assert (wang.affiliations, zhao.affiliations, bayarmaa.affiliations) == (
        (shenyang,),
        (shenyang, ulaanbaatar),
        (ulaanbaatar,),
    )
    assert [c.corresponding for c in record.contributors] == [True, False, False]


def test_14_keywords_journal_dates_pages_licence() -> None:
    record = one(J14)
    assert [(k.value, k.lang) for k in record.keywords] == [
        ("载脂蛋白E", "zh-Hans"),
        ("认知衰退", "zh-Hans"),
        ("队列研究", "zh-Hans"),
        ("apolipoprotein E", "en"),
        ("cognitive decline", "en"),
        ("cohort study", "en"),
    ]
    journal = record.journal
    assert journal is not None
    assert journal.titles == (Text("中国老年医学研究", "zh-Hans"),)
    assert journal.abbreviations == (Text("Chin J Geriatr Res", "en"),)
    assert [(i.scheme, i.value) for i in journal.identifiers if i.scheme.startswith("issn")] == [
        ("issn-print", "1674-5515"),
        ("issn-electronic", "2095-8137"),
        ("issn-l", "1674-5515"),
    ]
    assert journal.publishers == (Text("北方医科大学出版社", "zh-Hans"),)
    assert record.dates == (
        Dated("epub", PartialDate(2025, 1, 15)),
        Dated("received", PartialDate(2024, 6, 3)),
        Dated("accepted", PartialDate(2024, 10, 28)),
    )
    assert (record.volume, record.issue, record.fpage, record.lpage) == ("44", "1", "23", "31")
    assert record.license == "https://creativecommons.org/licenses/by-nc-nd/4.0/"
    assert record.identifiers == (Identifier("doi", "10.5555/zglnyj.2025.01.003"),)


def test_14_body_and_back_never_reach_the_record() -> None:
    assert_absent(
        one(J14),
        "老年认知障碍队列的设计",
        "10.5555/zglnyj.2021.01.001",
        "前瞻性队列研究",
        "对象与方法",
        "参考文献",
        "wangruoxi@",
    )


# --- DOCTYPEs are never resolved ---------------------------------------------------------------

DOCTYPES = [
    ("-//NLM//DTD Journal Publishing DTD v3.0 20080202//EN", "journalpublishing3.dtd"),
    ("-//NLM//DTD Journal Archiving and Interchange DTD v3.0 20080202//EN", "archivearticle3.dtd"),
    (
        "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.0 20120330//EN",
        "JATS-archivearticle1.dtd",
    ),
    (
        "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.0 20120330//EN",
        "JATS-journalpublishing1.dtd",
    ),
    (
        "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.1 20151215//EN",
        "JATS-archivearticle1.dtd",
    ),
    (
        "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.1 20151215//EN",
        "JATS-journalpublishing1.dtd",
    ),
    (
        "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.2 20190208//EN",
        "JATS-archivearticle1.dtd",
    ),
    (
        "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.2 20190208//EN",
        "JATS-journalpublishing1.dtd",
    ),
    (
        "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.3 20210610//EN",
        "JATS-archivearticle1-3.dtd",
    ),
    (
        "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.3 20210610//EN",
        "JATS-journalpublishing1-3.dtd",
    ),
    (
        "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD with MathML3 v1.3 "
        "20210610//EN",
        "JATS-archivearticle1-3-mathml3.dtd",
    ),
    (
        "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.4 20241031//EN",
        "JATS-archivearticle1-4.dtd",
    ),
    (
        "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.4 20241031//EN",
        "JATS-journalpublishing1-4.dtd",
    ),
]

MINIMAL = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE article PUBLIC "{public}" "{system}">
<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="research-article" xml:lang="en">
  <front>
    <journal-meta>
      <journal-id journal-id-type="publisher-id">tst</journal-id>
      <issn pub-type="epub">2314-7652</issn>
    </journal-meta>
    <article-meta>
      <article-id pub-id-type="doi">10.5555/doctype.0001</article-id>
      <title-group>
        <article-title>Tide-pool copepods under a warming sea</article-title>
      </title-group>
      <pub-date pub-type="epub"><day>02</day><month>Feb</month><year>2021</year></pub-date>
    </article-meta>
  </front>
</article>
"""


def _check_minimal(records: list[Any]) -> None:
    [record] = records
    assert record.titles == (Text("Tide-pool copepods under a warming sea", "en"),)
    assert record.identifier("doi") == "10.5555/doctype.0001"
    assert record.date("epub") == PartialDate(2021, 2, 2)


@pytest.mark.parametrize(
    ("public", "system"), DOCTYPES, ids=[p.split("//")[2] for p, _ in DOCTYPES]
)
def test_doctype_system_id_pointing_nowhere_is_never_resolved(
    public: str, system: str, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-folder" / system
    document = MINIMAL.format(public=public, system=missing.as_uri())
    _check_minimal(list(normaliser.read(document, "jats")))
    relative = tmp_path / "article.xml"  # a relative system id, resolved beside the file if at all
    relative.write_text(MINIMAL.format(public=public, system=system), encoding="utf-8")
    _check_minimal(list(normaliser.read(relative, "jats")))


class _Hits(http.server.BaseHTTPRequestHandler):
    paths: ClassVar[list[str]] = []

    def do_GET(self) -> None:  # the http.server API
        type(self).paths.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def test_doctype_is_neither_loaded_from_a_file_nor_fetched_over_http(tmp_path: Path) -> None:
    # A DTD that breaks parsing if it is ever loaded (lxml with load_dtd=True fails on it).
    trap = tmp_path / "JATS-archivearticle1-3.dtd"
    trap.write_text("<!ELEMENT article (#PCDATA)\n<!this is not a DTD>>>\n", encoding="utf-8")
    public = DOCTYPES[8][0]
    _check_minimal(
        list(normaliser.read(MINIMAL.format(public=public, system=trap.as_uri()), "jats"))
    )
    beside = tmp_path / "article.xml"
    beside.write_text(MINIMAL.format(public=public, system=trap.name), encoding="utf-8")
    _check_minimal(list(normaliser.read(beside, "jats")))

    _Hits.paths = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Hits)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = (
            f"http://127.0.0.1:{server.server_address[1]}/archiving/1.3/JATS-archivearticle1-3.dtd"
        )
        _check_minimal(list(normaliser.read(MINIMAL.format(public=public, system=url), "jats")))
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
    assert _Hits.paths == []


def _xxe_document(secret: Path) -> str:
    return (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE article [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n'
        "<article><front><article-meta><title-group><article-title>Leak: &xxe;</article-title>"
        "</title-group></article-meta></front></article>\n"
    )


def test_external_entity_is_never_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    try:
        records = list(normaliser.read(_xxe_document(secret), "jats"))
    except InvalidXML as exc:
        assert "TOP-SECRET-CONTENT" not in str(exc)
    else:
        assert_absent(records[0], "TOP-SECRET-CONTENT")


def test_entity_declarations_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    with pytest.raises(InvalidXML) as info:
        list(normaliser.read(_xxe_document(secret), "jats"))
    assert "entit" in str(info.value).lower()


DTD_ENTITIES = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.2 20190208//EN"
  "JATS-journalpublishing1.dtd">
<article xml:lang="en">
  <front>
    <journal-meta>
      <journal-title-group>
        <journal-title>Zeitschrift f&uuml;r Meeresbiologie</journal-title>
      </journal-title-group>
      <publisher><publisher-name>Verlag Br&uuml;ckner</publisher-name></publisher>
    </journal-meta>
    <article-meta>
      <title-group>
        <article-title>Copepod swarms at 10&ndash;20&nbsp;m depth</article-title>
      </title-group>
      <contrib-group>
        <contrib contrib-type="author">
          <name><surname>M&uuml;ller</surname><given-names>J&ouml;rg</given-names></name>
        </contrib>
      </contrib-group>
      <volume>12&ndash;13</volume>
      <kwd-group><kwd>&alpha;-diversity</kwd></kwd-group>
    </article-meta>
  </front>
</article>
"""


def test_dtd_named_entities_in_text_become_characters() -> None:
    """JATS DTDs declare the ISO entity sets, so a valid document may write &ndash; or &uuml;
    without declaring them; the reader, which never loads the DTD, must still read them."""
    [record] = normaliser.read(DTD_ENTITIES, "jats")
    assert record.titles == (Text("Copepod swarms at 10–20 m depth", "en"),)
    assert record.journal is not None
    assert record.journal.titles == (Text("Zeitschrift für Meeresbiologie", "en"),)
    assert record.journal.publishers == (Text("Verlag Brückner", "en"),)
    assert record.keywords == (Text("α-diversity", "en"),)


def test_dtd_named_entities_in_names_and_fields_become_characters() -> None:
    [record] = normaliser.read(DTD_ENTITIES, "jats")
    [author] = record.contributors
    assert [(n.family, n.given) for n in author.names] == [("Müller", "Jörg")]
    assert record.volume == "12–13"


# --- broken and foreign documents -------------------------------------------------------------

NOT_WELL_FORMED = """<?xml version="1.0" encoding="UTF-8"?>
<article xml:lang="en">
  <front>
    <article-meta>
      <title-group><article-title>Unclosed meta</article-title></title-group>
  </front>
</article>
"""


def test_not_well_formed_is_invalid_xml_with_its_line() -> None:
    with pytest.raises(InvalidXML) as info:
        list(normaliser.read(NOT_WELL_FORMED, "jats"))
    assert info.value.line == 6
    assert "line 6" in str(info.value)


def test_not_well_formed_file_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text(NOT_WELL_FORMED, encoding="utf-8")
    with pytest.raises(InvalidXML) as info:
        list(normaliser.read(path, "jats"))
    assert str(path) in str(info.value) and "line 6" in str(info.value)


def test_not_well_formed_later_in_a_collection_is_invalid_xml_with_its_line() -> None:
    document = (
        "<articles>\n"
        "  <article><front><article-meta><title-group><article-title>First</article-title>"
        "</title-group></article-meta></front></article>\n"
        "  <article><front><article-meta><title-group><article-title>Second &amp; broken"
        "</title-group></article-meta></front></article>\n"
        "</articles>\n"
    )
    seen: list[Any] = []
    with pytest.raises(InvalidXML) as info:
        for item in normaliser.read(document, "jats"):
            seen.append(item)
    assert info.value.line == 3 and "line 3" in str(info.value)
    assert [t.value for r in seen for t in r.titles] in ([], ["First"])


def test_truncated_document_is_invalid_xml_with_a_line() -> None:
    truncated = sample(ELIFE).read_text(encoding="utf-8")[:2000]
    with pytest.raises(InvalidXML) as info:
        list(normaliser.read(truncated, "jats"))
    assert info.value.line is not None and f"line {info.value.line}" in str(info.value)


def test_undeclared_entity_is_invalid_xml_naming_it_and_its_line() -> None:
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<article>\n"
        "  <front><article-meta><title-group>\n"
        "    <article-title>Copepod swarms at 10&ndash;20 m depth</article-title>\n"
        "  </title-group></article-meta></front>\n"
        "</article>\n"
    )
    with pytest.raises(InvalidXML) as info:
        list(normaliser.read(document, "jats"))
    assert info.value.line == 4 and "line 4" in str(info.value)
    assert "ndash" in str(info.value)


OAI_DC = """<?xml version="1.0" encoding="UTF-8"?>
<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <dc:title xml:lang="en">Tide-pool copepods under a warming sea</dc:title>
  <dc:creator>Marsh, Eleanor</dc:creator>
  <dc:identifier>https://doi.org/10.5555/doctype.0001</dc:identifier>
  <dc:type>info:eu-repo/semantics/article</dc:type>
</oai_dc:dc>
"""

PUBMED = """<?xml version="1.0" encoding="UTF-8"?>
<PubmedArticleSet>
  <PubmedArticle>
    <MedlineCitation Status="MEDLINE" Owner="NLM">
      <PMID Version="1">19704418</PMID>
      <Article PubModel="Print">
        <ArticleTitle>Seasonal hypoxia and oyster reefs.</ArticleTitle>
      </Article>
    </MedlineCitation>
  </PubmedArticle>
</PubmedArticleSet>
"""

XHTML_BLOG = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en">
  <head><title>Lab notes</title></head>
  <body>
    <article>
      <h1>How we tag our papers in JATS</h1>
      <p>We use the Archiving tag set.</p>
    </article>
  </body>
</html>
"""

XHTML_PAGE = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en">
  <head><title>Journal home</title></head>
  <body><main><h1>Living Systems</h1><p>Submit your work.</p></main></body>
</html>
"""


@pytest.mark.parametrize(
    "document", [OAI_DC, PUBMED, XHTML_PAGE], ids=["oai_dc", "pubmed", "xhtml-page"]
)
def test_well_formed_non_jats_is_a_clear_error(document: str) -> None:
    with pytest.raises((InvalidXML, UnknownFormat)) as info:
        list(normaliser.read(document, "jats"))
    assert "JATS" in str(info.value)


def test_html_page_with_an_article_element_is_not_jats() -> None:
    with pytest.raises((InvalidXML, UnknownFormat)) as info:
        list(normaliser.read(XHTML_BLOG, "jats"))
    assert "JATS" in str(info.value)


# --- real publishers' front matter (Springer/BMC, Frontiers, MDPI, PMC, Chinese journals) ------


def article_meta(meta: str, *, lang: str = "en", journal: str = "") -> str:
    """A JATS 1.3 document with ``meta`` as its article-meta content (and ``journal`` as its
    journal-meta content), as publishers write them: no white space between elements. Meta
    with no title, contributor or article id gets a title (a record with nothing to catalogue
    is a reject, issue 15)."""
    if not any(tag in meta for tag in ("<title-group", "<contrib", "<article-id")):
        meta = "<title-group><article-title>T</article-title></title-group>" + meta
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<article xmlns:xlink="http://www.w3.org/1999/xlink" '
        'xmlns:mml="http://www.w3.org/1998/Math/MathML" '
        'xmlns:ali="http://www.niso.org/schemas/ali/1.0/" '
        f'article-type="research-article" dtd-version="1.3" xml:lang="{lang}">'
        f"<front><journal-meta>{journal}</journal-meta><article-meta>{meta}</article-meta></front>"
        "</article>"
    )


def read_one(document: str) -> Record:
    [record] = normaliser.read(document, "jats")
    return record


SPRINGER_AFFS = (
    '<contrib-group><contrib contrib-type="author"><name><surname>Li</surname>'
    '<given-names>Wei</given-names></name><xref ref-type="aff" rid="Aff1">1</xref>'
    '<xref ref-type="aff" rid="Aff2">2</xref></contrib>'
    '<aff id="Aff1"><label>1</label><institution-wrap>'
    '<institution-id institution-id-type="ROR">https://ror.org/052gg0110</institution-id>'
    '<institution-id institution-id-type="GRID">grid.4991.5</institution-id>'
    '<institution content-type="org-division">Sir William Dunn School of Pathology</institution>'
    '<institution content-type="org-name">University of Oxford</institution>'
    '</institution-wrap><addr-line content-type="city">Oxford</addr-line>'
    '<country country="GB">UK</country></aff>'
    # BMC pretty-prints the same structure: only white space between the parts.
    '<aff id="Aff2">\n  <label>2</label>\n  <institution-wrap>\n    '
    '<institution content-type="org-name">Sichuan University</institution>\n  '
    '</institution-wrap>\n  <addr-line content-type="postcode">610041</addr-line>\n  '
    '<addr-line content-type="city">Chengdu</addr-line>\n  <country country="CN">China</country>\n'
    "</aff></contrib-group>"
)


def test_springer_affiliation_parts_are_separated() -> None:
    [li] = read_one(article_meta(SPRINGER_AFFS)).contributors
    assert [a.value for a in li.affiliations] == [
        "Sir William Dunn School of Pathology, University of Oxford, Oxford, UK",
        "Sichuan University, 610041, Chengdu, China",
    ]


def test_chinese_affiliation_parts_are_separated_by_a_fullwidth_comma() -> None:
    meta = (
        '<aff id="aff1" xml:lang="zh"><label>1</label>'
        "<institution>四川大学华西公共卫生学院</institution>"
        "<addr-line>四川 成都 610041</addr-line></aff>"
    )
    [aff] = read_one(article_meta(meta, lang="zh")).affiliations
    assert (aff.value, aff.lang) == ("四川大学华西公共卫生学院，四川 成都 610041", "zh-Hans")


def test_affiliation_parts_already_punctuated_keep_their_punctuation() -> None:
    meta = (
        '<aff id="aff1"><label>1</label><institution>Department of Laboratory Medicine, '
        "Zhongnan Hospital,</institution><institution>Wuhan University</institution>, "
        "<addr-line>Wuhan</addr-line>, <country>China</country></aff>"
    )
    [aff] = read_one(article_meta(meta)).affiliations
    assert aff.value == (
        "Department of Laboratory Medicine, Zhongnan Hospital, Wuhan University, Wuhan, China"
    )


def test_frontiers_superscript_label_is_not_affiliation_text() -> None:
    meta = (
        '<aff id="aff1"><sup>1</sup><institution>State Key Laboratory of Virology, Wuhan '
        "University</institution>, <addr-line>Wuhan</addr-line>, <country>China</country></aff>"
    )
    [aff] = read_one(article_meta(meta)).affiliations
    assert aff.value == "State Key Laboratory of Virology, Wuhan University, Wuhan, China"
    assert aff.marks == ()


def test_mathml_formula_in_an_abstract_is_read_as_text_with_its_subscripts() -> None:
    # MDPI: pretty-printed MathML inside <inline-formula>, no other form of the formula.
    meta = (
        "<abstract><p>Amination was carried out with <inline-formula>"
        '<mml:math id="mm1" display="inline" overflow="scroll">\n  <mml:semantics>\n    '
        "<mml:mrow>\n      <mml:msub>\n        <mml:mrow>\n          "
        '<mml:mi mathvariant="normal">K</mml:mi>\n        </mml:mrow>\n        '
        "<mml:mn>2</mml:mn>\n      </mml:msub>\n      <mml:msub>\n        "
        "<mml:mi>CO</mml:mi>\n        <mml:mn>3</mml:mn>\n      </mml:msub>\n    </mml:mrow>\n"
        '    <mml:annotation encoding="application/x-tex">K_2CO_3</mml:annotation>\n'
        "  </mml:semantics>\n</mml:math></inline-formula> in 1,4-dioxane.</p></abstract>"
    )
    [abstract] = read_one(article_meta(meta)).abstracts
    [para] = abstract.paragraphs
    assert para.value == "Amination was carried out with K2CO3 in 1,4-dioxane."
    assert spans(para) == [("2", "sub"), ("3", "sub")]


def test_formula_alternatives_are_read_once_without_the_tex_preamble() -> None:
    # Springer Nature: <alternatives> holding TeX (in a LaTeX document), MathML and a GIF.
    meta = (
        '<title-group><article-title>Binding with <inline-formula id="IEq1"><alternatives>'
        '<tex-math id="M1">\\documentclass[12pt]{minimal}\n\\usepackage{amsmath}\n'
        "\\setlength{\\oddsidemargin}{-69pt}\n\\begin{document}$${K}_{d}$$\\end{document}"
        '</tex-math><mml:math id="M2"><mml:msup><mml:mi>x</mml:mi><mml:mn>2</mml:mn>'
        '</mml:msup></mml:math><inline-graphic xlink:href="IEq1.gif"/></alternatives>'
        "</inline-formula> below 1 µM</article-title></title-group>"
        "<abstract><p>The constant <inline-formula><tex-math>\\documentclass[12pt]{minimal}"
        "\\begin{document}$${K}_{d}$$\\end{document}</tex-math></inline-formula> is low.</p>"
        "</abstract>"
    )
    record = read_one(article_meta(meta))
    [title] = record.titles
    assert (title.value, spans(title)) == ("Binding with x2 below 1 µM", [("2", "sup")])
    [abstract] = record.abstracts
    assert abstract.paragraphs[0].value == "The constant {K}_{d} is low."


def test_footnote_marker_in_a_title_is_not_title_text() -> None:
    meta = (
        "<title-group><article-title>Type 2 diabetes"
        '<xref rid="fn1" ref-type="fn">*</xref></article-title></title-group>'
        '<abstract><p>Insulin resistance<xref ref-type="bibr" rid="B1">1</xref>.</p></abstract>'
    )
    record = read_one(article_meta(meta))
    assert [t.value for t in record.titles] == ["Type 2 diabetes"]
    assert record.abstracts[0].paragraphs[0].value == "Insulin resistance1."


def test_xml_lang_in_upper_case_is_read_in_the_case_bcp47_gives_it() -> None:
    # Frontiers writes xml:lang="EN"; language tags are case-insensitive, records use one case.
    meta = (
        "<title-group><article-title>Phage therapy</article-title>"
        '<trans-title-group xml:lang="ZH-HANS">'
        "<trans-title>噬菌体疗法</trans-title></trans-title-group></title-group>"
        '<contrib-group><contrib><name xml:lang="EN"><surname>Wang</surname>'
        "<given-names>Yu</given-names></name></contrib></contrib-group>"
        '<kwd-group xml:lang="pt-br"><kwd>fagos</kwd></kwd-group>'
    )
    record = read_one(article_meta(meta, lang="EN"))
    assert record.language == "en"
    assert [(t.value, t.lang) for t in record.titles] == [
        ("Phage therapy", "en"),
        ("噬菌体疗法", "zh-Hans"),
    ]
    assert record.contributors[0].names[0].lang == "en"
    assert record.keywords[0].lang == "pt-BR"


def test_self_uri_with_a_media_type_is_a_pdf_or_the_landing_page() -> None:
    # OJS writes the media type, not JATS's "pdf", in self-uri/@content-type.
    meta = (
        '<self-uri xlink:href="https://revistas.example.br/rbe/article/view/4411"/>'
        '<self-uri content-type="text/html" '
        'xlink:href="https://revistas.example.br/rbe/article/view/4411/3320"/>'
        '<self-uri content-type="application/pdf" '
        'xlink:href="https://revistas.example.br/rbe/article/view/4411/3321"/>'
    )
    assert [
        (link.url.rsplit("/", 1)[-1], link.kind) for link in read_one(article_meta(meta)).links
    ] == [
        ("4411", "landing"),
        ("3320", "landing"),
        ("3321", "pdf"),
    ]


def test_front_matter_the_record_has_no_field_for_is_kept_in_extras() -> None:
    # Springer Nature / BMC: funding, copyright, counts and their own custom-meta.
    journal = (
        "<journal-title-group><journal-title>BMC Public Health</journal-title>"
        "</journal-title-group><publisher><publisher-name>BioMed Central</publisher-name>"
        "<publisher-loc>London</publisher-loc></publisher>"
    )
    meta = (
        "<title-group><article-title>Hypertension in rural Sichuan</article-title></title-group>"
        '<permissions><copyright-statement content-type="compact">© The Author(s) 2024'
        "</copyright-statement><copyright-year>2024</copyright-year>"
        "<copyright-holder>The Author(s)</copyright-holder>"
        '<license license-type="open-access" xlink:href="http://creativecommons.org/licenses/by/4.0/">'
        "<license-p>Open Access.</license-p></license></permissions>"
        "<funding-group><award-group><funding-source><institution-wrap>"
        "<institution>National Natural Science Foundation of China</institution>"
        '<institution-id institution-id-type="doi">10.13039/501100001809</institution-id>'
        "</institution-wrap></funding-source><award-id>82073652</award-id>"
        "<award-id>82173612</award-id></award-group>"
        "<funding-statement>Supported by the NSFC (82073652).</funding-statement></funding-group>"
        '<counts><fig-count count="2"/><table-count count="4"/><ref-count count="38"/></counts>'
        "<custom-meta-group><custom-meta><meta-name>publisher-imprint-name</meta-name>"
        "<meta-value>BioMed Central</meta-value></custom-meta>"
        "<custom-meta><meta-name>impact-factor</meta-name><meta-value>4.5</meta-value>"
        "</custom-meta></custom-meta-group>"
    )
    record = read_one(article_meta(meta, journal=journal))
    assert record.license == "http://creativecommons.org/licenses/by/4.0/"
    assert [(m.name, m.value) for m in record.metrics] == [("impact-factor", "4.5")]
    assert record.extras == {
        "jats:publisher-loc": ["London"],
        "jats:copyright": {
            "statement": "© The Author(s) 2024",
            "year": "2024",
            "holder": "The Author(s)",
        },
        "jats:funding": {
            "awards": [
                {
                    "sources": [
                        {
                            "name": "National Natural Science Foundation of China",
                            "id": "10.13039/501100001809",
                        }
                    ],
                    "award-ids": ["82073652", "82173612"],
                }
            ],
            "statements": ["Supported by the NSFC (82073652)."],
        },
        "jats:counts": {"fig-count": "2", "table-count": "4", "ref-count": "38"},
        "jats:custom-meta": {"publisher-imprint-name": "BioMed Central"},
    }
    assert normaliser.read(normaliser.write(record, "json"), "json").__next__() == record


def test_an_article_with_nothing_beyond_the_record_has_no_extras() -> None:
    meta = "<title-group><article-title>T</article-title></title-group><permissions/><counts/>"
    assert read_one(article_meta(meta)).extras == {}


# --- the samples kept as golden JSON (compared in tests/test_golden.py) -----------------------


def test_pmc_springer_sample_front_matter() -> None:
    record = one("jats-pmc-springer")
    assert [a.value for a in record.contributors[1].affiliations] == [
        "Sir William Dunn School of Pathology, University of Oxford, Oxford, UK",
        "MRC Laboratory of Molecular Biology, Cambridge, UK",
    ]
    [abstract] = prose_of(record, "abstract")
    assert "The Kd of the interaction is 1.2 µM." in abstract.paragraphs[0].value
    assert record.extras["jats:funding"]["awards"][0]["award-ids"] == ["215164/Z/18/Z"]
    assert_absent(record, "documentclass", "Body text", "Bisson-Filho", "Squyres")


def test_frontiers_sample_front_matter() -> None:
    record = one("jats-frontiers-mathml")
    assert record.language == "en"
    assert record.affiliations[0].value == (
        "Department of Laboratory Medicine, Zhongnan Hospital of Wuhan University, Wuhan, China"
    )
    [abstract] = record.abstracts
    para = abstract.paragraphs[0]
    assert "concentration (MIC90) of colistin" in para.value
    assert ("90", "sub") in spans(para)
    assert record.page_count == "14" and "page-count" not in record.extras["jats:counts"]
    assert_absent(record, "Carbapenem-resistant strains", "Phage cocktails")


def test_explicit_zh_takes_its_own_script_else_the_records() -> None:
    # Issue 17: xml:lang="zh" gets its script from the text, consistently across the record: a
    # short name (王芳) that tells nothing takes the record's; a pinyin name has no Han to settle.
    from normaliser.record import Contributor, Name, Record, Text
    from normaliser.text import settle_explicit_zh

    record = Record(
        titles=(Text("黄河流域城市韧性的时空演变", "zh"),),
        contributors=(
            Contributor(names=(Name("王", "芳", "eastern", "zh"), Name("Wang", "Fang", lang="zh"))),
        ),
        language="zh",
    )
    settled = settle_explicit_zh(record)
    assert settled.titles[0].lang == "zh-Hans"
    assert [n.lang for n in settled.contributors[0].names] == ["zh-Hans", "zh"]
    assert settled.language == "zh-Hans"
    both = Record(titles=(Text("黄河流域", "zh"), Text("臺灣", "zh"), Text("王芳", "zh")))
    assert [t.lang for t in settle_explicit_zh(both).titles] == ["zh-Hans", "zh-Hant", "zh"]


def test_a_contributors_parts_read_in_any_order() -> None:
    # The contributor's children are gathered in one pass: names in their order, the last
    # ORCID-typed id decides (one that is no ORCID is none), its own affiliations before those
    # its cross-references point to, each once.
    document = (
        '<article xmlns:xlink="http://www.w3.org/1999/xlink"><front><article-meta>'
        "<title-group><article-title>T</article-title></title-group>"
        '<contrib-group><contrib contrib-type="editor" corresp="yes">'
        '<xref ref-type="aff" rid="a2 a1"/>'
        '<contrib-id contrib-id-type="orcid">https://orcid.org/0000-0002-1825-0097</contrib-id>'
        "<name><surname>Li</surname><given-names>Wei</given-names></name>"
        "<aff>Own Institute</aff>"
        '<xref ref-type="fn" rid="a1"/>'
        "<name-alternatives><string-name>李伟</string-name></name-alternatives>"
        '<contrib-id contrib-id-type="ORCID">not an orcid</contrib-id>'
        '<contrib-id contrib-id-type="scopus">123</contrib-id>'
        "</contrib></contrib-group>"
        '<aff id="a1">First Lab</aff><aff id="a2">Second Lab</aff>'
        "</article-meta></front></article>"
    )
    (record,) = normaliser.read(document.encode(), "jats")
    (contributor,) = record.contributors
    assert [(n.family, n.given) for n in contributor.names] == [("Li", "Wei"), ("李", "伟")]
    assert contributor.orcid is None
    assert [a.value for a in contributor.affiliations] == [
        "Own Institute",
        "Second Lab",
        "First Lab",
    ]
    assert (contributor.role, contributor.corresponding) == ("editor", True)
