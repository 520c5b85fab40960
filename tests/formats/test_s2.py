"""Saved Semantic Scholar papers (issue 20): a paper, a batch array, a search or bulk page; no
language field (each text tagged by its own); authors as single strings, parsed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import normaliser
from normaliser import formats, xmlio
from normaliser.errors import InvalidRecord, UnknownFormat
from normaliser.formats import s2
from normaliser.record import Record, Reject

from ..conftest import SAMPLES
from .test_jats import assert_valid

WORK = SAMPLES / "s2-work" / "s2.json"
LIST = SAMPLES / "s2-list" / "s2.json"
CJK = SAMPLES / "s2-cjk" / "s2.json"
BROKEN = SAMPLES / "s2-broken" / "s2.jsonl"
API = Path(__file__).parent.parent / "corpus" / "api"


def test_a_paper_maps_ids_authors_journal_and_pages() -> None:
    [record] = normaliser.read(WORK)
    assert (
        record.titles[0].value == "Lipid nanoparticles deliver CRISPR–Cas9 to hepatocytes in vivo"
    )
    assert record.identifier("doi") == "10.2147/IJN.S512345"  # DOIs keep their case
    assert record.identifier("pmid") == "40523311"
    assert record.identifier("pmcid") == "PMC12198765"
    assert [(c.names[0].family, c.names[0].given) for c in record.contributors] == [
        ("Carberry", "Josiah"),
        ("Zeng", "Mingtang"),
    ]
    assert record.journal is not None and record.journal.identifier("issn") == "1176-9114"
    assert (record.volume, record.fpage, record.lpage) == ("20", "6059", "6083")
    assert [p.code for p in record.publication_types] == ["journal-article", "study"]
    assert record.open_access is True and record.links[0].kind == "oa-pdf"
    assert record.abstracts[0].lang == "en" and record.language == "en"
    metric = record.metric("citation-count")
    assert metric is not None and (metric.value, metric.source) == ("9", "Semantic Scholar")
    assert record.provenance is not None
    assert record.provenance.record_id == "8a3c5e7f9b1d2f4a6c8e0b2d4f6a8c0e2b4d6f8a"
    assert record.extras["tldr"]["text"] == "Lipid nanoparticles edited PCSK9 in mouse liver."
    assert record.extras["publicationVenue"]["alternate_names"] == [
        "Int J Nanomed",
        "Int. J. Nanomed.",
    ]


def test_a_bulk_page_is_one_record_per_paper_and_its_token_a_note() -> None:
    records = list(normaliser.read(LIST))
    assert len(records) == 3
    paging = [n for r in records for n in r.notes if n.kind == "paging"]
    assert len(paging) == 1 and "PCOA3RZZB2ADADAEYCAMAAAHAAAAAQAAAAE" in paging[0].message
    assert records[1].identifier("arxiv") == "2406.01234"
    assert records[1].volume is None  # "abs/2406.01234" is a page, not a volume; kept in extras
    assert records[1].extras["journal"]["volume"] == "abs/2406.01234"
    assert [p.code for p in records[2].publication_types] == ["conference-paper"]
    assert records[2].extras["externalIds"]["DBLP"] == "conf/igarss/Vogt23"


def test_a_batch_array_tags_cjk_texts_and_names_and_rejects_its_nulls() -> None:
    items = list(normaliser.read(CJK, errors="yield"))
    chinese, japanese, missing = items
    assert isinstance(chinese, Record) and isinstance(japanese, Record)
    assert chinese.titles[0].lang == "zh-Hans" and chinese.language == "zh-Hans"
    assert [c.names[0].family for c in chinese.contributors] == ["曾", "欧阳"]
    assert japanese.titles[0].lang == "ja"
    name = japanese.contributors[0].names[0]
    assert (name.family, name.given, name.lang) == ("宮地", "元彦", "ja")
    assert isinstance(missing, Reject) and "did not find" in str(missing.error)


def test_broken_papers_are_rejected_naming_the_field_and_the_rest_read() -> None:
    items = list(normaliser.read(BROKEN, errors="yield"))
    assert [type(i).__name__ for i in items] == ["Record", "Reject", "Reject", "Reject"]
    assert isinstance(items[0], Record) and items[0].extras["citationCount"] == "a few"
    rejects = [i for i in items if isinstance(i, Reject)]
    assert "externalIds.DOI" in rejects[0].messages
    assert "authors" in rejects[1].messages
    assert "truncated" in str(rejects[2].error)


def test_an_author_profile_and_a_citation_list_are_refused_by_name() -> None:
    for name, shape in (
        ("s2-author.json", "author profile"),
        ("s2-citations.json", "citation or reference list"),
    ):
        with pytest.raises(UnknownFormat, match=shape):
            list(normaliser.read(API / name))
    author = json.loads((API / "s2-author.json").read_text(encoding="utf-8"))
    [item] = list(normaliser.read(json.dumps(author), "s2", errors="yield"))
    assert isinstance(item, Reject) and "author profile" in str(item.error)


def test_sniffing_tells_the_four_sources_apart() -> None:
    for name, fmt in (
        ("s2-paper.json", "s2"),
        ("s2-bulk.json", "s2"),
        ("openalex-work.json", "openalex"),
        ("crossref-work.json", "crossref"),
        ("datacite-record.json", "datacite"),
    ):
        text = (API / name).read_text(encoding="utf-8")
        assert formats.sniff(text, name) is formats.FORMATS[fmt], name
    for path in (WORK, LIST, CJK, BROKEN):
        assert formats.sniff(path.read_text(encoding="utf-8")[:4096], path.name).name == "s2"


def test_strict_refuses_a_key_it_does_not_know() -> None:
    data = json.loads(WORK.read_text(encoding="utf-8"))
    s2.from_dict(data, strict=True)
    with pytest.raises(InvalidRecord, match="unknown key"):
        s2.from_dict({**data, "newField": 1}, strict=True)


@pytest.mark.parametrize("path", [WORK, LIST, CJK, BROKEN])
def test_jats_is_valid_and_has_everything_in_place(path: Path, jats_dtds: Path) -> None:
    records = list(normaliser.read(path, errors="skip"))
    document = normaliser.write(records, "jats")
    assert_valid(document)
    root = xmlio.parse(document.encode("utf-8"))
    articles = [root] if xmlio.local(root) == "article" else list(root)
    for record, article in zip(records, articles, strict=True):
        meta = article.find("front/article-meta")
        assert meta.findtext("article-id[@pub-id-type='doi']") == record.identifier("doi")
        assert meta.find("contrib-group/contrib/name/surname") is not None
        assert meta.find("pub-date") is not None
        if record.fpage:
            assert meta.findtext("fpage") == record.fpage
        if record.journal is not None:
            title = article.find("front/journal-meta/journal-title-group/journal-title")
            assert title is not None and title.text == record.journal.titles[0].value
