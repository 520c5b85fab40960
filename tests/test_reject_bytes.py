"""Every reject keeps its record's original bytes and where they were (issue 18, defect 11):
``input[offset:offset + len(bytes)] == bytes`` for every reader (``normaliser.formats.FORMATS``),
whatever the line ends (LF, CRLF, CR) and the encoding (UTF-8, GB18030). ``raw`` is the text of
those bytes; ``raw_base64`` (``Reject.data``) holds them when ``raw``'s UTF-8 is not them."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import normaliser
from normaliser import Reject, batch, formats

from .conftest import SAMPLES
from .strategies import mutated_lines

#: Readers of JSON values: a reject is the value's text, without its line end.
JSON_LINES = frozenset({"json", "crossref", "openalex", "datacite", "s2"})
#: Per reading module: a record it reads, and one it rejects, both with Han text.
GOOD_BAD: dict[str, tuple[str, str]] = {
    "aggregator": (
        '曾明堂\n{"title": "细胞膜衍生仿生纳米疗法", "authors": "曾明堂"}\n',
        '胡晨吉\n{"title": "中文标题", "authors": "胡晨吉", "PubDate": \n',
    ),
    "json": (
        '{"record_version": 1, "titles": [{"value": "细胞膜衍生", "lang": "zh-Hans"}]}\n',
        '{"record_version": 1, "titles": [{"value": "中文标题", "lang": 5}]}\n',
    ),
    "ris": (
        "TY  - JOUR\nTI  - 细胞膜衍生仿生纳米疗法\nPY  - 2024\nER  - \n\n",
        "TY  - JOUR\nTI  - 中文标题\nPY  - 第一年\nER  - \n\n",
    ),
    "refer": (
        "%0 Journal Article\n%T 细胞膜衍生仿生纳米疗法\n%D 2024\n\n",
        "%0 Journal Article\n%T 中文标题\n%D 第一年\n\n",
    ),
    "noteexpress": (
        "{Reference Type}: Journal Article\n{Title}: 细胞膜衍生仿生纳米疗法\n{Year}: 2024\n\n",
        "{Reference Type}: Journal Article\n{Title}: 中文标题\n{Year}: 第一年\n\n",
    ),
    "refworks": (
        "RT Journal Article\nT1 细胞膜衍生仿生纳米疗法\nYR 2024\n\n",
        "RT Journal Article\nT1 中文标题\nYR 第一年\n\n",
    ),
    "cnki": (
        "DataType: 1\nTitle-题名: 细胞膜衍生仿生纳米疗法\nYear-年: 2024\n\n",
        "DataType: 1\nTitle-题名: 中文标题\nYear-年: 第一年\n\n",
    ),
    "bibtex": (
        "@article{good,\n  title = {细胞膜衍生仿生纳米疗法},\n  year = {2024}\n}\n\n",
        "@article{bad,\n  title = {中文标题},\n  title = {中文}\n}\n\n",
    ),
    "csl": (
        '{"id": "a", "type": "book", "title": "细胞膜衍生仿生纳米疗法"}\n',
        '{"id": "b", "type": "book",\n "title": "中文标题",\n '
        '"issued": {"date-parts": [["第一年"]]}}\n',
    ),
    "jats": (
        "<article><front><article-meta><title-group><article-title>细胞膜衍生仿生纳米疗法"
        "</article-title></title-group></article-meta></front></article>\n",
        "<article>\n<body>\n<p>中文标题</p>\n</body>\n</article>\n",
    ),
    # Saved API responses (issue 20), as JSON Lines: a work, and one whose DOI is not one.
    "crossref": (
        '{"DOI": "10.1234/a", "title": ["细胞膜衍生仿生纳米疗法"], "indexed": {}, "member": "1"}\n',
        '{"DOI": "中文标题", "title": ["中文标题"], "indexed": {}, "member": "1"}\n',
    ),
    "openalex": (
        '{"id": "https://openalex.org/W1", "doi": "10.1234/a", "title": "细胞膜衍生纳米疗法"}\n',
        '{"id": "https://openalex.org/W2", "doi": "中文标题", "title": "中文标题"}\n',
    ),
    "datacite": (
        '{"data": {"type": "dois", "attributes": {"doi": "10.1234/a", '
        '"titles": [{"title": "细胞膜衍生仿生纳米疗法"}], "creators": []}}}\n',
        '{"data": {"type": "dois", "attributes": {"doi": "中文标题", '
        '"titles": [{"title": "中文标题"}], "creators": []}}}\n',
    ),
    "s2": (
        '{"paperId": "a", "externalIds": {"DOI": "10.1234/a"}, "title": "细胞膜衍生纳米疗法"}\n',
        '{"paperId": "b", "externalIds": {"DOI": "中文标题"}, "title": "中文标题"}\n',
    ),
    "dc": (
        "<record><header><identifier>oai:x:1</identifier></header><metadata><oai_dc:dc>"
        "<dc:title>细胞膜衍生仿生纳米疗法</dc:title></oai_dc:dc></metadata></record>\n",
        "<record>\n<header><identifier>oai:x:中文标题</identifier></header>\n</record>\n",
    ),
    # ISO 2709 in UTF-8 (Leader/09 a), a line end after each record: leader, directory, 245.
    # The bad record's directory gives 245 one byte too few, so it ends on no field terminator.
    "marc": (
        "00076nab a2200037 a 4500245003800000\x1e00\x1fa细胞膜衍生仿生纳米疗法\x1e\x1d\n",
        "00055nab a2200037 a 4500245001600000\x1e00\x1fa中文标题\x1e\x1d\n",
    ),
}


def _iso2709(title: str, damaged: bool = False) -> str:
    """A CNMARC record in ISO 2709 with ``title``; ``damaged``: its first directory entry's
    length points past its field's terminator."""
    from normaliser.record import Record, Text

    record = normaliser.write(Record(titles=(Text(title, "zh-Hans"),)), "cnmarc")
    return record[:27] + "0099" + record[31:] if damaged else record


#: ISO 2709 (binary: lengths count bytes): records one after another, a line end between them.
GOOD_BAD["cnmarc"] = (_iso2709("细胞膜衍生仿生纳米疗法") + "\n", _iso2709("中文标题", True) + "\n")
#: Readers of ISO 2709 (MARC 21, CNMARC): a reject is the record's bytes up to its terminator
#: (0x1D), without the line end some exports write after each record (which the reader skips).
BINARY = frozenset({"cnmarc", "marc"})

_XML_FRAME = {
    "jats": ("<articles>\n", "</articles>\n"),
    "dc": (
        '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" '
        'xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><ListRecords>\n',
        "</ListRecords></OAI-PMH>\n",
    ),
}

READERS = sorted({f.module_name for f in formats.FORMATS.values() if f.reads})


def document(fmt: str, eol: str, encoding: str) -> bytes:
    good, bad = GOOD_BAD[fmt]
    text = good + bad + good + bad
    if fmt in _XML_FRAME:
        head, tail = _XML_FRAME[fmt]
        text = f'<?xml version="1.0" encoding="{encoding}"?>\n{head}{text}{tail}'
    return text.replace("\n", eol).encode(encoding)


def original(reject: Reject) -> bytes:
    return reject.data if reject.data is not None else reject.raw.encode("utf-8")


def check_rejects(data: bytes, items: list[object]) -> list[Reject]:
    """Every reject's bytes are in ``data`` at its offset; its text is theirs."""
    rejects = [i for i in items if isinstance(i, Reject)]
    for reject in rejects:
        kept = original(reject)
        assert reject.offset is not None, reject
        assert data[reject.offset : reject.offset + len(kept)] == kept, reject
        if reject.data is not None:
            assert reject.raw.encode("utf-8") != reject.data
    return rejects


def test_every_reader_has_a_case() -> None:
    assert sorted(GOOD_BAD) == READERS


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
@pytest.mark.parametrize("fmt", READERS)
def test_a_reject_keeps_its_bytes_and_offset(fmt: str, eol: str, encoding: str) -> None:
    if fmt in JSON_LINES and eol == "\r":
        pytest.skip("JSON Lines ends its lines with LF or CRLF")
    if fmt in BINARY and encoding != "utf-8":
        pytest.skip("ISO 2709 lengths count bytes: a record re-encoded is another record")
    data = document(fmt, eol, encoding)
    items = list(normaliser.read(data, fmt, errors="yield"))
    assert [type(i).__name__ for i in items] == ["Record", "Reject"] * 2
    for reject in check_rejects(data, items):
        assert "中文标题" in reject.raw
        # the line ends as written (ISO 2709: between records, not in one)
        assert eol in reject.raw or fmt in JSON_LINES | BINARY
        if encoding == "gb18030":
            assert reject.data is not None  # the bytes, since the text's UTF-8 is not them
            assert reject.raw == reject.data.decode("gb18030")


def test_the_rejects_file_gives_the_bytes_back(tmp_path: Path) -> None:
    data = document("ris", "\r\n", "gb18030")
    path = tmp_path / "in.ris"
    path.write_bytes(data)
    rejects = tmp_path / "rejects.jsonl"
    stats = batch.run([str(path)], "json", output=str(tmp_path / "out.jsonl"), rejects=str(rejects))
    assert (stats.read, stats.written, stats.rejected) == (4, 2, 2)
    for line in map(json.loads, rejects.read_text(encoding="utf-8").splitlines()):
        kept = base64.b64decode(line["raw_base64"])
        assert data[line["offset"] : line["offset"] + len(kept)] == kept
        assert line["raw"] == kept.decode("gb18030")


def _sniffed(path: Path) -> str | None:
    try:
        head = path.read_bytes()[:65536].decode("utf-8", "replace")
        return formats.sniff(head, path.name).module_name
    except normaliser.errors.NormaliserError:
        return None


def _samples(fmt: str) -> list[Path]:
    """The samples of ``fmt`` that are UTF-8 (a GB18030 one is made from them)."""
    module = formats.get(fmt).module_name
    return sorted(
        p for p in SAMPLES.rglob("*") if p.is_file() and _sniffed(p) == module and _is_utf8(p)
    )


def _is_utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@pytest.mark.parametrize("fmt", READERS)
@settings(
    max_examples=max(10, settings.default.max_examples // 4),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_damaged_samples_keep_every_reject_exactly(fmt: str, data: st.DataObject) -> None:
    """A sample damaged line by line, with any line ends, in UTF-8 or GB18030."""
    paths = _samples(fmt) or [None]
    path = data.draw(st.sampled_from(paths))
    good, bad = GOOD_BAD[fmt]
    text = path.read_text(encoding="utf-8") if path else good + bad
    if not text.lstrip().startswith("<"):
        text = data.draw(mutated_lines(text))
    eol = data.draw(st.sampled_from(["\n", "\r\n", "\r"]))
    encoding = data.draw(st.sampled_from(["utf-8", "gb18030"]))
    if encoding != "utf-8" and text.lstrip().startswith("<"):
        text = text.replace('encoding="UTF-8"', 'encoding="GB18030"', 1)
        if "encoding=" not in text[:100]:
            return
    raw = text.replace("\r\n", "\n").replace("\n", eol).encode(encoding, errors="replace")
    try:
        items = list(normaliser.read(raw, fmt, errors="yield"))
    except normaliser.errors.NormaliserError:
        return
    check_rejects(raw, items)


#: MARCXML, read by the marc module beside ISO 2709: a record, and one whose 245 has a subfield
#: without a code.
_MARCXML = (
    '<record><leader>00000nab a2200000 a 4500</leader><datafield tag="245" ind1="0" ind2="0">'
    '<subfield code="a">细胞膜衍生仿生纳米疗法</subfield></datafield></record>\n',
    '<record>\n<leader>00000nab a2200000 a 4500</leader>\n<datafield tag="245" ind1="0" '
    'ind2="0">\n<subfield>中文标题</subfield>\n</datafield>\n</record>\n',
)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_a_marcxml_reject_keeps_its_bytes_and_offset(eol: str, encoding: str) -> None:
    good, bad = _MARCXML
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n'
        '<collection xmlns="http://www.loc.gov/MARC21/slim">\n'
        f"{good}{bad}{good}{bad}</collection>\n"
    )
    data = text.replace("\n", eol).encode(encoding)
    items = list(normaliser.read(data, "marcxml", errors="yield"))
    assert [type(i).__name__ for i in items] == ["Record", "Reject"] * 2
    for reject in check_rejects(data, items):
        assert "中文标题" in reject.raw and eol in reject.raw
        if encoding == "gb18030":
            assert reject.data is not None
            assert reject.raw == reject.data.decode("gb18030")


@pytest.mark.parametrize("fmt", ["json", "csl", "crossref"])
def test_an_empty_record_in_a_gb18030_file_keeps_its_bytes(fmt: str) -> None:
    # The gate that refuses a record with nothing to catalogue kept only the record's text:
    # in a GB18030 file its reject's bytes were the text's UTF-8, not the file's (found by
    # test_damaged_samples_keep_every_reject_exactly on a JSON sample with a © in a licence).
    empty = {
        "json": '{"record_version": 1, "extras": {"dc:rights": "© 2004 中华医学会"}}',
        "csl": '{"id": "b", "type": "article-journal", "note": "© 2004 中华医学会"}',
        "crossref": '{"type": "journal-article", "publisher": "© 中华医学会"}',
    }[fmt]
    good = {
        "json": '{"record_version": 1, "titles": [{"value": "城市韧性", "lang": "zh-Hans"}]}',
        "csl": '{"id": "a", "type": "article-journal", "title": "城市韧性"}',
        "crossref": '{"type": "journal-article", "title": ["城市韧性"]}',
    }[fmt]
    data = f"[{good},\n{empty}]\n".encode("gb18030")
    items = list(normaliser.read(data, fmt, errors="yield"))
    assert [type(i).__name__ for i in items] == ["Record", "Reject"]
    [reject] = check_rejects(data, items)
    assert "nothing to catalogue" in str(reject.error)
    assert reject.data is not None and reject.raw == reject.data.decode("gb18030")
