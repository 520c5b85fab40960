"""What the reading side says about inputs it cannot read, and inputs that used to crash it
(issue 15): each message points the right way, and a CLI run exits 2, never 70."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from normaliser.cli import main

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
