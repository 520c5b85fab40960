"""Writing JATS: the seed's front matter, both styles, Publishing on request, official DTD
validity of everything written, round trips and stability."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

import normaliser
from normaliser import xmlio
from normaliser.errors import InvalidRecord
from normaliser.formats import jats
from normaliser.record import Mark, Record, Text
from normaliser.text import settle_explicit_zh

from ..conftest import SAMPLES, SEED
from ..strategies import records
from ..test_golden import MATRIX

ARCHIVING_13 = "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.3 20210610//EN"


def official(version: str = "1.3", tagset: str = "archiving") -> Any:
    dtd = jats.official_dtd(version, tagset)
    assert dtd is not None, "the official DTDs are not installed"
    return dtd


def assert_valid(document: str, version: str = "1.3", tagset: str = "archiving") -> Any:
    root = xmlio.parse(document.encode("utf-8"))
    articles = [root] if xmlio.local(root) == "article" else list(root)
    for article in articles:
        assert xmlio.validate(xmlio.detached(article), official(version, tagset)) == []
    return root


@pytest.fixture(scope="module")
def seed_xml(jats_dtds: Path) -> str:
    return normaliser.convert(SEED, "jats")


def meta(document: str) -> Any:
    root = xmlio.parse(document.encode("utf-8"))
    return next(e for e in root.iter() if xmlio.local(e) == "article-meta")


def texts(element: Any, tag: str) -> list[str]:
    return [xmlio.text_of(e) for e in element.iter() if xmlio.local(e) == tag]


def test_seed_is_valid_13_archiving_with_everything(seed_xml: str) -> None:
    assert seed_xml.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE article PUBLIC')
    assert ARCHIVING_13 in seed_xml and 'dtd-version="1.3"' in seed_xml
    root = assert_valid(seed_xml)
    m = meta(seed_xml)
    ids = {e.get("pub-id-type"): xmlio.text_of(e) for e in m if xmlio.local(e) == "article-id"}
    assert ids == {"doi": "10.2147/IJN.S502144", "pmcid": "PMC12083498"}
    surnames = texts(m, "surname")
    assert surnames == ["Zeng", "Hu", "Chen", "Zhao", "Dai"]
    assert {e.get("name-style") for e in m.iter() if xmlio.local(e) == "name"} == {"western"}
    dates = {
        (e.get("date-type"), e.get("publication-format"), e.get("iso-8601-date"))
        for e in m
        if xmlio.local(e) == "pub-date"
    }
    assert dates == {("pub", "electronic", "2025-05-12"), ("collection", None, "2025")}
    assert (texts(m, "volume"), texts(m, "fpage"), texts(m, "lpage")) == (
        ["20"],
        ["6059"],
        ["6083"],
    )
    [abstract] = [e for e in m if xmlio.local(e) == "abstract"]
    assert abstract.get(xmlio.LANG) == "en" and xmlio.text_of(abstract).strip().startswith(
        "Breast cancer"
    )
    [uri] = [e for e in m if xmlio.local(e) == "self-uri"]
    assert (
        uri.get(f"{{{xmlio.XLINK_NS}}}href").endswith("PMC12083498/pdf/")
        and uri.get("content-type") == "pdf"
    )
    custom = dict(zip(texts(m, "meta-name"), texts(m, "meta-value"), strict=False))
    assert custom["impact-factor"] == "6.6" and custom["jcr-quartile"] == "Q1"
    assert custom["cas-zone"] == "2" and custom["citation-count"] == "0"
    categories = [
        (e.get(xmlio.LANG), xmlio.text_of(e))
        for e in m.iter()
        if xmlio.local(e) == "custom-meta"
        and xmlio.text_of(e).strip().startswith("cas-major-category")
    ]
    assert [lang for lang, _ in categories] == ["en", "zh-Hans", "zh-Hant"]
    assert root.get(xmlio.LANG) == "en"


def test_seed_14_is_valid_14(jats_dtds: Path) -> None:
    document = normaliser.convert(SEED, "jats", jats_version="1.4")
    assert 'dtd-version="1.4"' in document
    assert_valid(document, "1.4")


def test_bilingual_14_repeats_title_group_and_abstract(jats_dtds: Path) -> None:
    document = normaliser.convert(
        SAMPLES / "bilingual-2023" / "aggregator.txt", "jats", jats_version="1.4"
    )
    assert_valid(document, "1.4")
    m = meta(document)
    groups = [
        (g.get(xmlio.LANG), g.get("lang-variant")) for g in m if xmlio.local(g) == "title-group"
    ]
    assert groups == [("en", "original"), ("zh-Hans", "translation")]
    abstracts = [
        (a.get(xmlio.LANG), a.get("lang-variant")) for a in m if xmlio.local(a) == "abstract"
    ]
    assert abstracts == [("en", "original"), ("zh-Hans", "translation")]
    assert "trans-title" not in document and "trans-abstract" not in document


def test_bilingual_13_uses_trans_elements_and_inline_marks(jats_dtds: Path) -> None:
    document = normaliser.convert(SAMPLES / "bilingual-2023" / "aggregator.txt", "jats")
    assert_valid(document)
    assert '<trans-title-group xml:lang="zh-Hans">' in document
    assert '<trans-abstract xml:lang="zh-Hans">' in document
    assert (
        "CO<sub>2</sub>" in document
        and "10<sup>-5</sup>" in document
        and "<italic>In situ</italic>" in document
    )


def test_han_authors_are_eastern(jats_dtds: Path) -> None:
    document = normaliser.convert(SAMPLES / "han-authors-2024" / "aggregator.txt", "jats")
    assert_valid(document)
    names = [e for e in meta(document).iter() if xmlio.local(e) == "name"]
    first = names[0]
    assert (first.get("name-style"), first.get(xmlio.LANG)) == ("eastern", "zh-Hans")
    assert texts(first, "surname") == ["欧阳"] and texts(first, "given-names") == ["文博"]


def test_publishing_with_issns(jats_dtds: Path) -> None:
    document = normaliser.convert(
        SAMPLES / "issn-2024" / "aggregator.txt", "jats", jats_tagset="publishing"
    )
    assert "Journal Publishing DTD v1.3" in document
    assert_valid(document, "1.3", "publishing")


def test_publishing_refuses_a_record_without_issn_naming_it() -> None:
    with pytest.raises(InvalidRecord, match="ISSN") as info:
        normaliser.convert(SEED, "jats", jats_tagset="publishing")
    assert "journal" in info.value.messages


def test_cli_publishing_refusal_is_a_reject(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from normaliser.cli import main

    rejects = tmp_path / "r.jsonl"
    result = CliRunner().invoke(
        main,
        [
            "convert",
            str(SEED),
            "--to",
            "jats",
            "--jats-tagset",
            "publishing",
            "--rejects",
            str(rejects),
        ],
    )
    assert result.exit_code == 1
    assert "needs at least one ISSN" in result.stderr
    [line] = rejects.read_text(encoding="utf-8").splitlines()
    reject = json.loads(line)
    assert reject["record"] == 1 and "journal" in reject["errors"]
    assert json.loads(reject["raw"])["record_version"] == 1  # the record, losslessly


def test_several_records_are_wrapped_and_each_valid(jats_dtds: Path) -> None:
    document = normaliser.convert(SAMPLES / "jsonl-2025" / "aggregator.jsonl", "jats")
    root = assert_valid(document)
    assert xmlio.local(root) == "articles" and len(root) == 3
    assert len(list(normaliser.read(document, "jats"))) == 3


def test_inline_marks_nest_in_output() -> None:
    text = Text(
        "bold italic sup",
        "en",
        marks=(Mark(0, 11, "bold"), Mark(5, 11, "italic"), Mark(12, 15, "sup")),
    )
    document = normaliser.write(Record(titles=(text,), language="en"), "jats")
    assert (
        '<article-title xml:lang="en"><bold>bold <italic>italic</italic></bold>'
        " <sup>sup</sup></article-title>" in document
    )
    assert next(normaliser.read(document, "jats")).titles == (text,)


def test_no_validate_skips_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[str] = []
    monkeypatch.setattr(jats.writer, "validate_article", lambda *a: called.append("yes"))
    normaliser.convert(SEED, "jats", validate=False)
    assert called == []
    normaliser.convert(SEED, "jats")
    assert called == ["yes"]


@pytest.mark.parametrize("version", ["1.3", "1.4"])
@given(record=records())
def test_dtd_validity(version: str, record: Record) -> None:
    # The round trip is in tests/test_round_trip.py.
    assert_valid(normaliser.write(record, "jats", jats_version=version), version)


@pytest.mark.parametrize("version", ["1.3", "1.4"])
@given(record=records())
def test_second_pass_changes_nothing(version: str, record: Record) -> None:
    # Han text tagged bare zh is read with its script (issue 17): the reader's form is the
    # fixed point, so the record starts in it.
    record = settle_explicit_zh(record)
    once = normaliser.write(record, "jats", jats_version=version)
    twice = normaliser.write(list(normaliser.read(once, "jats")), "jats", jats_version=version)
    assert twice == once


@pytest.mark.parametrize(
    "source", [s for s, e in MATRIX if e.name == "jats.xml"], ids=lambda p: p.parent.name
)
def test_golden_jats_is_valid_and_reads_back(source: Path, jats_dtds: Path) -> None:
    # The document itself is compared in tests/test_golden.py.
    records_ = list(normaliser.read(source, errors="skip"))
    assert_valid((source.parent / "jats.xml").read_text(encoding="utf-8"))
    back = list(normaliser.read(source.parent / "jats.xml"))
    assert [r.restricted_to(jats.KEEPS) for r in back] == [
        r.restricted_to(jats.KEEPS) for r in records_
    ]


def test_validate_command_uses_the_official_dtd(tmp_path: Path, jats_dtds: Path) -> None:
    from click.testing import CliRunner

    from normaliser.cli import main

    good = tmp_path / "good.xml"
    good.write_text(normaliser.convert(SEED, "jats"), encoding="utf-8")
    bad = tmp_path / "bad.xml"
    bad.write_text(
        re.sub(
            r"<volume>20</volume>",
            "<volume>20</volume><volume-bogus/>",
            good.read_text(encoding="utf-8"),
        ),
        encoding="utf-8",
    )
    ok = CliRunner().invoke(main, ["validate", str(good)])
    assert ok.exit_code == 0, ok.stderr
    assert "valid against" in ok.stdout and "Archiving and Interchange DTD v1.3" in ok.stdout
    broken = CliRunner().invoke(main, ["validate", str(bad)])
    assert broken.exit_code == 1 and "volume-bogus" in broken.stderr


@pytest.fixture
def no_dtds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The official DTDs are not installed."""
    monkeypatch.setenv(jats.DTD_ENV, str(tmp_path / "nowhere"))
    monkeypatch.setattr(jats.dtd, "DTD_CACHE", tmp_path / "nowhere-either")
    jats.dtd._catalog.cache_clear()
    yield
    jats.dtd._catalog.cache_clear()


def test_validate_without_the_dtds_uses_the_output_profile_and_names_each_bad_record(
    tmp_path: Path, no_dtds: None
) -> None:
    from click.testing import CliRunner

    from normaliser.cli import main

    good = tmp_path / "good.xml"
    good.write_text(normaliser.convert(SEED, "jats"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(good)])
    assert result.exit_code == 0, result.stderr
    assert "valid against JATS 1.3 (normaliser output profile)" in result.stdout
    assert "DTDs are not installed" in result.stderr and jats.DTD_ENV in result.stderr

    records_ = list(normaliser.read(SAMPLES / "jsonl-2025" / "aggregator.jsonl"))
    collection = normaliser.write(records_, "jats")
    assert collection.count("<article ") == 3
    parts = collection.split("<volume>")
    bad = tmp_path / "bad.xml"
    # Records 2 and 3 get an element the profile (and JATS) does not have.
    bad.write_text(
        parts[0]
        + "<volume>"
        + parts[1]
        + "".join("<volume-bogus/><volume>" + p for p in parts[2:]),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "record 2: line" in result.stderr and "record 3: line" in result.stderr
    assert "record 1:" not in result.stderr and "volume-bogus" in result.stderr


@pytest.mark.parametrize("dtds", ["official", "profile"])
def test_validate_reports_an_undeclared_entity(
    tmp_path: Path, request: pytest.FixtureRequest, dtds: str
) -> None:
    """The DOCTYPE's system DTD is never opened (it could be any file), so the entity is never
    declared: the document is not valid, whatever the rest of it."""
    from click.testing import CliRunner

    from normaliser.cli import main

    request.getfixturevalue("jats_dtds" if dtds == "official" else "no_dtds")
    document = normaliser.convert(SEED, "jats").replace(
        '<article-title xml:lang="en">', '<article-title xml:lang="en">&foo; ', 1
    )
    document = re.sub(r"<!DOCTYPE[^>]*>", '<!DOCTYPE article SYSTEM "/etc/passwd">', document)
    path = tmp_path / "entity.xml"
    path.write_text(document, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1, result.stdout
    assert "&foo;" in result.stderr and "not declared" in result.stderr
    assert "valid against" not in result.stdout


def test_thesis_and_conference_fields_are_written_and_read_back(jats_dtds: Path) -> None:
    from normaliser.record import Conference, Degree, PartialDate, Publisher, Term

    thesis = Record(
        titles=(Text("基于深度学习的医学图像分割研究", "zh-Hans"),),
        publication_types=(Term("publication-type", "thesis"),),
        degree=Degree(Term("degree", "doctoral"), (Text("浙江大学", "zh-Hans"),)),
        publisher=Publisher((Text("浙江大学出版社", "zh-Hans"),), (Text("杭州", "zh-Hans"),)),
    )
    document = normaliser.write(thesis, "jats")
    root = assert_valid(document)
    assert root.get("article-type") == "dissertation"
    entries = {
        xmlio.text_of(e[0]): (xmlio.text_of(e[1]), e.get("vocab-term"), e.get(xmlio.LANG))
        for e in root.iter()
        if xmlio.local(e) == "custom-meta"
    }
    assert entries["degree"] == ("Doctoral", "doctoral", None)
    assert entries["degree-grantor"] == ("浙江大学", None, "zh-Hans")
    assert entries["publisher-loc"] == ("杭州", None, "zh-Hans")
    [back] = normaliser.read(document, "jats")
    assert (back.degree, back.publisher) == (thesis.degree, thesis.publisher)

    paper = Record(
        titles=(Text("A paper", "en"),),
        conference=Conference(
            (
                Text("第十届全国生物医学工程大会", "zh-Hans"),
                Text("10th National BME Congress", "en"),
            ),
            (Text("北京", "zh-Hans"),),
            PartialDate(2024, 10),
        ),
    )
    document = normaliser.write(paper, "jats", jats_version="1.4")
    root = assert_valid(document, "1.4")
    conference = next(e for e in root.iter() if xmlio.local(e) == "conference")
    children = [xmlio.local(c) for c in conference]
    assert children == ["conf-date", "conf-name", "conf-name", "conf-loc"]
    assert conference[0].get("iso-8601-date") == "2024-10"
    [back] = normaliser.read(document, "jats")
    assert back.conference == paper.conference
