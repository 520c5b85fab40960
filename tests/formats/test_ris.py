"""RIS: one-space tags from CNKI converters, the writer, the round trip, JATS/DC validity of every
record read from the tagged samples."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

import normaliser
from normaliser.record import Dated, PartialDate, Record, Reject, Text

from ..conftest import SAMPLES
from ..strategies import tagged_sources
from ..test_golden import INPUTS
from .test_dc import assert_valid as assert_valid_dc
from .test_jats import assert_valid as assert_valid_jats

SAMPLE = SAMPLES / "ris-one-space" / "ris.ris"
TAGGED = [p for p in INPUTS if p.stem != "aggregator"]


def test_one_space_before_the_dash() -> None:
    journal, thesis = normaliser.read(SAMPLE)
    assert b"TY - JOUR\r\n" in SAMPLE.read_bytes()
    assert journal.titles[0].value == "城市轨道交通客流时空分布特征研究"
    assert journal.titles[1].variant == "translation"  # TT
    assert [c.names[1].family for c in journal.contributors] == ["Wang", "Li"]  # TA
    assert (journal.volume, journal.issue, journal.fpage, journal.lpage) == (
        "20",
        "6",
        "145",
        "151",
    )
    assert (
        journal.journal is not None and journal.journal.titles[0].value == "交通运输系统工程与信息"
    )
    assert journal.journal.identifier("cn") == "11-4520/U"  # N1
    assert journal.abstracts[0].paragraphs[0].value.endswith("早高峰客流集中度高于晚高峰。")
    assert [t.code for t in thesis.publication_types] == ["thesis"]
    assert [c.role for c in thesis.contributors] == ["author", "supervisor"]
    assert thesis.degree is not None and thesis.degree.level is not None
    assert thesis.degree.level.code == "masters"


def test_text_after_er_is_rejected_and_reading_goes_on() -> None:
    text = "TY  - JOUR\nTI  - 一\nER  - \nstray line\nTY  - JOUR\nTI  - 二\nER  - \n"
    items = list(normaliser.read(text.encode(), "ris", errors="yield"))
    assert [type(i).__name__ for i in items] == ["Record", "Reject", "Record"]
    assert isinstance(items[1], Reject) and items[1].raw == "stray line\n"


def test_writer_uses_two_spaces() -> None:
    written = normaliser.write(list(normaliser.read(SAMPLE)), "ris")
    assert written.startswith("TY  - JOUR\n") and "\nER  - \n" in written
    assert " - " not in written.replace("  - ", "")


@given(pair=tagged_sources("ris"))
def test_second_pass_changes_nothing(pair: tuple[Record, Record]) -> None:
    # The round trip itself (with the publication date of every kind) is in
    # tests/test_round_trip.py.
    written = normaliser.write(pair[0], "ris")
    [back] = normaliser.read(written.encode("utf-8"), "ris")
    assert normaliser.write(back, "ris") == written


@pytest.mark.parametrize("source", TAGGED, ids=lambda p: p.parent.name)
def test_every_record_writes_valid_jats_and_dc(source: Path, jats_dtds: Path) -> None:
    records = list(normaliser.read(source, errors="skip"))
    assert records
    for record in records:
        assert_valid_jats(normaliser.write(record, "jats"))
        assert_valid_dc(normaliser.write(record, "dc"))
        assert_valid_dc(normaliser.write(record, "qdc"))


def test_formats_command_lists_the_tagged_formats() -> None:
    from click.testing import CliRunner

    from normaliser.cli import main

    result = CliRunner().invoke(main, ["formats"])
    assert result.exit_code == 0
    for name in ("noteexpress", "refer", "refworks", "cnki", "ris"):
        assert name in result.stdout


# A bilingual journal article as a reference manager exports it to RIS: names family-first with a
# comma, the page range as SP/EP, the pinyin authors under TA, the English journal title under J2.
BILINGUAL = """\
TY  - JOUR
TI  - 人工智能与银行业的未来
TT  - Artificial Intelligence and the Future of Banking
AU  - 曾家豪
AU  - Boobier, Tony
TA  - Zeng, Jiahao
JO  - 金融研究
J2  - Journal of Financial Research
PY  - 2021
VL  - 44
IS  - 3
SP  - 94
EP  - 98
SN  - 1002-7246
ER  - {}
""".format("")  # RIS's end line has a trailing space


def test_ris_conventions_are_read() -> None:
    [record] = normaliser.read(BILINGUAL.encode(), "ris")
    boobier = record.contributors[1].names[0]
    assert (boobier.family, boobier.given) == ("Boobier", "Tony")
    assert (record.fpage, record.lpage) == ("94", "98")
    assert record.journal is not None
    assert [(t.value, t.lang, t.variant) for t in record.journal.titles] == [
        ("金融研究", "zh-Hans", "original"),
        ("Journal of Financial Research", "en", "translation"),
    ]
    assert "J2" not in record.extras
    zeng = record.contributors[0].names
    assert (zeng[1].family, zeng[1].given) == ("Zeng", "Jiahao")


def test_ris_conventions_are_written() -> None:
    written = normaliser.write(list(normaliser.read(BILINGUAL.encode(), "ris")), "ris")
    lines = written.splitlines()
    assert "AU  - Boobier, Tony" in lines
    assert "AU  - 曾家豪" in lines
    assert "TA  - Zeng, Jiahao" in lines
    assert "SP  - 94" in lines and "EP  - 98" in lines
    assert "JO  - 金融研究" in lines
    assert "J2  - Journal of Financial Research" in lines
    assert "TT  - Artificial Intelligence and the Future of Banking" in lines
    # RIS → RIS keeps every line of the source (the year's DA line aside).
    assert set(BILINGUAL.splitlines()) - {"ER  - "} <= set(lines)


def test_sp_holding_the_whole_range_and_a_same_language_j2() -> None:
    text = (
        "TY  - JOUR\nTI  - Breast cancer and the clinic\nAU  - Smith, Jane A.\n"
        "JO  - Nature Medicine\nJ2  - Nat Med\nSP  - 94-98\nER  - \n"
    )
    [record] = normaliser.read(text.encode(), "ris")
    assert (record.fpage, record.lpage) == ("94", "98")
    assert record.journal is not None
    assert [t.value for t in record.journal.titles] == ["Nature Medicine"]
    assert [t.value for t in record.journal.abbreviations] == ["Nat Med"]
    lines = normaliser.write(record, "ris").splitlines()
    assert {"SP  - 94", "EP  - 98", "J2  - Nat Med", "AU  - Smith, Jane A."} <= set(lines)


def test_a_complex_page_statement_stays_in_sp() -> None:
    text = "TY  - JOUR\nTI  - 一\nAU  - 王芳\nSP  - 94-98, 93\nER  - \n"
    [record] = normaliser.read(text.encode(), "ris")
    lines = normaliser.write(record, "ris").splitlines()
    assert "SP  - 94-98, 93" in lines and not any(ln.startswith("EP") for ln in lines)


def test_j2_beside_a_t2_journal_is_its_translation() -> None:
    # CNKI converters write the journal under T2; its English title under J2 is a translation.
    text = (
        "TY  - JOUR\nTI  - 城市轨道交通客流研究\nAU  - 王晓燕\nT2  - 交通运输系统工程与信息\n"
        "J2  - Journal of Transportation Systems Engineering and Information Technology\nER  - \n"
    )
    [record] = normaliser.read(text.encode(), "ris")
    assert record.journal is not None
    assert [t.variant for t in record.journal.titles] == ["original", "translation"]
    assert record.journal.abbreviations == ()


def test_a_book_s_sn_is_its_isbn() -> None:
    text = (
        "TY  - BOOK\nTI  - Supersonic and hypersonic nozzle design\nAU  - Yi, Shihe\n"
        "SN  - 978-7-118-08915-4\nPB  - National Defense Industry Press\nPY  - 2013\nER  - \n"
    )
    [record] = normaliser.read(text.encode(), "ris")
    assert record.identifier("isbn") == "978-7-118-08915-4"
    assert record.journal is None
    assert "SN  - 978-7-118-08915-4" in normaliser.write(record, "ris").splitlines()


def test_an_aggregator_records_year_and_date_are_written() -> None:
    record = Record(
        titles=(Text("A title", "en"),),
        dates=(Dated("epub", PartialDate(2025, 5, 12)), Dated("collection", PartialDate(2025))),
    )
    written = normaliser.write(record, "ris")
    assert "PY  - 2025\n" in written and "DA  - 2025/05/12/\n" in written
    [back] = normaliser.read(written.encode(), "ris")
    assert back.dates == record.dates  # their kinds on the NX line
    # A reference manager's export of it (its tags, no NX line) reads as the publication date.
    tags_only = "".join(ln for ln in written.splitlines(True) if not ln.startswith("NX"))
    [exported] = normaliser.read(tags_only.encode(), "ris")
    assert exported.dates == (Dated("published", PartialDate(2025, 5, 12)),)


def test_ris_dates_with_slashes_are_read() -> None:
    text = "TY  - JOUR\nTI  - A title\nPY  - 2025\nDA  - 2025/05//\nER  - \n"
    [record] = normaliser.read(text.encode(), "ris")
    assert record.dates == (Dated("published", PartialDate(2025, 5)),)


def test_a_dataset_is_ty_data() -> None:
    # RIS has a type of its own for a dataset (DATA): written, and read back as a dataset by a
    # reference manager too, not only through the NX line.
    text = "TY  - DATA\nTI  - Soil moisture of the Loess Plateau, 2000-2020\nPY  - 2023\nER  - \n"
    [record] = normaliser.read(text.encode(), "ris")
    assert [t.code for t in record.publication_types] == ["dataset"]
    written = normaliser.write(record, "ris")
    assert written.startswith("TY  - DATA\n") and "NX  - " not in written
