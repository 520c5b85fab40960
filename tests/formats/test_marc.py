"""MARC 21 (formats ``marc`` and ``marcxml``): the official schema, the independent tools in
Debian (yaz-marcdump, Perl MARC::Lint) as oracles, Model A's 880 pairs, records of other
systems with 880s in Chinese, Japanese and Korean, rejects with their bytes, extras."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import normaliser
from normaliser import marcio, xmlio
from normaliser.declare import IDENTIFIER, PROSE, URL, Field, Fields
from normaliser.errors import InvalidOutput
from normaliser.formats import marc as marc21
from normaliser.record import (
    Contributor,
    Identifier,
    Journal,
    Link,
    Name,
    Prose,
    Record,
    Reject,
    Term,
    Text,
)

from ..conftest import SAMPLES

OFFICIAL_XSD = Path("/work/shared/schemas/MARC21slim.xsd")
LINT = Path(__file__).resolve().parent.parent / "marc_lint.pl"

#: The cases written as MARC 21 (their goldens: marcxml.xml, marcxml-a.xml, marc.mrc): the
#: seed record, two bilingual articles (one from CNKI), a Traditional-script record, a thesis.
CASES = {
    "ijn-2025": "aggregator.txt",
    "bilingual-2023": "aggregator.txt",
    "cnki-noteexpress-journal": "noteexpress.net",
    "traditional-2022": "aggregator.txt",
    "cnki-thesis": "noteexpress.net",
}


def _records(case: str) -> list[Record]:
    path = SAMPLES / case / CASES[case]
    return [r for r in normaliser.read(path, path.stem) if isinstance(r, Record)]


def _needs(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (Debian: apt-get install yaz libmarc-lint-perl)")


def _perl_lint() -> None:
    _needs("perl")
    found = subprocess.run(["perl", "-MMARC::Lint", "-e", "1"], capture_output=True, check=False)
    if found.returncode:
        pytest.skip("Perl MARC::Lint is not installed (Debian: apt-get install libmarc-lint-perl)")


@pytest.mark.parametrize("model", ["a", "b"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_marcxml_written_is_valid_against_the_official_schema(case: str, model: str) -> None:
    if not OFFICIAL_XSD.exists():
        pytest.skip(f"the official MARC21slim.xsd is not at {OFFICIAL_XSD}")
    written = normaliser.write(_records(case), "marcxml", marc_model=model)
    errors = xmlio.validate(xmlio.parse(written.encode()), xmlio.xsd(str(OFFICIAL_XSD)))
    assert errors == []


@pytest.mark.parametrize("model", ["a", "b"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_yaz_makes_of_the_marcxml_the_iso2709_written(
    case: str, model: str, tmp_path: Path
) -> None:
    _needs("yaz-marcdump")
    records = _records(case)
    xml = tmp_path / "r.xml"
    xml.write_text(normaliser.write(records, "marcxml", marc_model=model), encoding="utf-8")
    converted = subprocess.run(
        ["yaz-marcdump", "-i", "marcxml", "-o", "marc", str(xml)], capture_output=True, check=True
    ).stdout
    assert converted == normaliser.write(records, "marc", marc_model=model).encode("utf-8")


@pytest.mark.parametrize("model", ["a", "b"])
def test_marc_lint_reports_nothing_on_the_samples(model: str, tmp_path: Path) -> None:
    _perl_lint()
    paths = []
    for case in sorted(CASES):
        path = tmp_path / f"{case}.mrc"
        path.write_bytes(normaliser.write(_records(case), "marc", marc_model=model).encode())
        paths.append(str(path))
    found = subprocess.run(
        ["perl", str(LINT), *paths], capture_output=True, text=True, check=True
    ).stdout
    assert found == ""


def test_marc_lint_is_an_oracle_that_does_warn(tmp_path: Path) -> None:
    _perl_lint()
    bad = marcio.MarcRecord(
        "00000naa a2200000 i 4500",
        [marcio.DataField("245", "1", "0", [("a", "Title"), ("b", "no equals sign")])],
    )
    path = tmp_path / "bad.mrc"
    path.write_bytes(marcio.to_iso2709(bad))
    found = subprocess.run(["perl", str(LINT), str(path)], capture_output=True, text=True).stdout
    assert "245: Must end with . (period)." in found


def test_model_a_writes_romanised_fields_linked_to_880s() -> None:
    record = Record(
        titles=(Text("次按驟變", "zh-Hant"),),
        contributors=(Contributor((Name("林", "行止", "eastern", "zh-Hant"),)),),
        language="zh-Hant",
    )
    marc = marcio.from_iso2709(normaliser.write([record], "marc", marc_model="a").encode())
    [person] = marc.data("100")
    [title] = marc.data("245")
    assert person.subfields[:2] == [("6", "880-01"), ("a", "Lin, Xingzhi,")]
    assert title.subfields == [("6", "880-02"), ("a", "Ci an zhou bian.")]
    links = {f.first("6"): f.first("a") for f in marc.data("880")}
    assert links == {"100-01/$1": "林行止,", "245-02/$1": "次按驟變."}
    # Model B (the default): the Han script in the fields themselves, no 880.
    model_b = marcio.from_iso2709(normaliser.write([record], "marc").encode())
    assert model_b.data("245")[0].first("a") == "次按驟變."
    assert not model_b.data("880")


def test_model_a_880_pairs_read_back_as_one_bilingual_record() -> None:
    [record] = _records("bilingual-2023")
    [back] = normaliser.read(normaliser.write([record], "marcxml", marc_model="a"), "marcxml")
    assert isinstance(back, Record)
    by_variant = {(t.lang, t.variant): t.value for t in back.titles}
    assert by_variant[("en", "original")] == record.titles[0].value
    assert by_variant[("zh-Hans", "translation")] == record.titles[1].value
    assert by_variant[("zh-Latn-pinyin", "transliteration")].startswith("Fen ji duo kong tan")
    assert {p.lang for p in back.abstracts} == {"en", "zh-Hans"}  # the unlinked 880 520


# An LC record (LCCN 2009373513, DOMAIN-CATALOGUE §1.4) and records of the kind Japanese and
# Korean catalogues send: Model A, the original script in 880s.
_OTHER_SYSTEMS = """<collection xmlns="http://www.loc.gov/MARC21/slim">
<record>
  <leader>01213nam a22003614a 4500</leader>
  <controlfield tag="001">2009373513</controlfield>
  <controlfield tag="008">090114s2008    ch            000 0 chi d</controlfield>
  <datafield tag="066" ind1=" " ind2=" "><subfield code="c">$1</subfield></datafield>
  <datafield tag="100" ind1="1" ind2=" ">
    <subfield code="6">880-01</subfield><subfield code="a">Lin, Xingzhi.</subfield></datafield>
  <datafield tag="245" ind1="1" ind2="0">
    <subfield code="6">880-02</subfield><subfield code="a">Ci an zhou bian /</subfield>
    <subfield code="c">Lin Xingzhi zhu.</subfield></datafield>
  <datafield tag="260" ind1=" " ind2=" ">
    <subfield code="6">880-04</subfield><subfield code="a">Taibei Xian Banqiao Shi :</subfield>
    <subfield code="b">Yuan jing chu ban shi ye you xian gong si,</subfield>
    <subfield code="c">2008.</subfield></datafield>
  <datafield tag="880" ind1="1" ind2=" ">
    <subfield code="6">100-01/$1</subfield><subfield code="a">林行止.</subfield></datafield>
  <datafield tag="880" ind1="1" ind2="0">
    <subfield code="6">245-02/$1</subfield><subfield code="a">次按驟變 /</subfield>
    <subfield code="c">林行止著.</subfield></datafield>
  <datafield tag="880" ind1=" " ind2=" ">
    <subfield code="6">260-04/$1</subfield><subfield code="a">臺北縣板橋市 :</subfield>
    <subfield code="b">遠景出版事業有限公司,</subfield><subfield code="c">2008.</subfield>
  </datafield>
</record>
<record>
  <leader>00000nam a2200000 i 4500</leader>
  <controlfield tag="008">150301s2015    ja            000 0 jpn d</controlfield>
  <datafield tag="100" ind1="1" ind2=" ">
    <subfield code="6">880-01</subfield><subfield code="a">Murakami, Haruki,</subfield>
    <subfield code="e">author.</subfield></datafield>
  <datafield tag="245" ind1="1" ind2="0">
    <subfield code="6">880-02</subfield>
    <subfield code="a">Shokugyō to shite no shōsetsuka.</subfield></datafield>
  <datafield tag="880" ind1="1" ind2=" ">
    <subfield code="6">100-01/$1</subfield><subfield code="a">村上春樹,</subfield>
    <subfield code="e">author.</subfield></datafield>
  <datafield tag="880" ind1="1" ind2="0">
    <subfield code="6">245-02/$1</subfield>
    <subfield code="a">職業としての小説家.</subfield></datafield>
</record>
<record>
  <leader>00000nam a2200000 i 4500</leader>
  <controlfield tag="008">160501s2016    ko            000 0 kor d</controlfield>
  <datafield tag="100" ind1="1" ind2=" ">
    <subfield code="6">880-01</subfield><subfield code="a">Han, Kang,</subfield>
    <subfield code="e">author.</subfield></datafield>
  <datafield tag="245" ind1="1" ind2="0">
    <subfield code="6">880-02</subfield><subfield code="a">Sonyŏn i onda.</subfield></datafield>
  <datafield tag="880" ind1="1" ind2=" ">
    <subfield code="6">100-01/$1</subfield><subfield code="a">한강,</subfield>
    <subfield code="e">author.</subfield></datafield>
  <datafield tag="880" ind1="1" ind2="0">
    <subfield code="6">245-02/$1</subfield><subfield code="a">소년이 온다.</subfield></datafield>
</record>
</collection>
"""


def test_records_of_other_systems_with_880s_read_as_bilingual_records() -> None:
    chinese, japanese, korean = normaliser.read(_OTHER_SYSTEMS, "marcxml")
    assert isinstance(chinese, Record) and isinstance(japanese, Record)
    assert isinstance(korean, Record)
    assert [(t.value, t.lang, t.variant) for t in chinese.titles] == [
        ("次按驟變", "zh-Hant", "original"),
        ("Ci an zhou bian", "zh-Latn-pinyin", "transliteration"),
    ]
    [lin] = chinese.contributors
    assert [(n.display, n.lang) for n in lin.names] == [
        ("林行止", "zh-Hant"),
        ("Xingzhi Lin", "zh-Latn-pinyin"),
    ]
    assert chinese.language == "zh-Hant"
    # 066 and the 260 with its 880 have no place in the record: kept, both scripts.
    kept = chinese.extras["marc"]
    assert {e["tag"] for e in kept} == {"066", "260", "880"}
    assert [(t.value, t.lang) for t in japanese.titles] == [
        ("職業としての小説家", "ja"),
        ("Shokugyō to shite no shōsetsuka", "ja-Latn"),
    ]
    assert [n.lang for n in japanese.contributors[0].names] == ["ja", "ja-Latn"]
    assert [(t.value, t.lang) for t in korean.titles] == [
        ("소년이 온다", "ko"),
        ("Sonyŏn i onda", "ko-Latn"),
    ]
    assert korean.language == "ko"


def test_a_record_with_a_bad_directory_is_a_reject_with_its_bytes() -> None:
    [record] = _records("ijn-2025")
    good = normaliser.write([record], "marc").encode()
    broken = good[:27] + b"9999" + good[31:]  # the first entry's length points past the end
    items = list(normaliser.read(good + broken + good, "marc", errors="yield"))
    assert [type(i).__name__ for i in items] == ["Record", "Reject", "Record"]
    reject = items[1]
    assert isinstance(reject, Reject)
    # Its bytes and where they were; ``data`` only when the text's UTF-8 is not them.
    assert reject.raw.encode("utf-8") == broken and reject.data is None
    assert reject.offset == len(good)
    [message] = reject.error.messages["directory"]
    assert "the directory entry for 008 (length 9999" in message


def test_a_marc8_record_is_read_through_pymarcs_decoder() -> None:
    # Leader/09 blank: MARC-8, where é is the combining acute (0xE2) before its letter.
    fields = [("008", b"250101s2025    xx            000 0 fre d"), ("245", b"10\x1faCaf\xe2e.")]
    directory = b""
    body = b""
    for tag, content in fields:
        data = content + b"\x1e"
        directory += tag.encode() + b"%04d%05d" % (len(data), len(body))
        body += data
    base = 24 + len(directory) + 1
    length = base + len(body) + 1
    leader = b"%05dnam  22%05d   4500" % (length, base)
    [record] = normaliser.read(leader + directory + b"\x1e" + body + b"\x1d", "marc")
    assert isinstance(record, Record)
    assert record.titles[0].value == "Café"


def test_unknown_fields_go_to_extras_and_are_written_back() -> None:
    record = next(normaliser.read(_OTHER_SYSTEMS, "marcxml"))
    assert isinstance(record, Record)
    again = marcio.from_iso2709(normaliser.write([record], "marc").encode())
    assert again.data("260")[0].first("b") == "Yuan jing chu ban shi ye you xian gong si,"
    assert again.data("066")[0].subfields == [("c", "$1")]
    # The 880 of an unknown field is kept with it (before: dropped as a known tag).
    assert [f.first("6") for f in again.data("880")] == ["260-04/$1"]


def test_the_run_time_profile_refuses_what_normaliser_does_not_write() -> None:
    # An upper-case subfield code passes LC's schema (since 1.2) but is no MARC 21 code:
    # the profile refuses it, so an extras field cannot smuggle one into the output.
    record = Record(
        titles=(Text("A title", "en"),),
        extras={"marc": [{"tag": "500", "ind1": " ", "ind2": " ", "subfields": [["A", "x"]]}]},
    )
    with pytest.raises(InvalidOutput, match="MARCXML record 1 is not valid"):
        normaliser.write([record], "marcxml")
    assert '<subfield code="A">' in normaliser.write([record], "marcxml", validate=False)


def test_a_journal_article_is_an_analytic_record_with_its_host() -> None:
    [record] = _records("ijn-2025")
    marc = marcio.from_iso2709(normaliser.write([record], "marc").encode())
    assert marc.leader[5:10] == "naa a"
    [host] = marc.data("773")
    assert host.ind1 == "0"
    assert host.first("t") == "International Journal of Nanomedicine"
    assert host.first("g") == "Vol. 20 (2025), p. 6059-6083"
    assert host.first("q") == "20<6059"
    dois = [f for f in marc.data("024") if f.first("2") == "doi"]
    assert [(f.ind1, f.first("a")) for f in dois] == [("7", "10.2147/IJN.S502144")]
    assert {f.first("a") for f in marc.data("981")} >= {"impact-factor", "cas-zone"}


# --- FIELDS drives both directions of the simple fields -----------------------------------------

_BASE = Record(titles=(Text("A title", "en"),), language="en")


def _value_of(declared: Field) -> Any:
    """A record value of a declaration's kind (and scheme)."""
    if declared.kind == IDENTIFIER:
        if declared.scheme:
            return Identifier(declared.scheme, "978-7-302-51109-0")
        return Identifier("doi", "10.1234/abc.5")
    if declared.kind == URL:
        return Link("https://example.org/a.pdf", "pdf")
    if declared.kind == PROSE:
        return Prose((Text("Some words here.", "en"),))
    return Text("Some words", "en")


def _written_and_read(record: Record) -> tuple[list[marcio.DataField], Record]:
    written = [f for f in marc21.marc_record(record).fields if isinstance(f, marcio.DataField)]
    back = next(normaliser.read(normaliser.write([record], "marc").encode("utf-8"), "marc"))
    assert isinstance(back, Record)
    return written, back


_SIMPLE = [f for f in marc21.table().simple if not f.read_only]


def test_the_simple_fields_are_the_declared_ones_outside_the_code_pairs() -> None:
    assert {f.key for f in _SIMPLE} == {
        "020 __ $a",
        "024 7_ $a $2",
        "520 3_ $a",
        "653 _0 $a",
        "856 40 $u $3",
    }
    assert {f.key[:3] for f in marc21.table().simple} <= marc21.table().mapped
    assert not {f.key[:3] for f in marc21.table().simple} & marc21.CODE_TAGS


@pytest.mark.parametrize("declared", _SIMPLE, ids=lambda f: f.key)
def test_every_simple_declaration_is_written_at_its_key_and_read_back_as_its_path(
    declared: Field,
) -> None:
    value = _value_of(declared)
    record = replace(_BASE, **{declared.path: (value,)})
    written, back = _written_and_read(record)
    tag, ind = declared.key[:3], declared.key[4:6].replace("_", " ")
    code = declared.key.split("$")[1].strip()
    assert [f for f in written if (f.tag, f.ind1 + f.ind2) == (tag, ind) and f.first(code)]
    assert getattr(back, declared.path) == (value,)
    assert "marc" not in back.extras


def test_a_field_added_to_the_declaration_is_written_and_read_with_no_other_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # MARC 21 022 is the ISSN. Undeclared, a record's ISSN is written as 024 7_ with $2 issn;
    # declared, the writer puts it in 022 $a and the reader maps 022 back, nothing else changed.
    issn = Identifier("issn", "1234-5679")
    record = replace(_BASE, identifiers=(Identifier("doi", "10.1234/abc.5"), issn))
    written, back = _written_and_read(record)
    assert ("024", "issn") in [(f.tag, f.first("2")) for f in written]
    assert back.identifiers == record.identifiers
    added = Field("identifiers", "022 __ $a", IDENTIFIER, scheme="issn")
    monkeypatch.setattr(marc21, "FIELDS", Fields("marc", (*marc21.FIELDS, added)))
    written, back = _written_and_read(record)
    assert [(f.tag, f.subfields) for f in written if f.tag in ("022", "024")] == [
        ("022", [("a", "1234-5679")]),
        ("024", [("a", "10.1234/abc.5"), ("2", "doi")]),
    ]
    assert back.identifiers == record.identifiers
    assert "marc" not in back.extras  # 022 is mapped, not kept verbatim


def test_without_its_declaration_a_simple_field_is_kept_in_extras(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The reader knows 653 only from FIELDS: take the declaration away and it is kept verbatim.
    record = replace(_BASE, keywords=(Text("Libraries", "en"),))
    written = marc21.marc_record(record)
    monkeypatch.setattr(
        marc21, "FIELDS", Fields("marc", (f for f in marc21.FIELDS if f.path != "keywords"))
    )
    back = marc21.record_of(written)
    assert back.keywords == ()
    assert [e["tag"] for e in back.extras["marc"]] == ["653"]


# --- Facts MARC 21 keeps on write → read (issue 17) ----------------------------------------------


def _both_ways(record: Record, model: str = "b") -> tuple[marcio.MarcRecord, Record]:
    """The MARC record written (ISO 2709, read back as fields) and the Record read from it."""
    data = normaliser.write([record], "marc", marc_model=model).encode("utf-8")
    [back] = normaliser.read(data, "marc")
    assert isinstance(back, Record)
    return marcio.from_iso2709(data), back


def test_the_host_s_issns_keep_their_kind_and_its_other_titles_their_language() -> None:
    # A CNKI-style article: the journal in Chinese with its English title, a print, an online
    # and a linking ISSN. The first 773 is the host (its ISSN's kind in $i, as 776 $i says a
    # record's other form); each other title and ISSN is a 773 08 after it.
    journal = Journal(
        titles=(
            Text("铁道学报", "zh-Hans"),
            Text("Journal of the China Railway Society", "en", "translation"),
        ),
        identifiers=(
            Identifier("issn-print", "1001-8360"),
            Identifier("issn-electronic", "2095-8137"),
            Identifier("issn-l", "1001-8360"),
        ),
    )
    record = Record(titles=(Text("高速铁路", "zh-Hans"),), journal=journal, language="zh-Hans")
    for model in ("a", "b"):
        marc, back = _both_ways(record, model)
        hosts = marc.data("773")
        assert [(f.ind2, f.first("i"), f.first("x")) for f in hosts] == [
            (" ", "Print version:", "1001-8360"),
            ("8", "Translated title:", None),
            ("8", "Online version:", "2095-8137"),
            ("8", "Linking ISSN:", "1001-8360"),
        ]
        assert back.journal == journal


def test_a_corporate_body_is_a_110_or_710_and_a_name_written_whole_a_100_or_700_0() -> None:
    bodies = (
        Contributor(
            (Name(literal="全国信息与文献标准化技术委员会", style="eastern", lang="zh-Hans"),)
        ),
        Contributor((Name(literal="Soil Genomics Consortium"),)),
        Contributor((Name(literal="P. N. Huamán"),)),
        Contributor((Name(given="Bayarmaa", style="given-only"),)),
    )
    record = Record(titles=(Text("Standards", "en"),), contributors=bodies, language="en")
    marc, back = _both_ways(record)
    assert [(f.tag, f.ind1) for f in marc.fields if f.tag in ("100", "110", "700", "710")] == [
        ("110", "2"),
        ("710", "2"),
        ("700", "0"),
        ("700", "0"),
    ]
    assert back.contributors == bodies


def test_a_japanese_name_keeps_its_parts_and_a_surname_its_particle() -> None:
    # 宮地元彦 written whole reads as a Chinese name (宮 地元彦): LC writes Japanese names in the
    # vernacular inverted, 宮地, 元彦; "Souza, Ana Paula de" is read as written, not "de Souza".
    people = (
        Contributor((Name("宮地", "元彦", "eastern", "ja"),)),
        Contributor((Name("Souza", "Ana Paula de"),)),
    )
    record = Record(
        titles=(Text("自律神経・循環器応答", "ja"),), contributors=people, language="ja"
    )
    marc, back = _both_ways(record)
    assert [f.first("a") for f in marc.data("100")] == ["宮地, 元彦,"]
    assert [n for c in back.contributors for n in c.names] == [n for c in people for n in c.names]


def test_a_role_with_no_relator_code_and_every_publication_type_come_back() -> None:
    record = Record(
        titles=(Text("A title", "en"),),
        contributors=(Contributor((Name("Ruiz", "Ana"),), "contributor"),),
        publication_types=(
            Term("publication-type", "journal-article"),
            Term("publication-type", "study"),
            Term("publication-type", None, (Text("Peer-reviewed Article", "en"),)),
        ),
        language="en",
    )
    marc, back = _both_ways(record)
    assert [(f.ind2, f.first("a")) for f in marc.data("655")] == [
        ("7", "journal-article"),
        ("7", "study"),
        ("4", "Peer-reviewed Article"),
    ]
    assert back.contributors[0].role == "contributor"
    assert back.publication_types == record.publication_types


def test_language_tags_the_fields_do_not_tell_are_in_041_7_and_988() -> None:
    # An OJS record: the record's language is zh of no script (041 _7 $2 rfc5646 says it); the
    # texts' regional tags, an und journal title, a collaboration's given-only style and a
    # title's own final period are what 988 carries (the script and 041 tell the rest).
    record = Record(
        titles=(
            Text("乳杆菌的分离", "zh"),
            Text("Isolation of a Lactobacillus sp.", "en-US", "translation"),
            Text("Aislamiento de un Lactobacillus sp.", "es-ES", "translation"),
        ),
        contributors=(Contributor((Name(literal="HEXA Collaboration", style="given-only"),)),),
        abstracts=(Prose((Text("Some words.", "en-US"),)), Prose((Text("Palabras.", "es-ES"),))),
        keywords=(Text("lactobacilli", "en-US"),),
        journal=Journal(titles=(Text("SOIL", "und"),)),
        language="zh",
    )
    for model in ("a", "b"):
        marc, back = _both_ways(record, model)
        exact = [f for f in marc.data("041") if f.ind2 == "7"]
        assert [(f.first("a"), f.first("2")) for f in exact] == [("zh", "rfc5646")]
        assert {f.first("a") for f in marc.data("988")} >= {"titles", "journal.titles"}
        assert back.language == "zh"
        # Model A adds the romanisation of the Chinese title.
        assert [t for t in back.titles if t.variant != "transliteration"] == list(record.titles)
        assert back.contributors == record.contributors
        assert back.keywords == record.keywords
        assert back.journal == record.journal
        assert [p.paragraphs[0].lang for p in back.abstracts] == ["en-US", "es-ES"]


def test_a_record_the_fields_tell_all_of_has_no_988() -> None:
    [record] = _records("bilingual-2023")
    marc, _ = _both_ways(record)
    assert marc.data("988") == []
    assert [f for f in marc.data("041") if f.ind2 == "7"] == []


def test_where_the_source_found_an_identifier_is_in_988() -> None:
    # ijn-2025's second identifier came from Semantic Scholar's openAccessPdf: MARC 21 has no
    # place for that (024 says the scheme), 988 $d does.
    [record] = _records("ijn-2025")
    marc, back = _both_ways(record)
    assert [f.subfields for f in marc.data("988")] == [
        [("a", "identifiers"), ("b", "2"), ("d", "openAccessPdf")]
    ]
    assert set(back.identifiers) == set(record.identifiers)


def test_another_system_s_988_is_kept_in_extras() -> None:
    # 988 is a local field: one that is not ours (no record path in $a) is kept verbatim.
    [record] = _records("bilingual-2023")
    marc = marc21.marc_record(record)
    theirs = marcio.DataField("988", " ", " ", [("a", "Shelved in the annex")])
    back = marc21.record_of(replace(marc, fields=[*marc.fields, theirs]))
    assert back.extras["marc"][-1] == {
        "tag": "988",
        "ind1": " ",
        "ind2": " ",
        "subfields": [["a", "Shelved in the annex"]],
    }
