"""The command line, as a person and an import job use it: output, messages, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

import normaliser
from normaliser.cli import main

from .conftest import SAMPLES, SEED

BROKEN = SAMPLES / "dump-broken" / "aggregator.txt"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_convert_seed_to_json() -> None:
    code, out, err = invoke("convert", str(SEED), "--to", "json")
    assert code == 0
    record = json.loads(out)
    assert record["contributors"][0]["names"][0] == {"family": "Zeng", "given": "Mingtang"}
    assert "read 1, written 1, rejected 0" in err


def test_pretty_output_is_indented_and_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    code, _, _ = invoke("convert", str(SEED), "--to", "json", "--pretty", "-o", str(out))
    assert code == 0 and out.read_text(encoding="utf-8").startswith('{\n  "record_version": 1')
    code, _, _ = invoke("convert", str(out), "--to", "aggregator", "-o", str(tmp_path / "back.txt"))
    assert code == 0


def test_rejects_file_report_and_exit_code(tmp_path: Path) -> None:
    rejects, report, out = tmp_path / "r.jsonl", tmp_path / "rep.json", tmp_path / "o.jsonl"
    code, _, err = invoke(
        "convert",
        str(BROKEN),
        "--to",
        "json",
        "-o",
        str(out),
        "--rejects",
        str(rejects),
        "--report",
        str(report),
    )
    assert code == 1
    assert "record 2 (line 9): not valid JSON" in err
    [reject] = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert reject["record"] == 2 and reject["raw"].endswith("引用次数: 5\n")
    counts = json.loads(report.read_text(encoding="utf-8"))
    assert (counts["read"], counts["written"], counts["rejected"]) == (3, 2, 1)
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


def test_unreadable_input_exits_2_with_a_message() -> None:
    code, _, err = invoke("convert", "no/such/file.txt", "--to", "json")
    assert code == 2 and "no/such/file.txt: no such file" in err


def test_unknown_format_is_a_usage_error() -> None:
    code, _, err = invoke("convert", str(SEED), "--to", "marc")
    assert code == 2 and "marc" in err


def test_unwritable_output_exits_3(tmp_path: Path) -> None:
    code, _, err = invoke(
        "convert", str(SEED), "--to", "json", "-o", str(tmp_path / "no" / "dir" / "x.json")
    )
    assert code == 3 and "cannot be written" in err


def test_qdc_is_a_format_name_of_its_own(tmp_path: Path) -> None:
    out = tmp_path / "q.xml"
    code, _, _ = invoke("convert", str(SEED), "--to", "qdc", "-o", str(out))
    text = out.read_text(encoding="utf-8")
    assert code == 0 and "<qdc:qualifieddc" in text and "<dcterms:title" in text
    code, _, _ = invoke(
        "convert", str(out), "--from", "qdc", "--to", "json", "-o", str(tmp_path / "j")
    )
    assert code == 0


def test_formats_lists_both_directions() -> None:
    code, out, _ = invoke("formats")
    assert code == 0
    assert {line.split()[0] for line in out.splitlines()} == {
        "aggregator",
        "bibtex",
        "dc",
        "jats",
        "json",
        "qdc",
        "noteexpress",
        "refer",
        "refworks",
        "cnki",
        "ris",
    }
    assert any(line.startswith("ris") and "read, write" in line for line in out.splitlines())
    assert any(line.startswith("refer ") and "read " in line for line in out.splitlines())
    assert any(line.startswith("aggregator") and "read, write" in line for line in out.splitlines())
    assert any(line.startswith("json") for line in out.splitlines())


def test_show_prints_both_languages() -> None:
    code, out, _ = invoke("show", str(SAMPLES / "bilingual-2023" / "aggregator.txt"))
    assert code == 0
    assert "Title 题名" in out and "[en]" in out and "[zh-Hans, translation]" in out
    assert "Materials Science / 材料科学" in out


def test_validate_reports_each_bad_record() -> None:
    code, out, err = invoke("validate", str(BROKEN))
    assert code == 1 and "3 records read" in out and "record 2" in err


def test_console_script_never_shows_a_traceback_for_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\xff\xfe garbage \x81\x82")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from normaliser.cli import run; run()",
            "convert",
            str(bad),
            "--to",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode in (1, 2)
    assert "Traceback" not in result.stderr and result.stderr.startswith("normaliser:")


def test_directories_and_patterns_expand_to_their_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "sub" / "b.jsonl").write_bytes(
        (SAMPLES / "jsonl-2025" / "aggregator.jsonl").read_bytes()
    )
    (tmp_path / ".hidden.txt").write_bytes(SEED.read_bytes())
    code, out, err = invoke("convert", str(tmp_path), "--to", "json", "--compact")
    assert code == 0 and len(out.splitlines()) == 4 and "read 4, written 4" in err
    code, out, _ = invoke("convert", str(tmp_path / "**" / "*.jsonl"), "--to", "json", "--compact")
    assert code == 0 and len(out.splitlines()) == 3
    code, _, err = invoke("convert", str(tmp_path / "*.nothing"), "--to", "json")
    assert code == 2 and "no such file" in err


def test_output_directory_gets_one_file_per_record(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    code, _, _ = invoke(
        "convert",
        str(SAMPLES / "jsonl-2025" / "aggregator.jsonl"),
        str(SAMPLES / "sparse" / "aggregator.txt"),
        "--to",
        "json",
        "-o",
        f"{folder}/",
    )
    names = sorted(p.name for p in folder.iterdir())
    assert code == 0 and len(names) == 4
    assert "10.2147_JDDD.S498731.json" in names and "aggregator-000001.json" in names
    assert not [n for n in names if n.startswith(".")]  # no temporary file left behind
    for path in folder.iterdir():
        [record] = normaliser.read(path, "json")
        assert record.titles
