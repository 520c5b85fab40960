"""Saved Crossref REST API works (issue 20): responses, list pages, bare messages; titles in
several languages tagged by the language they are written in; nothing lost."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import normaliser
from normaliser import xmlio
from normaliser.errors import InvalidRecord
from normaliser.formats import crossref
from normaliser.record import Record, Reject, subtitles

from ..conftest import SAMPLES
from .test_jats import assert_valid

WORK = SAMPLES / "crossref-work" / "crossref.json"
LIST = SAMPLES / "crossref-list" / "crossref.json"
JAPANESE = SAMPLES / "crossref-japanese" / "crossref.jsonl"
BROKEN = SAMPLES / "crossref-broken" / "crossref.jsonl"


def message(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(WORK.read_text(encoding="utf-8"))["message"]
    data.update(changes)
    return data


def test_untagged_titles_are_tagged_by_their_language_and_paired() -> None:
    [record] = normaliser.read(WORK)
    assert [(t.value, t.lang, t.variant) for t in record.titles] == [
        ("Penisverletzung durch eine Moulinette", "de", "original"),
        ("Penile injury caused by a Moulinette", "en", "translation"),
    ]
    assert record.language == "de"


def test_the_first_title_is_not_assumed_to_be_in_the_record_language() -> None:
    data = message(
        title=["Penile injury caused by a Moulinette", "Penisverletzung durch eine Moulinette"]
    )
    record = crossref.from_dict(data)
    assert record.title is not None and record.title.lang == "de"
    assert record.titles[1].lang == "en" and record.titles[1].variant == "translation"


def test_subtitles_pair_with_titles_by_position() -> None:
    data = message(
        title=["Penisverletzung durch eine Moulinette", "Penile injury caused by a Moulinette"],
        subtitle=["Ein seltener Fall aus der Praxis", "A rare case from practice"],
    )
    record = crossref.from_dict(data)
    assert [t.value for t in record.titles] == [
        "Penisverletzung durch eine Moulinette: Ein seltener Fall aus der Praxis",
        "Penile injury caused by a Moulinette: A rare case from practice",
    ]
    # Each subtitle keeps its place (a subtitle mark), so JATS writes it as <subtitle> and
    # <trans-subtitle>, where it was part of the title text.
    assert [tuple(s.value for s in subtitles(t)[1]) for t in record.titles] == [
        ("Ein seltener Fall aus der Praxis",),
        ("A rare case from practice",),
    ]
    jats = normaliser.write(record, "jats")
    assert "<subtitle>Ein seltener Fall aus der Praxis</subtitle>" in jats
    assert "<trans-subtitle>A rare case from practice</trans-subtitle>" in jats


def test_an_empty_first_title_and_a_japanese_one() -> None:
    first = next(iter(normaliser.read(JAPANESE)))
    assert [(t.value, t.lang, t.variant) for t in first.titles] == [
        ("自律神経・循環器応答——運動トレーニングによる適応", "ja", "original")
    ]
    name = first.contributors[0].names[0]
    assert (name.family, name.given, name.style, name.lang) == ("宮地", "元彦", "eastern", "ja")
    # Crossref's language is the journal's: a work titled only in Japanese is not in English.
    assert first.language == "ja" and first.extras["language"] == "en"
    assert [n.kind for n in first.notes] == ["language"]


def test_a_chinese_work_with_an_english_translation() -> None:
    second = list(normaliser.read(JAPANESE))[1]
    assert [(t.lang, t.variant) for t in second.titles] == [
        ("zh-Hans", "original"),
        ("en", "translation"),
    ]
    assert second.abstracts[0].lang == "zh-Hans"


def test_the_abstract_is_read_as_jats_without_its_heading() -> None:
    [record] = normaliser.read(WORK)
    [abstract] = record.abstracts
    assert abstract.lang == "de"
    assert abstract.text.startswith("Wir berichten über einen 54-jährigen Patienten")
    first = next(iter(normaliser.read(LIST)))
    paragraphs = first.abstracts[0].paragraphs
    assert [p.value for p in paragraphs] == [
        "Soil bacteria of the genus Streptomyces produce CO2-fixing enzymes under drought.",
        "We sequenced 48 isolates.",
    ]
    assert {m.kind for m in paragraphs[0].marks} == {"italic", "sub"}


def test_a_structured_abstract_keeps_its_sections() -> None:
    """``<jats:sec>`` sections are read as the JATS reader reads them: headings over their
    paragraphs, tagged in the abstract's language, written back as JATS sections."""
    abstract = (
        "<jats:title>Zusammenfassung</jats:title>"
        "<jats:sec><jats:title>Hintergrund</jats:title><jats:p>Verletzungen durch "
        "Küchengeräte sind selten.</jats:p></jats:sec>"
        "<jats:sec><jats:title>Fallbericht</jats:title><jats:p>Wir berichten über einen "
        "54-jährigen Patienten.</jats:p><jats:p>Der Verlauf war komplikationslos.</jats:p>"
        "</jats:sec>"
    )
    record = crossref.from_dict(message(abstract=abstract))
    [prose] = record.abstracts
    assert [p.value for p in prose.paragraphs] == [
        "Verletzungen durch Küchengeräte sind selten.",
        "Wir berichten über einen 54-jährigen Patienten.",
        "Der Verlauf war komplikationslos.",
    ]
    assert [(h.start, h.title.value, h.title.lang) for h in prose.headings] == [
        (0, "Hintergrund", "de"),
        (1, "Fallbericht", "de"),
    ]
    root = xmlio.parse(normaliser.write([record], "jats").encode("utf-8"))
    secs = root.findall("front/article-meta/abstract/sec")
    assert [s.findtext("title") for s in secs] == ["Hintergrund", "Fallbericht"]
    assert [len(s.findall("p")) for s in secs] == [1, 2]


def test_a_list_page_is_one_record_per_item_and_its_cursor_a_note() -> None:
    records = list(normaliser.read(LIST))
    assert [r.identifier("doi") for r in records] == [
        "10.1371/journal.pone.0299876",
        "10.1016/j.soilbio.2023.109145",
        "10.1109/igarss52108.2023.10281774",
    ]
    paging = [n for r in records for n in r.notes if n.kind == "paging"]
    assert len(paging) == 1 and "DnF1ZXJ5VGhlbkZldGNoBgAAAAAAd" in paging[0].message
    first = records[0]
    assert [c.role for c in first.contributors] == ["author", "author", "author", "editor"]
    assert first.contributors[0].orcid == "0000-0002-1825-0097"
    assert first.contributors[2].names[0].display == "Soil Genomics Consortium"
    assert first.elocation_id == "e0299876"
    assert first.license == "http://creativecommons.org/licenses/by/4.0/"
    assert [p.code for p in records[2].publication_types] == ["conference-paper"]
    assert records[2].extras["event"]["location"] == "Pasadena, CA, USA"
    conference = records[2].conference
    assert conference is not None and conference.date is not None
    assert conference.names[0].value.startswith("IGARSS 2023")
    assert (conference.places[0].value, conference.date.iso()) == (
        "Pasadena, CA, USA",
        "2023-07-16",
    )


def test_journal_volume_pages_dates_and_provenance() -> None:
    [record] = normaliser.read(WORK)
    assert record.journal is not None
    assert [t.value for t in record.journal.titles] == ["Der Urologe"]
    assert record.journal.identifier("issn-print") == "0340-2592"
    assert record.journal.identifier("issn-electronic") == "1433-0563"
    assert (record.volume, record.issue, record.fpage, record.lpage) == ("46", "7", "794", "796")
    assert [(d.kind, d.date.iso()) for d in record.dates] == [
        ("published", "2007-05-19"),
        ("epub", "2007-05-19"),
        ("ppub", "2007-07"),
    ]
    assert record.provenance is not None
    assert record.provenance.format == "crossref"
    assert record.provenance.date == "2025-05-02T11:40:07Z"
    metric = record.metric("citation-count")
    assert metric is not None and (metric.value, metric.source) == ("3", "Crossref")


def _values(node: Any) -> list[Any]:
    if isinstance(node, dict):
        return [v for value in node.values() for v in _values(value)]
    if isinstance(node, list):
        return [v for value in node for v in _values(value)]
    return [node]


@pytest.mark.parametrize("path", [WORK, LIST, JAPANESE])
def test_nothing_is_lost(path: Path) -> None:
    """Every scalar of every work is somewhere in its canonical JSON (record fields or extras)."""
    for record in normaliser.read(path):
        assert isinstance(record, Record)
        written = normaliser.write([record], "json")
        doi = record.identifier("doi")
        source = _work(path, doi)
        for key, value in source.items():
            if key in ("title", "subtitle", "abstract", "author", "editor", "page", "type"):
                continue  # rewritten (joined, tagged, parsed); checked by the tests above
            for scalar in _values(value):
                if isinstance(scalar, str) and scalar:
                    assert json.dumps(scalar, ensure_ascii=False)[1:-1] in written or any(
                        scalar.endswith(i.value) for i in record.identifiers
                    ), (key, scalar)


def _work(path: Path, doi: str | None) -> dict[str, Any]:
    for line in path.read_text(encoding="utf-8").splitlines() if path.suffix == ".jsonl" else []:
        data = json.loads(line)
        if data["DOI"].lower() == (doi or "").lower():
            return dict(data)
    data = json.loads(path.read_text(encoding="utf-8"))
    found = data["message"].get("items", [data["message"]])
    return dict(next(w for w in found if w["DOI"].lower() == (doi or "").lower()))


def test_broken_items_are_rejected_naming_the_field_and_the_rest_read() -> None:
    items = list(normaliser.read(BROKEN, errors="yield"))
    assert [type(i).__name__ for i in items] == ["Record", "Reject", "Reject", "Reject"]
    good = items[0]
    assert isinstance(good, Record)
    assert good.extras["is-referenced-by-count"] == "many"
    assert any(n.kind == "unparsed" for n in good.notes)
    rejects = [i for i in items if isinstance(i, Reject)]
    assert "DOI" in rejects[0].messages
    assert "truncated" in str(rejects[1].error)
    assert "issued" in rejects[2].messages
    assert rejects[1].raw.startswith('{"indexed"')


def test_strict_refuses_a_key_it_does_not_know() -> None:
    crossref.from_dict(message())  # every key of the sample is known
    with pytest.raises(InvalidRecord, match="unknown key"):
        crossref.from_dict(message(**{"x-new-key": 1}), strict=True)


def test_an_author_list_that_is_not_a_list_names_the_field() -> None:
    with pytest.raises(InvalidRecord) as info:
        crossref.from_dict(message(author="Hautmann S"))
    assert "author" in info.value.messages


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
        if record.contributors and record.contributors[0].names[0].family:
            assert meta.find("contrib-group/contrib/name/surname") is not None
        if record.volume:
            assert meta.findtext("volume") == record.volume
        assert meta.find("pub-date") is not None
        assert article.find("front/journal-meta/journal-title-group/journal-title") is not None


def test_a_bilingual_work_has_both_titles_tagged_in_jats(jats_dtds: Path) -> None:
    document = normaliser.convert(WORK, "jats")
    meta = xmlio.parse(document.encode("utf-8")).find("front/article-meta")
    group = meta.find("title-group")
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert group.findtext("article-title") == "Penisverletzung durch eine Moulinette"
    trans = group.find("trans-title-group")
    assert trans.get(lang) == "en"
    assert trans.findtext("trans-title") == "Penile injury caused by a Moulinette"
    assert meta.findtext("contrib-group/contrib/contrib-id[@contrib-id-type='orcid']").endswith(
        "0000-0002-1825-0097"
    )


def test_an_author_sequence_the_order_does_not_say_is_kept() -> None:
    """``sequence`` first/additional is the authors' order; where it says otherwise (the first
    author listed second) the list is kept in extras, as written."""
    people = [
        {k: v for k, v in p.items() if k != "authenticated-orcid"} for p in message()["author"]
    ]
    assert crossref.from_dict(message(author=people)).extras.get("author") is None
    swapped = [dict(people[0], sequence="additional"), dict(people[1], sequence="first")]
    record = crossref.from_dict(message(author=swapped))
    assert record.extras["author"] == swapped


def test_a_response_that_holds_no_work_is_refused_by_name() -> None:
    """A member (journal, funder…) response among works is a reject naming its message-type,
    never read as a work."""
    api = Path(__file__).parent.parent / "corpus" / "api"
    work = json.dumps(json.loads(WORK.read_text(encoding="utf-8")), ensure_ascii=False)
    member = (api / "crossref-member.json").read_text(encoding="utf-8").strip()
    items = list(normaliser.read(f"{work}\n{member}\n", "crossref", errors="yield"))
    assert isinstance(items[0], Record)
    assert isinstance(items[1], Reject)
    assert "message-type member, not a work" in str(items[1].error)
    assert items[1].raw == member


def test_a_message_type_that_is_no_string_is_a_reject_naming_it() -> None:
    # Found by the ci profile of tests/test_fuzz.py: {"message-type": [], …} raised TypeError
    # (unhashable type: 'list') out of the reader instead of a reject.
    items = list(
        normaliser.read(b'{}\n{"message-type": [], "message": {}}', "crossref", errors="yield")
    )
    assert isinstance(items[1], Reject)
    assert "message-type [], not a work" in str(items[1].error)


def test_a_body_named_in_kanji_in_a_japanese_work_is_japanese() -> None:
    # Crossref gives a society as one ``name``; in a work whose title has kana, Han-only text
    # is Japanese (as its people's names are), not zh-Hant.
    data = message(
        title=["運動トレーニングによる自律神経の適応"],
        language="ja",
        author=[{"name": "日本体力医学会", "sequence": "first"}],
    )
    data.pop("original-title", None)
    record = crossref.from_dict(data)
    [body] = record.contributors
    assert (body.names[0].literal, body.names[0].lang) == ("日本体力医学会", "ja")
    del data["language"]  # the kana of the title tell it alone
    assert crossref.from_dict(data).contributors[0].names[0].lang == "ja"
