"""A file that mixes GB18030 and UTF-8 records (exports appended to one another) is decoded
line by line (issue 18, defect 12): each record reads as what it says, whichever encoding
the file's head is in; a GB18030 record says it was decoded so (a warning); a record in
neither encoding is a reject holding its bytes."""

from __future__ import annotations

import json

import pytest

import normaliser
from normaliser import Record, Reject
from normaliser.errors import InvalidInput

GB = "细胞膜衍生仿生纳米疗法"
UTF = "基于深度学习的高分辨率遥感影像建筑物提取"

RECORDS = {
    "aggregator": lambda t: (
        "曾明堂\n" + json.dumps({"title": t, "authors": "曾明堂"}, ensure_ascii=False) + "\n"
    ),
    "ris": lambda t: f"TY  - JOUR\nTI  - {t}\nAU  - 曾明堂\nPY  - 2024\nER  - \n\n",
    "refer": lambda t: f"%0 Journal Article\n%T {t}\n%A 曾明堂\n%D 2024\n\n",
    "noteexpress": lambda t: (
        f"{{Reference Type}}: Journal Article\n{{Title}}: {t}\n{{Author}}: 曾明堂\n\n"
    ),
    "bibtex": lambda t: (
        f"@article{{k{abs(hash(t)) % 1000},\n  title = {{{t}}},\n  author = {{曾明堂}}\n}}\n\n"
    ),
}


def titles(items: list[object]) -> list[str]:
    return [i.titles[0].value if isinstance(i, Record) else "REJECT" for i in items]


@pytest.mark.parametrize("fmt", sorted(RECORDS))
@pytest.mark.parametrize("head", ["gb18030", "utf-8"])
def test_each_record_reads_in_its_own_encoding(fmt: str, head: str) -> None:
    make = RECORDS[fmt]
    gb, utf = make(GB).encode("gb18030"), make(UTF).encode("utf-8")
    # Enough of the head's encoding that the file is sniffed as that.
    data = (gb * 5 + utf + gb) if head == "gb18030" else (utf * 5 + gb + utf)
    items = list(normaliser.read(data, fmt, errors="yield"))
    expected = [GB] * 5 + [UTF, GB] if head == "gb18030" else [UTF] * 5 + [GB, UTF]
    assert titles(items) == expected
    for item in items:
        assert isinstance(item, Record)
        warned = any(n.kind == "encoding" for n in item.notes)
        if item.titles[0].value == GB:
            assert warned  # decoded as GB18030: a guess, and the catalogue is told


@pytest.mark.parametrize("fmt", sorted(RECORDS))
def test_a_record_in_neither_encoding_is_a_reject_with_its_bytes(fmt: str) -> None:
    make = RECORDS[fmt]
    utf = make(UTF).encode("utf-8")
    bad = make("TITLE").encode("utf-8").replace(b"TITLE", b"\xff\xfe caf\xe9 \xff", 1)
    data = utf * 3 + bad + utf
    items = list(normaliser.read(data, fmt, errors="yield"))
    assert titles(items) == [UTF] * 3 + ["REJECT", UTF]
    reject = items[3]
    assert isinstance(reject, Reject) and reject.data is not None and reject.offset is not None
    assert data[reject.offset : reject.offset + len(reject.data)] == reject.data
    assert b"\xff" in reject.data


def test_a_damaged_utf8_line_is_not_taken_for_gb18030() -> None:
    """One bad byte in UTF-8 Han text: the line's other characters are UTF-8, so the record is
    rejected, not read as GB18030 mojibake."""
    good = RECORDS["ris"](UTF).encode("utf-8")
    damaged = good.replace("深度".encode(), "深度".encode()[:-1] + b"\x41", 1)
    items = list(normaliser.read(good * 3 + damaged, "ris", errors="yield"))
    assert titles(items) == [UTF] * 3 + ["REJECT"]


def test_ff_fe_before_utf8_text_is_damage_not_a_byte_order_mark() -> None:
    """Found by tests/test_fuzz_cli.py: FF FE inserted before a UTF-8 RIS file made it read as
    UTF-16 and crash (internal error, exit 70). Text with no zero byte is not UTF-16: the
    damaged first line rejects its record, the others are read."""
    good = RECORDS["ris"](UTF).encode("utf-8")
    data = b"\xff\xfe" + good * 3
    items = list(normaliser.read(data, "ris", errors="yield"))
    assert titles(items) == ["REJECT", UTF, UTF]
    reject = items[0]
    assert isinstance(reject, Reject) and reject.data is not None and reject.offset == 0
    assert data.startswith(reject.data)


def test_invalid_utf16_after_its_byte_order_mark_is_an_unreadable_input() -> None:
    data = RECORDS["ris"](UTF).encode("utf-16") + b"\x00\xd8\x0a\x00"
    with pytest.raises(InvalidInput, match="not valid UTF-16"):
        list(normaliser.read(data, "ris", errors="yield"))
