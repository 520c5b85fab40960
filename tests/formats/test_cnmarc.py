"""CNMARC (issue 21): the record label and 100, pinyin conventions, unknown fields kept, damaged
records rejected with their bytes, cnmarcxml valid against the project's profile."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import normaliser
from normaliser import marcio, xmlio
from normaliser.declare import CODE, IDENTIFIER, PROSE, URL, Field, Fields
from normaliser.errors import InvalidOutput, InvalidRecord
from normaliser.formats import cnmarc
from normaliser.record import (
    Contributor,
    Dated,
    Heading,
    Identifier,
    Journal,
    Link,
    Mark,
    Name,
    PartialDate,
    Prose,
    Record,
    Term,
    Text,
)
from normaliser.resources import schema

from ..conftest import SAMPLES
from ..test_golden import _records, input_of, read

_HAN = normaliser.names.parse_name("单宏伟")
_PINYIN = normaliser.names.pinyin(_HAN)
assert _PINYIN is not None
RECORD = Record(
    titles=(
        Text("少年小树之歌", "zh-Hans"),
        Text("The education of Little Tree", "en", "translation"),
    ),
    contributors=(Contributor((_HAN, _PINYIN)),),  # the reader gives the pinyin form too
    journal=Journal(titles=(Text("铁道学报", "zh-Hans"),)),
    volume="20",
    fpage="7",
    lpage="12",
    dates=(Dated("published", PartialDate(2025)),),
    subjects=(Term("clc", "U213.2"),),
    publication_types=(Term("publication-type", "journal-article"),),
    language="zh-Hans",
)


def _marc(text: str) -> marcio.MarcRecord:
    return marcio.from_iso2709(text.encode("utf-8"), encoding="utf-8")


def test_the_label_leaves_position_9_blank_and_100_says_unicode() -> None:
    written = normaliser.write(RECORD, "cnmarc")
    marc = _marc(written)
    assert marc.leader[9] == " "  # pymarc's as_marc sets "a" (MARC 21's Unicode)
    assert marc.leader[6:8] == "aa" and marc.leader[20:23] == "450"
    [general] = marc.data("100")
    assert (general.first("a") or "")[26:28] == "50"
    assert int(written.encode("utf-8")[:5]) == len(written.encode("utf-8"))


def test_title_parallel_title_and_persons_with_pinyin_in_9_by_default() -> None:
    marc = _marc(normaliser.write(RECORD, "cnmarc"))
    [title] = marc.data("200")
    assert title.subfields[:4] == [
        ("a", "少年小树之歌"),
        ("9", "shao nian xiao shu zhi ge"),
        ("d", "The education of Little Tree"),
        ("z", "eng"),
    ]
    assert title.first("f") == "单宏伟"
    [parallel] = marc.data("510")
    assert parallel.subfields == [("a", "The education of Little Tree"), ("z", "eng")]
    [person] = marc.data("701")
    assert person.subfields == [("a", "单宏伟"), ("9", "shan hong wei"), ("4", "著")]
    [language] = marc.data("101")
    assert (language.ind1, language.first("a")) == ("0", "chi")
    assert [f.first("a") for f in marc.data("690")] == ["U213.2"]
    [host] = marc.data("463")
    assert ("a", "铁道学报") in host.subfields and host.first("v") == "Vol. 20, p. 7-12"


def test_calis_pinyin_goes_in_upper_case_subfields() -> None:
    marc = _marc(normaliser.write(RECORD, "cnmarc", cnmarc_pinyin="upper"))
    [title] = marc.data("200")
    assert title.first("A") == "Shao Nian Xiao Shu Zhi Ge" and title.first("9") is None
    assert title.first("F") == "Shan Hong Wei"
    [person] = marc.data("701")
    assert person.first("A") == "Shan Hong Wei"
    # and it reads back as the same record, the pinyin a form of the name, not a second person
    [back] = normaliser.read(
        normaliser.write(RECORD, "cnmarc", cnmarc_pinyin="upper").encode(), "cnmarc"
    )
    assert len(back.contributors) == 1 and back.title == RECORD.title


def test_unknown_fields_go_to_extras_and_are_written_back() -> None:
    marc = _marc(normaliser.write(RECORD, "cnmarc"))
    marc.fields.append(marcio.DataField("801", " ", "0", [("a", "CN"), ("b", "NLC")]))
    data = marcio.to_iso2709(marc, coding=" ")
    [back] = normaliser.read(data, "cnmarc")
    assert back.extras["cnmarc"] == [["801", " 0", [["a", "CN"], ["b", "NLC"]]]]
    again = _marc(normaliser.write(back, "cnmarc"))
    assert [f.subfields for f in again.data("801")] == [[("a", "CN"), ("b", "NLC")]]


def test_a_700_of_another_catalogue_is_a_contributor_and_not_also_an_extra() -> None:
    # UNIMARC's 700 (the person of primary responsibility) was read as a contributor and also
    # kept in extras, so writing the record back gave the person twice (a 701 and the 700).
    marc = _marc(normaliser.write(RECORD, "cnmarc"))
    for f in marc.fields:
        if f.tag == "701":
            f.tag = "700"
    [back] = normaliser.read(marcio.to_iso2709(marc, coding=" "), "cnmarc")
    assert "cnmarc" not in back.extras
    assert len(back.contributors) == len(RECORD.contributors)
    [again] = normaliser.read(normaliser.write(back, "cnmarc").encode("utf-8"), "cnmarc")
    assert len(again.contributors) == len(RECORD.contributors)


def test_a_bad_directory_is_a_reject_with_its_bytes() -> None:
    good = normaliser.write(RECORD, "cnmarc").encode("utf-8")
    bad = good[:27] + b"0099" + good[31:]  # 100's length points past its terminator
    items = list(normaliser.read(good + bad + good, "cnmarc", errors="yield"))
    assert [type(i).__name__ for i in items] == ["Record", "Reject", "Record"]
    reject = items[1]
    assert isinstance(reject, normaliser.Reject)
    assert "directory" in reject.error.messages
    assert (reject.data or reject.raw.encode("utf-8")) == bad


def test_cnmarcxml_is_valid_against_the_profile_and_reads_back() -> None:
    written = normaliser.write(RECORD, "cnmarcxml")
    root = xmlio.parse(written.encode("utf-8"), "cnmarcxml")
    xmlio.validated(root, xmlio.xsd(str(schema(cnmarc.SCHEMA))), "cnmarcxml")
    assert xmlio.namespace(root) == cnmarc.CNMARCXML_NS
    [back] = normaliser.read(written.encode("utf-8"), "cnmarcxml")
    keeps = cnmarc.KEEPS
    assert back.restricted_to(keeps) == RECORD.restricted_to(keeps)


def test_the_profile_refuses_what_cnmarcxml_cannot_hold() -> None:
    written = normaliser.write(RECORD, "cnmarcxml").replace('tag="200"', 'tag="2000"')
    root = xmlio.parse(written.encode("utf-8"), "cnmarcxml")
    with pytest.raises(InvalidOutput, match="2000"):
        xmlio.validated(root, xmlio.xsd(str(schema(cnmarc.SCHEMA))), "cnmarcxml")


def test_a_marc21_record_is_refused_naming_its_format() -> None:
    marc = marcio.MarcRecord(
        "00000naa a2200000 a 4500", [marcio.DataField("245", "1", "0", [("a", "A title")])]
    )
    with pytest.raises(InvalidRecord, match="--from marc"):
        cnmarc.from_fields(marc)


_GOLDEN = sorted((SAMPLES).glob("*/cnmarc.mrc"))


def test_there_are_cnmarc_goldens() -> None:
    # the seed record, a bilingual CNKI article, a Traditional-script record, a thesis
    assert {p.parent.name for p in _GOLDEN} >= {
        "ijn-2025",
        "cnki-noteexpress-journal",
        "traditional-2022",
        "cnki-thesis",
    }


@pytest.mark.parametrize("golden", _GOLDEN, ids=lambda p: p.parent.name)
def test_each_golden_reads_back_and_writes_again_as_itself(golden: Path) -> None:
    # What the golden says is read whole: writing what is read gives the same bytes (the
    # source's facts beyond KEEPS, such as an epub date's kind, are the round trip's to check).
    back = list(normaliser.read(golden, "cnmarc"))
    assert len(back) == len(_records(read(input_of(golden.parent))))
    assert normaliser.write(back, "cnmarc") == golden.read_text(encoding="utf-8")
    assert list(normaliser.read(golden.parent / "cnmarcxml.xml", "cnmarcxml")) == back


_YAZ = shutil.which("yaz-marcdump")


@pytest.mark.skipif(
    _YAZ is None, reason="yaz-marcdump not installed (Debian yaz; .ci/run installs it)"
)
@pytest.mark.parametrize("golden", _GOLDEN, ids=lambda p: p.parent.name)
def test_yaz_converts_the_cnmarcxml_to_the_iso2709_written_byte_for_byte(golden: Path) -> None:
    # An independent reader and writer: yaz-marcdump turns the cnmarcxml into ISO 2709 (its
    # lengths and directory of its own making); only Leader/09 differs (yaz writes a).
    assert _YAZ is not None
    xml = golden.parent / "cnmarcxml.xml"
    made = subprocess.run(
        [_YAZ, "-i", "marcxml", "-o", "marc", str(xml)], capture_output=True, check=True
    ).stdout
    expected = golden.read_bytes()
    assert made[:9] + made[10:] == expected[:9] + expected[10:]
    assert expected[9:10] == b" "


def _round_trip(record: Record) -> Record:
    [back] = normaliser.read(normaliser.write(record, "cnmarc").encode("utf-8"), "cnmarc")
    assert isinstance(back, Record)
    return back


def test_keeps_claims_no_inline_marks_nor_abstract_headings() -> None:
    # 200, 330 and 610 hold plain text: bold, italic, sup and sub and a structured abstract's
    # section titles are not carried, so KEEPS claims the text, its language and variant only.
    record = replace(
        RECORD,
        titles=(Text("H2O 的结构", "zh-Hans", marks=(Mark(1, 2, "sub"),)),),
        abstracts=(
            Prose(
                (
                    Text("目的 研究水", "zh-Hans", marks=(Mark(0, 2, "bold"),)),
                    Text("结果 好", "zh-Hans"),
                ),
                headings=(Heading(1, Text("结果", "zh-Hans")),),
            ),
        ),
        keywords=(Text("CO2 排放", "zh-Hans", marks=(Mark(2, 3, "sub"),)),),
    )
    keeps = cnmarc.KEEPS
    assert {"titles.value", "abstracts.paragraphs.value", "keywords.lang"} <= keeps
    assert not {"titles", "abstracts", "keywords"} & keeps
    back = _round_trip(record)
    assert back.restricted_to(keeps) == record.restricted_to(keeps)
    assert [p.value for p in back.abstracts[0].paragraphs] == ["目的 研究水", "结果 好"]


def test_the_host_keeps_each_issn_with_its_medium_and_other_journal_ids() -> None:
    # 463 embeds an 011 per ISSN, its medium in $b (UNIMARC's qualification "used to distinguish
    # between ISSN if a record contains more than one"), ISSN-L in $f, and an 017 per other
    # journal identifier (a CN number, a publisher's id) with its scheme in $2.
    ids = (
        Identifier("cn", "11-2148/R"),
        Identifier("publisher-id", "zyhjdl"),
        Identifier("issn-print", "1001-0505"),
        Identifier("issn-electronic", "2095-9621"),
        Identifier("issn-l", "1001-0505"),
    )
    record = replace(RECORD, journal=Journal(titles=RECORD.journal.titles, identifiers=ids))
    marc = _marc(normaliser.write(record, "cnmarc"))
    [host] = marc.data("463")
    assert ("b", "electronic") in host.subfields and ("2", "cn") in host.subfields
    back = _round_trip(record)
    assert back.journal is not None and back.journal.identifiers == record.journal.identifiers


def test_dates_of_every_kind_are_kept_in_the_local_field_beside_210() -> None:
    # 210 $d holds the publication date only; every date with its kind (received, accepted,
    # epub, ppub…), the source's name for it, its season and range go to local field 919.
    dates = (
        Dated("received", PartialDate(2023, 1, 12)),
        Dated("accepted", PartialDate(2023, 3, 16), label="rev-accepted"),
        Dated("epub", PartialDate(2023, 5, 22)),
        Dated("ppub", PartialDate(2023), season="Spring"),
        Dated("collection", PartialDate(2023), end=PartialDate(2024), history=True),
    )
    record = replace(RECORD, dates=dates)
    marc = _marc(normaliser.write(record, "cnmarc"))
    [imprint] = marc.data("210")
    assert imprint.first("d") == "2023-05-22"  # the first publication date (publication_date)
    assert [f.first("b") for f in marc.data(cnmarc.DATES_TAG)] == [d.kind for d in record.dates]
    back = _round_trip(record)
    assert back.dates == record.dates
    # One plain publication date needs no local field.
    assert not _marc(normaliser.write(RECORD, "cnmarc")).data(cnmarc.DATES_TAG)


def test_a_local_919_that_is_not_a_date_stays_in_extras() -> None:
    marc = _marc(normaliser.write(RECORD, "cnmarc"))
    marc.fields.append(marcio.DataField("919", " ", " ", [("a", "馆藏"), ("b", "A1")]))
    [back] = normaliser.read(marcio.to_iso2709(marc, coding=" "), "cnmarc")
    assert back.dates == RECORD.dates
    assert ["919", "  ", [["a", "馆藏"], ["b", "A1"]]] in back.extras["cnmarc"]


def test_subjects_of_other_vocabularies_go_to_606_and_686_with_their_system_code() -> None:
    # 690 is CLC's; a labelled term of another vocabulary is a 606 with the vocabulary as its
    # system code in $2, a coded one a 686 (other class numbers) with $2. A 606 without $2
    # is still a keyword.
    subjects = (
        Term("clc", "U213.2"),
        Term("field-of-study", labels=(Text("材料科学", "zh-Hans"),)),
        Term("cas-category", "computer-science"),
    )
    record = replace(RECORD, subjects=subjects, keywords=(Text("铁路", "zh-Hans"),))
    marc = _marc(normaliser.write(record, "cnmarc"))
    assert [(f.first("a"), f.first("2")) for f in marc.data("606")] == [
        ("材料科学", "field-of-study")
    ]
    assert [(f.first("a"), f.first("2")) for f in marc.data("686")] == [
        ("computer-science", "cas-category")
    ]
    back = _round_trip(record)
    # In tag order (606, 686, 690): the order across vocabularies is not kept.
    assert set(back.subjects) == set(record.subjects) and back.keywords == record.keywords


def test_a_han_name_split_otherwise_than_a_chinese_name_keeps_its_family_in_a_and_given_in_b() -> (
    None
):
    # 宮地 元彦 (Japanese) joined as 宮地元彦 would be read as the Chinese 宮 地元彦 with a
    # made-up pinyin: written as ␣1 $a family $b given instead, as a Western name is. A
    # Chinese name stays whole in $a. (Its language, ja, has no place in 701.)
    miyachi = normaliser.names.parse_name("宮地元彦")
    assert (miyachi.family, miyachi.given) != ("宮地", "元彦")
    name = Name("宮地", "元彦", "eastern", "ja")
    record = replace(RECORD, contributors=(Contributor((name,)), *RECORD.contributors))
    marc = _marc(normaliser.write(record, "cnmarc"))
    first, second = marc.data("701")
    assert (first.ind2, first.first("a"), first.first("b")) == ("1", "宮地", "元彦")
    assert (second.ind2, second.first("a"), second.first("b")) == ("0", "单宏伟", None)
    back = _round_trip(record)
    [read] = back.contributors[0].names
    assert (read.family, read.given, read.style) == ("宮地", "元彦", "eastern")
    assert back.contributors[1:] == record.contributors[1:]


def test_a_body_is_a_711_or_712_and_a_contributor_without_relator_a_702_without_4() -> None:
    # A Han name the record says must not be split (a committee), which a personal-name reading
    # would split (全 国信息…), is a corporate body: 711 02 (primary responsibility) or 712 02.
    # A contributor of no stated role is a 702 without $4; it was dropped.
    committee = Name(literal="全国信息与文献标准化技术委员会", style="eastern", lang="zh-Hans")
    body = Name(literal="Universidad de Alicante. Departamento de Enfermería", lang="es")
    record = replace(
        RECORD,
        contributors=(
            Contributor((committee,)),
            *RECORD.contributors,
            Contributor((body,), "contributor"),
        ),
    )
    marc = _marc(normaliser.write(record, "cnmarc"))
    person = Contributor((Name(literal="欧阳明远", lang="zh-Hans"),))  # unsplit, still a person
    assert not _marc(normaliser.write(replace(RECORD, contributors=(person,)), "cnmarc")).data(
        "711"
    )
    [corporate] = marc.data("711")
    assert (corporate.ind1 + corporate.ind2, corporate.first("a")) == ("02", committee.literal)
    [secondary] = marc.data("702")
    assert (secondary.first("a"), secondary.first("4")) == (body.literal, None)
    back = _round_trip(record)
    # In tag order (701, 702, 711): persons first, then bodies.
    person, other, author = back.contributors
    assert person == RECORD.contributors[0]
    assert (other.role, [n.literal for n in other.names]) == ("contributor", [body.literal])
    assert (author.role, author.names) == ("author", (committee,))


def test_a_role_with_no_relator_of_its_own_is_written_as_it_is_and_read_back() -> None:
    # The source's own role (DSpace's advisor, eLife's senior_editor) has no CNMARC relator
    # word: the person was dropped. It is a 702 with the role itself in $4, read back as is;
    # the relators the table knows still read as their roles.
    advisor = Contributor((Name("Sun", "Guoqiang"),), "advisor")
    record = replace(RECORD, contributors=(*RECORD.contributors, advisor))
    marc = _marc(normaliser.write(record, "cnmarc"))
    [other] = marc.data("702")
    assert (other.first("a"), other.first("b"), other.first("4")) == ("Sun", "Guoqiang", "advisor")
    back = _round_trip(record)
    assert back.contributors[1] == advisor


def test_a_romanised_form_other_than_the_pinyin_is_a_linked_701_in_latin_script() -> None:
    # 謝佳豪's Wade-Giles form (Hsieh Chia-Hao), or a hyphenated pinyin as CNKI writes it, is
    # not what $9 gives back: it is a second 701 ␣1 in Latin script ($7 ba) linked to the Han
    # one by $6, read back as a form of the same person, never a second person.
    han = normaliser.names.parse_name("謝佳豪")
    wade = Name("Hsieh", "Chia-Hao", "western", "zh-Latn", "transliteration")
    generated = normaliser.names.pinyin(han)
    assert generated is not None
    record = replace(RECORD, contributors=(Contributor((han, wade, generated)),))
    marc = _marc(normaliser.write(record, "cnmarc"))
    main, linked = marc.data("701")
    assert main.first("6") == linked.first("6") and linked.first("7") == "ba"
    assert (linked.ind2, linked.first("a"), linked.first("b")) == ("1", "Hsieh", "Chia-Hao")
    [back] = _round_trip(record).contributors
    assert set(back.names) == {han, wade, generated}


# --- FIELDS drives both directions of the simple fields -----------------------------------------

_BASE = Record(titles=(Text("A title", "en"),), language="en")
DOI = Identifier("doi", "10.1234/abc.5")


def _value_of(declared: Field) -> Any:
    """A record value of a declaration's kind (and scheme)."""
    if declared.kind == IDENTIFIER:
        return Identifier(declared.scheme, "978-7-302-51109-0") if declared.scheme else DOI
    if declared.kind == CODE:
        return Term(declared.scheme, "R473")
    if declared.kind == URL:
        return Link("https://example.org/a.pdf", "pdf")
    if declared.kind == PROSE:
        return Prose((Text("Some words here.", "en"),))
    return Text("Some words", "en")


def _written_and_read(record: Record) -> tuple[list[marcio.DataField], Record]:
    written = [f for f in cnmarc.fields_of(record).fields if isinstance(f, marcio.DataField)]
    back = next(normaliser.read(normaliser.write([record], "cnmarc").encode("utf-8"), "cnmarc"))
    assert isinstance(back, Record)
    return written, back


_SIMPLE = [f for f in cnmarc.table().simple if not f.read_only]


def test_the_simple_fields_are_the_declared_ones_outside_the_code_pairs() -> None:
    assert {f.key for f in _SIMPLE} == {"010$a", "017$a", "330$a", "610$a", "690$a", "856$u"}
    assert {f.key for f in cnmarc.table().simple if f.read_only} == {"606$a"}
    assert {f.key[:3] for f in cnmarc.table().simple} <= cnmarc.table().mapped


@pytest.mark.parametrize("declared", _SIMPLE, ids=lambda f: f.key)
def test_every_simple_declaration_is_written_at_its_key_and_read_back_as_its_path(
    declared: Field,
) -> None:
    value = _value_of(declared)
    record = replace(_BASE, **{declared.path: (value,)})
    written, back = _written_and_read(record)
    tag, code = declared.key.split("$")
    assert [f for f in written if f.tag == tag and f.first(code)], declared.key
    assert getattr(back, declared.path) == (value,)
    assert "cnmarc" not in back.extras


def test_a_read_only_declaration_is_read_not_written() -> None:
    # 606 $a with no $2 is a keyword (the read-only declaration); with $2 a subject label.
    marc = cnmarc.fields_of(_BASE)
    extra = [
        marcio.DataField("606", "0", " ", [("a", "Libraries")]),
        marcio.DataField("606", "0", " ", [("a", "Catalogues"), ("2", "lcsh")]),
    ]
    back = cnmarc.from_fields(replace(marc, fields=[*marc.fields, *extra]))
    assert back.keywords == (Text("Libraries", "en"),)
    assert [t.vocabulary for t in back.subjects] == ["lcsh"]


def test_a_field_added_to_the_declaration_is_written_and_read_with_no_other_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # UNIMARC 013 is the ISMN. Undeclared, an ISMN is written as 017 with $2 ismn; declared,
    # the writer puts it in 013 $a and the reader maps 013 back, with nothing else changed.
    ismn = Identifier("ismn", "979-0-2600-0043-8")
    record = replace(_BASE, identifiers=(Identifier("isbn", "978-7-302-51109-0"), ismn))
    written, back = _written_and_read(record)
    assert ("017", "ismn") in [(f.tag, f.first("2")) for f in written]
    added = Field("identifiers", "013$a", IDENTIFIER, scheme="ismn")
    monkeypatch.setattr(cnmarc, "FIELDS", Fields("cnmarc", (*cnmarc.FIELDS, added)))
    written, back = _written_and_read(record)
    assert [(f.tag, f.subfields) for f in written if f.tag in ("010", "013", "017")] == [
        ("010", [("a", "978-7-302-51109-0")]),
        ("013", [("a", "979-0-2600-0043-8")]),
    ]
    assert back.identifiers == record.identifiers
    assert "cnmarc" not in back.extras  # 013 is mapped, not kept verbatim


# --- Facts CNMARC keeps on write → read (issue 17) -----------------------------------------------


def _both_ways(record: Record) -> tuple[marcio.MarcRecord, Record]:
    """The CNMARC record written (ISO 2709, read back as fields) and the Record read from it."""
    data = normaliser.write([record], "cnmarc").encode("utf-8")
    [back] = normaliser.read(data, "cnmarc")
    assert isinstance(back, Record)
    return cnmarc.from_iso2709(data), back


def test_publication_types_the_record_label_cannot_say_are_608s() -> None:
    # A newspaper article reads as a journal article from the label (a); a dataset as a book
    # (m): the codes are 608 $a … $2 local then, every type in its order; a label of no code a
    # 608 of its own.
    for types in (
        (Term("publication-type", "newspaper-article"),),
        (Term("publication-type", "dataset"), Term("publication-type", "preprint")),
        (Term("publication-type", "journal-article"), Term("publication-type", "erratum")),
        (
            Term("publication-type", "journal-article"),
            Term("publication-type", None, (Text("PeerReviewed", "en"),)),
        ),
    ):
        record = Record(titles=(Text("A title", "en"),), publication_types=types, language="en")
        marc, back = _both_ways(record)
        assert back.publication_types == types
        coded = [f.first("a") for f in marc.data("608") if f.first("2") == "local"]
        assert coded in ([], [t.code for t in types])
    plain = Record(
        titles=(Text("A title", "en"),),
        publication_types=(Term("publication-type", "journal-article"),),
        language="en",
    )
    assert _both_ways(plain)[0].data("608") == []


def test_a_title_s_own_transliteration_is_its_pinyin_subfield() -> None:
    # The record's transliteration (a JATS trans-title, zh-Latn) is written in $9 as it is, not
    # a pinyin made anew, and read back as the transliteration (its tag from 988).
    titles = (
        Text("社区老年人认知衰退", "zh-Hans"),
        Text("Shequ laonianren renzhi shuaitui", "zh-Latn", "transliteration"),
    )
    marc, back = _both_ways(Record(titles=titles, language="zh-Hans"))
    [title] = marc.data("200")
    assert title.first("9") == "Shequ laonianren renzhi shuaitui"
    assert back.titles == titles


def test_language_tags_styles_and_names_kept_whole_are_in_988() -> None:
    # CNMARC tells a field's language by its script and 101 only: a Japanese name in a Chinese
    # record, a regional tag, a record of zh with no script, a given-only name, a Chinese name
    # kept whole (欧阳明远, which a reading would split) come back from 988.
    people = (
        Contributor((Name(literal="欧阳明远", style="eastern", lang="zh"),)),
        Contributor((Name("宮地", "元彦", "eastern", "ja"),)),
        Contributor((Name(given="Bayarmaa", style="given-only"),)),
    )
    record = Record(
        titles=(Text("资源与环境地理", "zh"), Text("Resources", "en-US", "translation")),
        contributors=people,
        keywords=(Text("地理", "zh"), Text("geography", "en-US", "translation")),
        identifiers=(Identifier("doi", "10.1234/abc", "openAccessPdf"),),
        language="zh",
    )
    marc, back = _both_ways(record)
    assert {f.first("a") for f in marc.data("988")} >= {"language", "contributors.names"}
    assert back.language == "zh"
    assert back.titles == record.titles
    assert back.keywords == record.keywords
    assert back.identifiers == record.identifiers
    # (the reader adds the pinyin of a Chinese name, as ever)
    originals = [n for c in back.contributors for n in c.names if n.variant == "original"]
    assert originals == [n for c in people for n in c.names]


def test_another_system_s_988_and_a_608_of_a_vocabulary_are_kept_in_extras() -> None:
    record = Record(titles=(Text("A title", "en"),), language="en")
    marc = cnmarc.fields_of(record)
    theirs = [
        marcio.DataField("608", " ", " ", [("a", "Textbooks"), ("2", "rbgenr")]),
        marcio.DataField("988", " ", " ", [("a", "馆藏于分馆")]),
    ]
    back = cnmarc.from_fields(replace(marc, fields=[*marc.fields, *theirs]))
    assert [entry[0] for entry in back.extras["cnmarc"]] == ["608", "988"]
    assert [t.code for t in back.publication_types] == ["book"]  # a record of no journal
