"""Saved DataCite REST API records (issue 20): JSON:API responses, lists, bare attributes; the
one source whose titles and descriptions carry their own language tags, kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import normaliser
from normaliser import xmlio
from normaliser.errors import InvalidRecord
from normaliser.formats import datacite
from normaliser.record import Record, Reject, subtitles

from ..conftest import SAMPLES
from .test_jats import assert_valid

WORK = SAMPLES / "datacite-work" / "datacite.json"
LIST = SAMPLES / "datacite-list" / "datacite.json"
BILINGUAL = SAMPLES / "datacite-bilingual" / "datacite.jsonl"
BROKEN = SAMPLES / "datacite-broken" / "datacite.jsonl"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_a_journal_article_maps_container_people_and_dates() -> None:
    [record] = normaliser.read(WORK)
    assert [t.value for t in record.titles] == [
        "Soil carbon under drought: a ten-year throughfall exclusion experiment"
    ]
    carberry, moreno, vogt = record.contributors
    assert carberry.orcid == "0000-0002-1825-0097" and carberry.role == "author"
    assert carberry.affiliations[0].value == "Brown University"
    assert vogt.role == "editor" and moreno.names[0].family == "Moreno"
    assert record.journal is not None and record.journal.identifier("issn") == "2199-398X"
    assert (record.volume, record.issue, record.fpage, record.lpage) == ("10", "1", "123", "141")
    assert [(d.kind, d.date.iso()) for d in record.dates] == [
        ("published", "2024-02-05"),
        ("received", "2023-08-02"),
        ("accepted", "2023-12-11"),
    ]
    assert [p.code for p in record.publication_types] == ["journal-article"]
    assert record.provenance is not None and record.provenance.date == "2025-03-01T17:40:02.000Z"
    # Nothing lost: the ROR of an affiliation, funding, the JSON:API wrapper.
    assert record.extras["creators"][0]["affiliation"][0]["affiliationIdentifier"].endswith(
        "05gq02987"
    )
    assert record.extras["fundingReferences"][0]["awardNumber"] == "SFB 1234"
    assert record.extras["jsonapi"]["relationships"]["client"]["data"]["id"] == "copernicus.soil"


def test_title_language_tags_are_kept_and_translations_marked() -> None:
    chinese, japanese = normaliser.read(BILINGUAL)
    assert [(t.lang, t.variant) for t in chinese.titles] == [
        ("zh-Hans", "original"),
        ("en", "translation"),
    ]
    assert [(a.lang, a.variant) for a in chinese.abstracts] == [
        ("zh-Hans", "original"),
        ("en", "translation"),
    ]
    assert any(t.get("titleType") == "AlternativeTitle" for t in chinese.extras["titles"])
    assert [c.names[0].family for c in chinese.contributors] == ["王", "欧阳"]
    assert [(t.lang, t.variant) for t in japanese.titles] == [
        ("ja", "original"),
        ("en", "translation"),
    ]
    name = japanese.contributors[0].names[0]
    assert (name.family, name.given, name.lang) == ("宮地", "元彦", "ja")


def test_a_list_is_one_record_per_item_and_its_next_link_a_note() -> None:
    records = list(normaliser.read(LIST))
    assert [r.identifier("doi") for r in records] == [
        "10.5281/zenodo.10012345",
        "10.5194/egusphere-2024-1234",
        "10.17632/abcd1234.1",
    ]
    paging = [n for r in records for n in r.notes if n.kind == "paging"]
    assert len(paging) == 1 and "page[number]=2" in paging[0].message
    assert records[1].contributors[1].names[0].literal == "German Aerospace Center"
    assert next((d.kind, d.date.iso()) for d in records[1].dates) == ("epub", "2024-06-04")
    assert (
        records[2].publisher is not None and records[2].publisher.names[0].value == "Mendeley Data"
    )
    assert records[0].extras["dates"][1]["dateType"] == "Collected"


def test_broken_items_are_rejected_naming_the_field_and_the_rest_read() -> None:
    items = list(normaliser.read(BROKEN, errors="yield"))
    assert [type(i).__name__ for i in items] == ["Record", "Reject", "Reject", "Reject"]
    assert isinstance(items[0], Record) and items[0].extras["citationCount"] == "several"
    rejects = [i for i in items if isinstance(i, Reject)]
    assert "doi" in rejects[0].messages
    assert "creators" in rejects[1].messages
    assert "truncated" in str(rejects[2].error)


def test_strict_refuses_a_key_it_does_not_know() -> None:
    data = json.loads(WORK.read_text(encoding="utf-8"))["data"]
    datacite.from_dict(data, strict=True)
    with pytest.raises(InvalidRecord, match="unknown key"):
        datacite.from_dict({**data["attributes"], "newKey": 1}, strict=True)


@pytest.mark.parametrize("path", [WORK, LIST, BILINGUAL, BROKEN])
def test_jats_is_valid_and_has_everything_in_place(path: Path, jats_dtds: Path) -> None:
    records = list(normaliser.read(path, errors="skip"))
    document = normaliser.write(records, "jats")
    assert_valid(document)
    root = xmlio.parse(document.encode("utf-8"))
    articles = [root] if xmlio.local(root) == "article" else list(root)
    for record, article in zip(records, articles, strict=True):
        meta = article.find("front/article-meta")
        assert meta.findtext("article-id[@pub-id-type='doi']") == record.identifier("doi")
        assert meta.find("contrib-group/contrib") is not None
        assert meta.find("pub-date") is not None
        if record.volume:
            assert meta.findtext("volume") == record.volume


def test_both_titles_of_a_bilingual_record_are_tagged_in_jats(jats_dtds: Path) -> None:
    document = normaliser.convert(BILINGUAL, "jats")
    first = xmlio.parse(document.encode("utf-8"))[0]
    group = first.find("front/article-meta/title-group")
    assert group.find("article-title").get(LANG) == "zh-Hans"
    assert group.find("trans-title-group").get(LANG) == "en"


def test_a_subtitle_joins_its_title_and_keeps_its_place() -> None:
    # DataCite's titleType Subtitle joins the title of its language ("Title: Subtitle"), as
    # every format sees it, and is marked so that JATS writes it as <subtitle> again.
    [record] = normaliser.read(WORK)
    title = record.titles[0]
    assert title.value == "Soil carbon under drought: a ten-year throughfall exclusion experiment"
    assert [s.value for s in subtitles(title)[1]] == ["a ten-year throughfall exclusion experiment"]
    jats = normaliser.write(record, "jats")
    assert "<subtitle>a ten-year throughfall exclusion experiment</subtitle>" in jats
