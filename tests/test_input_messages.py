"""What the reading side says about inputs it cannot read, and inputs that used to crash it
(issue 15): each message points the right way, and a CLI run exits 2, never 70."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import normaliser
from normaliser.cli import main
from normaliser.errors import InvalidInput

from .conftest import SEED


def invoke(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_a_utf16_file_given_by_path_is_read(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("utf-16"))
    code, out, err = invoke("convert", str(path), "--to", "json")
    assert code == 0, err
    assert "read 1, written 1, rejected 0" in err
    assert '"10.2147/IJN.S502144"' in out
    by_stdin = invoke("convert", "-", "--to", "json", stdin=path.read_bytes())
    assert by_stdin[1] == out


def test_an_empty_file_says_it_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.xml"
    path.write_bytes(b"")
    for args in ((), ("--from", "jats"), ("--from", "dc")):
        code, _, err = invoke("convert", str(path), *args, "--to", "json")
        assert code == 2
        assert "empty.xml: the file is empty" in err
        assert "cannot tell its format" not in err and "line None" not in err
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b"\xef\xbb\xbf\n  \n")
    with pytest.raises(InvalidInput, match="the file is empty"):
        list(normaliser.read(blank))


def test_a_binary_file_says_it_is_not_text(tmp_path: Path) -> None:
    xlsx = tmp_path / "records.xlsx"
    with zipfile.ZipFile(xlsx, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>" * 200)
    code, _, err = invoke("convert", str(xlsx), "--to", "json")
    assert code == 2
    assert "records.xlsx: this is not a text file: it looks like a ZIP archive" in err
    assert "neither UTF-8 nor GB18030" not in err
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 8)
    with pytest.raises(InvalidInput, match="this is not a text file: it looks like a PDF"):
        list(normaliser.read(pdf))
    data = tmp_path / "data.bin"
    data.write_bytes(bytes(range(256)) * 16)
    with pytest.raises(InvalidInput, match="this is not a text file"):
        list(normaliser.read(data))


def test_a_stray_nul_byte_spoils_no_more_than_before(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / "dump.txt"
    path.write_bytes(text.replace("引用次数", "引用\x00次数", 1).encode("utf-8"))
    assert list(normaliser.read(path, errors="yield"))


def test_a_truncated_json_line_says_so() -> None:
    good = '{"record_version":1,"titles":[{"value":"T","lang":"en"}]}'
    items = list(
        normaliser.read(
            good + "\n" + good[: good.index('"en"') + 2] + "\n" + good + "\n",
            "json",
            errors="yield",
        )
    )
    assert [type(i).__name__ for i in items] == ["Record", "Reject", "Record"]
    assert "the line ends inside a string: truncated?" in str(items[1].error)  # type: ignore[union-attr]
    assert "Invalid control character" not in str(items[1].error)  # type: ignore[union-attr]
    dump = '{"title":"A","doi":"10.5555/a"}\n{"title":"B, trunc\n引用次数: 0\n'
    items = list(normaliser.read(dump, "aggregator", errors="yield"))
    assert "the line ends inside a string: truncated?" in str(items[1].error)  # type: ignore[union-attr]
