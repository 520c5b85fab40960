"""Saved OpenAlex works (issue 20): a work, a list page of results; the abstract rebuilt from
its inverted index; CJK display names family-first; ``language`` a hint, never for CJK."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import normaliser
from normaliser import apijson, xmlio
from normaliser.errors import InvalidRecord
from normaliser.formats import openalex
from normaliser.record import Record, Reject

from ..conftest import SAMPLES
from .test_jats import assert_valid

WORK = SAMPLES / "openalex-work" / "openalex.json"
LIST = SAMPLES / "openalex-list" / "openalex.json"
JAPANESE = SAMPLES / "openalex-japanese" / "openalex.jsonl"
BROKEN = SAMPLES / "openalex-broken" / "openalex.jsonl"


def test_the_abstract_is_rebuilt_from_its_inverted_index() -> None:
    [record] = normaliser.read(WORK)
    [abstract] = record.abstracts
    assert abstract.text == (
        "Lipid nanoparticles carrying Cas9 mRNA edited PCSK9 in mouse hepatocytes (62%) in vivo."
    )
    assert abstract.lang == "en"


@pytest.mark.parametrize(
    ("index", "text"),
    [
        ({"b": [1], "a": [0, 2]}, "a b a"),
        ({"運動": [0], "と": [1], "健康": [2]}, "運動と健康"),
        ({"CO2": [0], "排出": [1], "and": [2], "climate": [3]}, "CO2 排出 and climate"),
        ({}, None),
    ],
)
def test_inverted_text(index: dict[str, Any], text: str | None) -> None:
    assert apijson.inverted_text(index) == text


def test_an_inverted_index_with_positions_that_are_not_numbers_names_the_field() -> None:
    with pytest.raises(InvalidRecord) as info:
        apijson.inverted_text({"a": ["x"]})
    assert "abstract_inverted_index" in info.value.messages


def test_a_work_maps_ids_authors_journal_and_biblio() -> None:
    [record] = normaliser.read(WORK)
    assert record.identifier("doi") == "10.2147/ijn.s512345"
    assert record.identifier("pmid") == "40523311"
    assert record.identifier("pmcid") == "PMC12198765"
    first, second = record.contributors
    assert (first.names[0].family, first.names[0].given) == ("Carberry", "Josiah")
    assert first.orcid == "0000-0002-1825-0097" and first.corresponding
    assert first.affiliations[0].value.startswith("Department of Psychoceramics")
    assert second.affiliations[0].value == "Sichuan University"  # no raw string: institution
    assert record.journal is not None
    assert record.journal.identifier("issn-l") == "1176-9114"
    assert [t.value for t in record.journal.titles] == ["International Journal of Nanomedicine"]
    assert (record.volume, record.issue, record.fpage, record.lpage) == ("20", None, "6059", "6083")
    assert record.open_access is True and record.license == "cc-by-nc"
    assert [k.value for k in record.keywords] == ["Lipid nanoparticle", "Genome editing"]
    metric = record.metric("citation-count")
    assert metric is not None and (metric.value, metric.source, metric.year) == (
        "12",
        "OpenAlex",
        2025,
    )
    assert record.provenance is not None
    assert record.provenance.record_id == "https://openalex.org/W4386021177"
    assert record.provenance.date == "2025-07-02T04:13:56.420311"
    # Nothing lost: what has no home is in extras under its own key.
    assert record.extras["concepts"][0]["display_name"] == "Genetics"
    assert record.extras["authorships"][0]["institutions"][0]["ror"] == "https://ror.org/05gq02987"
    assert record.extras["type_crossref"] == "journal-article"


def test_a_cjk_display_name_is_family_first_and_language_en_is_not_believed() -> None:
    first, second = normaliser.read(JAPANESE)
    name = first.contributors[0].names[0]
    # Han characters alone cannot tell Japanese from Chinese: with no kana text the name keeps
    # the parser's "zh"; what matters is the split, family first.
    assert (name.family, name.given, name.style) == ("宮地", "元彦", "eastern")
    assert first.titles == ()  # title "" stays empty: no title is made up
    assert first.language is None and first.extras["language"] == "en"
    assert [n.kind for n in first.notes] == ["language"]
    assert second.language == "de" and second.titles[0].lang == "de"


def test_a_chinese_work_is_tagged_by_its_script() -> None:
    records = list(normaliser.read(LIST))
    chinese = records[1]
    assert chinese.titles[0].lang == "zh-Hans" and chinese.language == "zh-Hans"
    assert (
        chinese.abstracts[0].text
        == "降水变化深刻影响草地土壤碳循环。本研究开展了三年的降水控制试验。"
    )
    assert chinese.contributors[0].names[0].family == "曾"


def test_a_list_page_is_one_record_per_result_and_its_cursor_a_note() -> None:
    records = list(normaliser.read(LIST))
    assert len(records) == 3
    paging = [n for r in records for n in r.notes if n.kind == "paging"]
    assert len(paging) == 1 and "next_cursor" in paging[0].message
    assert [p.code for p in records[2].publication_types] == ["preprint"]


def test_broken_works_are_rejected_naming_the_field_and_the_rest_read() -> None:
    items = list(normaliser.read(BROKEN, errors="yield"))
    assert [type(i).__name__ for i in items] == ["Record", "Reject", "Reject", "Reject"]
    good = items[0]
    assert isinstance(good, Record) and good.extras["cited_by_count"] == "lots"
    rejects = [i for i in items if isinstance(i, Reject)]
    assert "doi" in rejects[0].messages
    assert "abstract_inverted_index" in rejects[1].messages
    assert "truncated" in str(rejects[2].error)


def test_strict_refuses_a_key_it_does_not_know() -> None:
    import json

    data = json.loads(WORK.read_text(encoding="utf-8"))
    openalex.from_dict(data, strict=True)
    with pytest.raises(InvalidRecord, match="unknown key"):
        openalex.from_dict({**data, "x_new": 1}, strict=True)


@pytest.mark.parametrize("path", [WORK, LIST, JAPANESE, BROKEN])
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
        if record.volume:
            assert meta.findtext("volume") == record.volume
        if record.fpage:
            assert meta.findtext("fpage") == record.fpage
        assert meta.find("pub-date") is not None
        if record.journal is not None:
            title = article.find("front/journal-meta/journal-title-group/journal-title")
            assert title is not None and title.text == record.journal.titles[0].value


def test_an_entity_that_is_no_work_is_refused_by_name() -> None:
    """An author (or source, institution…) among works is a reject naming what it is, never a
    record made of its display name."""
    api = Path(__file__).parent.parent / "corpus" / "api"
    work = json.dumps(json.loads(WORK.read_text(encoding="utf-8")), ensure_ascii=False)
    author = json.dumps(json.loads((api / "openalex-author.json").read_text(encoding="utf-8")))
    items = list(normaliser.read(f"{work}\n{author}\n", "openalex", errors="yield"))
    assert isinstance(items[0], Record)
    assert isinstance(items[1], Reject)
    assert "an OpenAlex author, not a work" in str(items[1].error)
    assert items[1].raw == author
