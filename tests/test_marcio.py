"""normaliser.marcio: the MARC record model ⇄ ISO 2709 and MARCXML, the splitter and the sniff."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normaliser import marcio, xmlio
from normaliser.errors import InvalidRecord

OFFICIAL_XSD = Path("/work/shared/schemas/MARC21slim.xsd")


def _record(leader: str = "00000naa a2200000 i 4500") -> marcio.MarcRecord:
    return marcio.MarcRecord(
        leader,
        [
            marcio.ControlField("001", "rec-1"),
            marcio.ControlField("008", "250101s2025    cc ||||| |||| 00| 0 chi d"),
            marcio.DataField("100", "1", " ", [("6", "880-01"), ("a", "Lin, Xingzhi.")]),
            marcio.DataField("245", "1", "0", [("a", "次按驟變 ="), ("b", "Sudden change.")]),
            marcio.DataField("880", "1", " ", [("6", "100-01/$1"), ("a", "林行止.")]),
        ],
    )


def test_iso2709_counts_bytes_and_reads_back() -> None:
    data = marcio.to_iso2709(_record())
    assert int(data[:5]) == len(data)
    assert data[9:10] == b"a"
    assert data.endswith(b"\x1d")
    assert marcio.from_iso2709(data).fields == _record().fields


def test_leader_09_is_the_callers() -> None:
    """pymarc's as_marc() forces Leader/09 'a'; CNMARC keeps it blank (and still writes UTF-8)."""
    data = marcio.to_iso2709(_record(), coding=" ")
    assert data[9:10] == b" "
    assert "林行止".encode() in data
    back = marcio.from_iso2709(data, encoding="utf-8")
    assert back.fields == _record().fields
    assert back.leader[9] == " "


def test_marc8_is_read_through_pymarcs_decoder() -> None:
    # MARC-8 writes a combining mark (0xE2 acute) before its base letter: "K\xe2oln" is "Kóln".
    body = b"  \x1faK\xe2oln\x1e"
    directory = b"245" + b"%04d" % len(body) + b"00000" + b"\x1e"
    base = 24 + len(directory)
    length = base + len(body) + 1
    leader = b"%05dnam  22%05d   4500" % (length, base)
    record = marcio.from_iso2709(leader + directory + body + b"\x1d")
    assert record.data("245")[0].first("a") == unicodedata.normalize("NFC", "Ko\u0301ln")


@pytest.mark.parametrize(
    ("damage", "field"),
    [
        (lambda d: d[:20] + b"x" + d[21:], "leader"),
        (lambda d: d[:24] + b"0#1" + d[27:], "directory"),
        (lambda d: d[:27] + b"9999" + d[31:], "directory"),
        (lambda d: d[:-1], "leader"),
        (lambda d: b"%05d" % (len(d) + 3) + d[5:], "leader"),
    ],
)
def test_a_damaged_record_is_an_invalid_record_naming_the_part(damage: object, field: str) -> None:
    data = marcio.to_iso2709(_record())
    with pytest.raises(InvalidRecord) as caught:
        marcio.from_iso2709(damage(data))  # type: ignore[operator]
    assert field in caught.value.messages


def test_bytes_that_are_not_utf8_are_refused() -> None:
    data = marcio.to_iso2709(_record())
    at = data.index("林".encode())
    with pytest.raises(InvalidRecord, match="UTF-8"):
        marcio.from_iso2709(data[:at] + b"\xff" + data[at + 1 :])


def test_unwritable_values_name_their_field() -> None:
    record = _record()
    record.fields.append(marcio.DataField("500", " ", " ", [("a", "bad \x1e delimiter")]))
    with pytest.raises(InvalidRecord) as caught:
        marcio.to_iso2709(record)
    assert "500$a" in caught.value.messages


def test_splitter_gives_each_records_bytes_and_offset() -> None:
    one, two = marcio.to_iso2709(_record()), marcio.to_iso2709(_record())
    damaged = b"01234nam  2200000   4500garbage\x1d"
    stream = io.BytesIO(one + b"\r\n" + damaged + two + b"\ntruncated")
    parts = list(marcio.split_iso2709(stream, chunk=7))
    assert parts == [
        (0, one),
        (len(one) + 2, damaged),
        (len(one) + 2 + len(damaged), two),
        (len(one) + 3 + len(damaged) + len(two), b"truncated"),
    ]


def test_splitter_never_holds_more_than_a_record() -> None:
    parts = list(marcio.split_iso2709(io.BytesIO(b"x" * 250_000)))
    assert [len(p) for _, p in parts] == [99_999, 99_999, 50_002]


def test_sniff_by_leader_and_directory() -> None:
    data = marcio.to_iso2709(_record())
    assert marcio.looks_like_iso2709(data)
    assert marcio.looks_like_iso2709(data[:40])
    assert not marcio.looks_like_iso2709(b"TY  - JOUR\nTI  - x\nER  -\n" * 3)
    assert marcio.looks_like_iso2709(b"00000" + data[5:])  # a wrong length: a reject, later
    assert not marcio.looks_like_iso2709(data[:12] + b"00040" + data[17:])
    assert not marcio.looks_like_iso2709(data[:24] + b"A B" + data[27:])


def test_marcxml_writes_han_as_characters_and_reads_back() -> None:
    element = marcio.to_marcxml(_record())
    text = xmlio.serialise(element)
    assert "林行止" in text and "&#" not in text
    assert 'xmlns="http://www.loc.gov/MARC21/slim"' in text
    back = marcio.from_marcxml(xmlio.parse(text.encode()))
    assert back.fields == _record().fields
    assert back.leader == marcio.to_iso2709(_record())[:24].decode()


@pytest.mark.skipif(not OFFICIAL_XSD.is_file(), reason="the official MARC21slim.xsd is absent")
def test_marcxml_is_valid_against_the_official_schema() -> None:
    assert xmlio.validate(marcio.to_marcxml(_record()), xmlio.xsd(str(OFFICIAL_XSD))) == []


@pytest.mark.skipif(not shutil.which("yaz-marcdump"), reason="yaz-marcdump (Debian yaz) absent")
def test_yaz_converts_the_marcxml_to_the_same_bytes(tmp_path: Path) -> None:
    path = tmp_path / "r.xml"
    path.write_text(xmlio.serialise(marcio.to_marcxml(_record())), encoding="utf-8")
    done = subprocess.run(
        ["yaz-marcdump", "-i", "marcxml", "-o", "marc", str(path)], capture_output=True, check=True
    )
    assert done.stdout == marcio.to_iso2709(_record())


def test_marcxml_reading_refuses_what_marcxml_does_not_allow() -> None:
    ns = marcio.MARC21_NS
    bad = (
        f'<record xmlns="{ns}"><datafield tag="245" ind1="1" ind2="0">'
        "<subfield>x</subfield></datafield></record>"
    )
    with pytest.raises(InvalidRecord, match="subfield code"):
        marcio.from_marcxml(xmlio.parse(bad.encode()))
    with pytest.raises(InvalidRecord, match="leader"):
        marcio.from_marcxml(xmlio.parse(f'<record xmlns="{ns}"/>'.encode()))


_values = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=20
)
_datafields = st.builds(
    marcio.DataField,
    st.from_regex(r"[1-9][0-9]{2}", fullmatch=True),
    st.sampled_from(" 0123a"),
    st.sampled_from(" 0147b"),
    st.lists(st.tuples(st.sampled_from("a6b1uZ"), _values), min_size=1, max_size=4),
)


@given(st.lists(_datafields, min_size=1, max_size=6))
def test_round_trip_both_ways(fields: list[marcio.DataField]) -> None:
    record = marcio.MarcRecord("00000naa a2200000 i 4500", list(fields))
    assert marcio.from_iso2709(marcio.to_iso2709(record)).fields == record.fields
    xml = xmlio.serialise(marcio.to_marcxml(record)).encode()
    assert marcio.from_marcxml(xmlio.parse(xml)).fields == record.fields
