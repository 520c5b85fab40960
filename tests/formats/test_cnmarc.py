"""CNMARC (issue 21): the record label and 100, pinyin conventions, unknown fields kept, damaged
records rejected with their bytes, cnmarcxml valid against the project's profile."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import normaliser
from normaliser import marcio, xmlio
from normaliser.errors import InvalidOutput, InvalidRecord
from normaliser.formats import cnmarc
from normaliser.record import Contributor, Dated, Journal, PartialDate, Record, Term, Text
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
