"""The command line, as a person and an import job use it: output, messages, exit codes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
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
    code, _, err = invoke("convert", str(SEED), "--to", "marc21x")
    assert code == 2 and "marc21x" in err


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
        "marc",
        "marcxml",
        "refer",
        "refworks",
        "cnki",
        "ris",
        "crossref",
        "openalex",
        "datacite",
        "s2",
        "csl",
        "cnmarc",
        "cnmarcxml",
        "gbt7714",
    }
    assert any(line.startswith("ris") and "read, write" in line for line in out.splitlines())
    assert any(line.startswith("gbt7714") and " write " in line for line in out.splitlines())
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
    assert code == 2 and "*.nothing: no input files found" in err


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


# --- Batch runs from the command line: jobs, messages, progress, bugs, interruption ----------

import os  # noqa: E402
import signal  # noqa: E402
import time  # noqa: E402

from normaliser import cli  # noqa: E402
from normaliser.formats import aggregator  # noqa: E402

from .dumps import dump, records  # noqa: E402

CONSOLE = [sys.executable, "-c", "from normaliser.cli import run; run()"]


def test_jobs_give_the_same_output_rejects_and_report(tmp_path: Path) -> None:
    source = tmp_path / "dump.txt"
    source.write_text(dump(30, broken_every=7), encoding="utf-8")
    results = []
    for jobs in ("1", "2"):
        out, rej, rep = (tmp_path / f"{name}{jobs}" for name in ("o.xml", "r.jsonl", "rep.json"))
        code, _, err = invoke(
            "convert", str(source), "--to", "dc", "-o", str(out), "--rejects", str(rej),
            "--report", str(rep), "--jobs", jobs,
        )  # fmt: skip
        report = json.loads(rep.read_text(encoding="utf-8"))
        del report["seconds"], report["records_per_second"]
        results.append((code, out.read_bytes(), rej.read_bytes(), report))
        assert "read 30, written 26, rejected 4" in err
    assert results[0] == results[1] and results[0][0] == 1


def test_messages_name_the_input_record_line_and_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = '{"title": "Soil salinity in drip-irrigated cotton", "doi": "10.5555/a.%d"}\n'
    lines = [good % 1, "引用次数: 3\n", "\n", good % 2, "关键词: salinity\n", "\n"]
    lines.append('{"title": "Runoff", "journal": {"pages": "abc"}}\n')  # record 3, line 7
    (tmp_path / "dump.txt").write_text("".join(lines), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke("convert", "dump.txt", "--to", "json", "-o", "out.jsonl")
    assert code == 1
    assert (
        "normaliser: dump.txt: record 3 (line 7): journal.pages: 'abc' is not a page range\n" in err
    )
    assert "Traceback" not in err


def _console(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CONSOLE, *args], capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload,no-any-return]


def test_an_internal_error_is_a_reject_a_traceback_and_exit_70(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = list(records(5, broken_every=0))
    source, out, rejects = tmp_path / "d.txt", tmp_path / "o.jsonl", tmp_path / "r.jsonl"
    source.write_text("".join(texts), encoding="utf-8")
    real = aggregator.from_dict

    def buggy(data: dict, **kwargs: object) -> object:
        if data.get("doi") == "10.5555/gen.0000002":
            raise KeyError("journal")
        return real(data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(aggregator.reader, "from_dict", buggy)
    args = ["convert", str(source), "--to", "json", "-o", str(out), "--rejects", str(rejects)]
    monkeypatch.setattr(sys, "argv", ["normaliser", *args])
    with pytest.raises(SystemExit) as exit_:
        cli.run()
    err = capsys.readouterr().err
    assert exit_.value.code == cli.EXIT_BUG
    assert f"{source}: record 3 (line " in err and "internal error: KeyError: 'journal'" in err
    assert err.count("Traceback") == 1 and "please report it" in err.splitlines()[-1]
    assert "read 5, written 4, rejected 1" in err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4
    [line] = [json.loads(x) for x in rejects.read_text(encoding="utf-8").splitlines()]
    assert line["raw"] == texts[2] and "KeyError" in line["traceback"]

    monkeypatch.setattr(sys, "argv", ["normaliser", *args, "--fail-on-bug", "-o", str(out) + "2"])
    with pytest.raises(SystemExit) as exit_:
        cli.run()
    err = capsys.readouterr().err
    assert exit_.value.code == cli.EXIT_BUG and "Traceback" in err and "KeyError" in err
    assert err.rstrip().endswith(cli.REPORT_BUG) and not Path(str(out) + "2").exists()


def test_a_dead_worker_exits_3(monkeypatch: pytest.MonkeyPatch) -> None:
    def dead(*args: object, **kwargs: object) -> None:
        raise normaliser.WorkerFailed("a worker process stopped without answering")

    monkeypatch.setattr(cli.batch, "run", dead)
    code, _, err = invoke("convert", str(SEED), "--to", "json", "--jobs", "2")
    assert code == 3 and "worker process stopped" in err


def test_progress_on_a_terminal_and_none_in_logs(tmp_path: Path) -> None:
    import pty

    source = tmp_path / "dump.txt"
    source.write_text(dump(150, broken_every=0), encoding="utf-8")
    args = ["convert", str(source), "--to", "json", "-o", str(tmp_path / "o.jsonl")]
    controller, terminal = pty.openpty()
    try:
        with subprocess.Popen([*CONSOLE, *args], stderr=terminal, stdout=subprocess.DEVNULL) as p:
            os.close(terminal)
            shown = b""
            while True:
                try:
                    data = os.read(controller, 4096)
                except OSError:  # the terminal closed: the run is over
                    break
                if not data:
                    break
                shown += data
        assert p.returncode == 0
    finally:
        os.close(controller)
    text = shown.decode("utf-8")
    assert "\r" in text and " read, " in text and " records/s — " in text
    assert re.search(r"[\d.]+ of [\d.]+ MB, ETA \d+:\d\d:\d\d", text)
    assert "read 150, written 150, rejected 0" in text

    logged = _console(args)
    assert logged.returncode == 0
    assert "\r" not in logged.stderr and "ETA" not in logged.stderr and "MB" not in logged.stderr
    assert logged.stderr.startswith("normaliser: read 150, written 150, rejected 0")


@pytest.mark.slow
def test_ctrl_c_stops_the_run_leaves_no_partial_file_and_exits_130(tmp_path: Path) -> None:
    source = tmp_path / "dump.txt"
    # Long enough to be still running when interrupted (about 20 s at ~1,000 records/s).
    source.write_text(dump(20000, broken_every=0), encoding="utf-8")
    out = tmp_path / "out.xml"
    args = ["convert", str(source), "--to", "jats", "-o", str(out), "--jobs", "2"]
    with subprocess.Popen(
        [*CONSOLE, *args],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        # As from a terminal: a shell running this test in the background ignores SIGINT, and
        # the child would inherit that (Python then installs no KeyboardInterrupt handler).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    ) as process:
        # Interrupt once the run is writing (its temporary output exists), however slow the
        # machine is to start it.
        deadline = time.monotonic() + 120
        while len(list(tmp_path.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert process.poll() is None, "the run ended before it could be interrupted"
        time.sleep(1)
        started = time.monotonic()
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert time.monotonic() - started < 30
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dump.txt"]


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGTERM"), reason="POSIX signals")
def test_sigterm_stops_the_run_like_ctrl_c_and_exits_143(tmp_path: Path) -> None:
    """What a job scheduler sends: the same clean stop as Ctrl-C (no temporary file left)."""
    source = tmp_path / "dump.txt"
    source.write_text(dump(20000, broken_every=0), encoding="utf-8")
    out, rejects = tmp_path / "out.xml", tmp_path / "rejects.jsonl"
    args = ["convert", str(source), "--to", "jats", "-o", str(out), "--rejects", str(rejects)]
    for jobs in ("1", "2"):
        with subprocess.Popen(
            [*CONSOLE, *args, "--jobs", jobs],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        ) as process:
            deadline = time.monotonic() + 120
            while len(list(tmp_path.iterdir())) < 3 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert process.poll() is None, "the run ended before it could be stopped"
            time.sleep(1)
            started = time.monotonic()
            process.send_signal(signal.SIGTERM)
            _, err = process.communicate(timeout=60)
        assert process.returncode == 143, err
        assert "terminated" in err and "Traceback" not in err
        assert time.monotonic() - started < 30
        assert sorted(p.name for p in tmp_path.iterdir()) == ["dump.txt"]


# --- --script: Simplified/Traditional conversion of a whole record ----------------------------

HANT_SAMPLE = SAMPLES / "hant-authors-2024" / "aggregator.txt"


def test_script_hans_converts_a_traditional_record_with_its_tags(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    code, _, _ = invoke(
        "convert", str(HANT_SAMPLE), "--to", "json", "--script", "hans", "-o", str(out)
    )
    assert code == 0
    [record] = normaliser.read(out.read_text(encoding="utf-8"), "json")
    title = next(t for t in record.titles if t.lang.startswith("zh"))
    assert (title.value, title.lang) == (
        "新冠肺炎停课后台北市学童近视盛行率及其相关因素：以人口为基础之调查",
        "zh-Hans",
    )
    han = record.contributors[0].names[0]
    assert (han.family, han.given, han.lang) == ("欧阳", "志明", "zh-Hans")
    assert record.contributors[0].names[1].family == "Ouyang"  # romanisations are left alone
    assert any(n.kind == "derived" for n in record.notes)
    # The library gives the same record; parallel workers the same bytes.
    assert normaliser.convert(HANT_SAMPLE, "json", script="hans") == out.read_text("utf-8")
    parallel = tmp_path / "parallel.json"
    invoke(
        "convert",
        str(HANT_SAMPLE),
        "--to",
        "json",
        "--script",
        "hans",
        "--jobs",
        "2",
        "-o",
        str(parallel),
    )
    assert parallel.read_bytes() == out.read_bytes()


def test_keep_original_script_keeps_both_forms() -> None:
    [record] = normaliser.read(HANT_SAMPLE, script="hans", keep_original_script=True)
    chinese = [(t.value, t.lang, t.variant) for t in record.titles if t.lang.startswith("zh")]
    assert chinese[0][1:] == ("zh-Hant", "translation")  # the original, as it was
    assert chinese[1][1:] == ("zh-Hans", "transliteration")  # its conversion beside it
    assert [record] == list(normaliser.read(HANT_SAMPLE, script="hans", keep_original_script=True))


def test_unknown_script_is_a_usage_error() -> None:
    result = CliRunner().invoke(
        main, ["convert", str(HANT_SAMPLE), "--to", "json", "--script", "kana"]
    )
    assert result.exit_code == 2 and "kana" in result.output
    with pytest.raises(normaliser.UsageError, match="unknown script"):
        list(normaliser.read(HANT_SAMPLE, script="kana"))


def test_show_lists_each_contributor_under_its_role(tmp_path: Path) -> None:
    thesis = tmp_path / "thesis.bib"
    thesis.write_text(
        "@phdthesis{zhang2020,\n"
        "  author = {张婷},\n  editora = {高亮},\n  editoratype = {supervisor},\n"
        "  translator = {Smith, Jane},\n  editor = {李建国},\n"
        "  title = {重载铁路钢轨磨耗预测模型研究},\n  institution = {北京交通大学},\n"
        "  eventtitle = {第十届全国铁道学术会议},\n  publisher = {中国铁道出版社},\n"
        "  location = {北京},\n  edition = {2},\n  date = {2020},\n}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["show", str(thesis)])
    assert result.exit_code == 0, result.output
    rows: dict[str, str] = {}
    label = ""
    for line in result.output.splitlines():
        if not line.startswith(" "):  # a row's first line; indented ones continue it
            label = line.split("  ")[0].strip()
        rows[label] = rows.get(label, "") + line + "\n"
    assert "张婷" in rows["Author 作者"] and "高亮" not in rows["Author 作者"]
    assert "高亮" in rows["Supervisor 导师"]
    assert "Jane Smith" in rows["Translator 译者"]
    assert "李建国" in rows["Editor 编者"]
    assert "Doctoral" in rows["Degree 学位"] or "博士" in rows["Degree 学位"]
    assert "北京交通大学" in rows["Degree grantor 学位授予单位"]
    assert "第十届全国铁道学术会议" in rows["Conference 会议"]
    assert "中国铁道出版社" in rows["Publisher 出版者"]
    assert "北京" in rows["Place of publication 出版地"]
    assert "2" in rows["Edition 版本"]


def test_keep_original_script_without_script_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    code, _, err = invoke(
        "convert", str(HANT_SAMPLE), "--to", "json", "--keep-original-script", "-o", str(out)
    )
    assert code == 2 and "--keep-original-script needs --script" in err
    assert not out.exists()


def test_an_empty_directory_or_a_pattern_matching_no_file_exits_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".hidden.txt").write_bytes(SEED.read_bytes())
    (empty / "sub").mkdir()
    code, _, err = invoke("convert", str(empty), "--to", "json")
    assert code == 2 and f"{empty}: no input files found" in err
    code, _, err = invoke("convert", str(empty / "*"), "--to", "json")  # matches a folder only
    assert code == 2 and "no input files found" in err
    # One empty input among readable ones is still said, and still exit 2.
    code, out, err = invoke("convert", str(empty), str(SEED), "--to", "json", "--compact")
    assert code == 2 and "no input files found" in err and len(out.splitlines()) == 1


# --- Outputs that are no regular file: written through, never replaced -----------------------

import stat  # noqa: E402
import threading  # noqa: E402
from typing import Any  # noqa: E402


def _drain(fifo: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(fifo, "rb") as fh:
            into.append(fh.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_output_is_written_through_and_stays_a_fifo(tmp_path: Path) -> None:
    outputs = {flag: tmp_path / flag.strip("-") for flag in ("-o", "--rejects", "--report")}
    got: dict[str, list[bytes]] = {}
    readers = []
    for flag, fifo in outputs.items():
        os.mkfifo(fifo)
        got[flag] = []
        readers.append(_drain(fifo, got[flag]))
    args = ["convert", str(BROKEN), "--to", "json", "--compact"]
    for flag, fifo in outputs.items():
        args += [flag, str(fifo)]
    code, _, _ = invoke(*args)
    for reader in readers:
        reader.join(timeout=30)
    assert code == 1
    assert all(stat.S_ISFIFO(fifo.lstat().st_mode) for fifo in outputs.values())
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file
    assert len(got["-o"][0].decode("utf-8").splitlines()) == 2
    assert json.loads(got["--rejects"][0])["record"] == 2
    assert json.loads(got["--report"][0])["read"] == 3


def test_a_symlink_output_keeps_the_link_and_replaces_its_target(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "out.json"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "out.json"
    link.symlink_to(target)
    dangling = tmp_path / "rejects.jsonl"
    dangling.symlink_to(tmp_path / "real" / "rejects.jsonl")
    code, _, _ = invoke(
        "convert", str(BROKEN), "--to", "json", "--compact", "-o", str(link),
        "--rejects", str(dangling),
    )  # fmt: skip
    assert code == 1
    assert link.is_symlink() and dangling.is_symlink()
    assert len(target.read_text(encoding="utf-8").splitlines()) == 2
    assert json.loads((tmp_path / "real" / "rejects.jsonl").read_text("utf-8"))["record"] == 2
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["out.json", "rejects.jsonl"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_dev_null_and_dev_stdout_stay_what_they_are(tmp_path: Path) -> None:
    """As root (common in containers) a rename over /dev/null would succeed: it must not."""
    source = tmp_path / "dump.txt"
    source.write_text(dump(5, broken_every=2), encoding="utf-8")
    own_null = tmp_path / "null"
    os.mknod(own_null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of this test's own
    nulls = [str(own_null)]
    if stat.S_ISCHR(os.stat("/dev/null").st_mode):  # (not replaced by another program already)
        nulls.append("/dev/null")
    for null in nulls:
        result = subprocess.run(
            [*CONSOLE, "convert", str(source), "--to", "jats", "-o", null,
             "--rejects", null, "--report", null],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert result.returncode == 1, result.stderr
        assert stat.S_ISCHR(os.stat(null).st_mode), null
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dump.txt", "null"]
    result = subprocess.run(
        [*CONSOLE, "convert", str(source), "--to", "json", "--compact", "-o", "/dev/stdout",
         "--report", "/dev/stderr"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert len(result.stdout.splitlines()) == 3 and '"read": 5' in result.stderr
    assert os.path.islink("/dev/stdout") or not os.path.isfile("/dev/stdout")


# --- A full disk: exit 3 with the system's words, and no temporary file left ------------------

import errno  # noqa: E402
import io  # noqa: E402


class _FullDisk(io.FileIO):
    """A file on a disk that fills up after ``room`` bytes."""

    room = 100

    def write(self, data: Any) -> int:
        if self.tell() + len(data) > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return super().write(data)


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="finds files by /proc/self/fd")
@pytest.mark.parametrize("full", ["-o", "--rejects", "--report"])
def test_a_full_disk_exits_3_no_space_left_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, full: str
) -> None:
    source = tmp_path / "dump.txt"
    source.write_text(dump(40, broken_every=3), encoding="utf-8")
    paths = {"-o": "o/o.xml", "--rejects": "r/r.jsonl", "--report": "rep/rep.json"}
    for name in paths.values():
        (tmp_path / name).parent.mkdir()
    on_full_disk = str(tmp_path / Path(paths[full]).parent)
    fdopen = os.fdopen

    def filling(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if mode == "w" and os.path.dirname(os.readlink(f"/proc/self/fd/{fd}")) == on_full_disk:
            full_file = io.BufferedWriter(_FullDisk(fd, "w"))
            return io.TextIOWrapper(full_file, encoding="utf-8", newline="\n")
        return fdopen(fd, mode, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", filling)
    args = ["convert", str(source), "--to", "jats", "-q"]
    for flag, name in paths.items():
        args += [flag, str(tmp_path / name)]
    code, _, err = invoke(*args)
    assert code == 3, err
    assert "No space left on device" in err and "Traceback" not in err and "bug" not in err
    assert paths[full].split("/")[1] in err  # the output that could not be written is named
    assert not [p for p in tmp_path.rglob(".*")]  # no temporary file left


# --- Output paths checked against each other and the inputs ----------------------------------


def test_outputs_naming_the_same_file_or_an_input_are_refused(tmp_path: Path) -> None:
    source = tmp_path / "dump.txt"
    source.write_bytes(BROKEN.read_bytes())
    before = source.read_bytes()
    x = tmp_path / "x"
    (tmp_path / "link").symlink_to(x)
    for args, same in (
        (["-o", str(x), "--rejects", str(x), "--report", str(x)], "-o and --rejects"),
        (["-o", str(x), "--report", str(tmp_path / "link")], "-o and --report"),
        (["-o", str(tmp_path / "sub" / ".." / "x"), "--rejects", str(x)], "-o and --rejects"),
        (["-o", str(source)], "-o and the input"),
        (["--rejects", str(tmp_path / "." / "dump.txt")], "--rejects and the input"),
        (["--report", str(source)], "--report and the input"),
    ):
        (tmp_path / "sub").mkdir(exist_ok=True)
        code, _, err = invoke("convert", str(source), "--to", "json", *args)
        assert code == 2, (args, err)
        assert same in err and "same file" in err, err
        assert not x.exists() and source.read_bytes() == before
    (tmp_path / "input-dir").mkdir()
    (tmp_path / "input-dir" / "a.txt").write_bytes(before)
    code, _, err = invoke(
        "convert", str(tmp_path / "input-dir"), "--to", "json",
        "-o", str(tmp_path / "input-dir" / "a.txt"),
    )  # fmt: skip
    assert code == 2 and "-o and the input" in err
    # Two outputs to a device (written through, never replaced) are fine.
    if getattr(os, "geteuid", lambda: -1)() == 0:
        null = tmp_path / "null"
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        code, _, err = invoke(
            "convert", str(source), "--to", "json", "-o", str(null), "--rejects", str(null)
        )
        assert code == 1, err


# --- Outputs when nothing is written, and when nothing can be read ----------------------------


@pytest.mark.parametrize("to", sorted(cli.WRITABLE))
def test_a_run_rejecting_every_record_writes_an_empty_file(tmp_path: Path, to: str) -> None:
    source = tmp_path / "dump.txt"
    source.write_text(dump(5, broken_every=1), encoding="utf-8")
    out = tmp_path / "out"
    out.write_text("yesterday's output\n", encoding="utf-8")
    code, _, err = invoke("convert", str(source), "--to", to, "-o", str(out), "-q")
    assert code == 1, err
    assert out.read_bytes() == b""  # no empty <articles/> collection passing for a document
    code, stdout, _ = invoke("convert", str(source), "--to", to, "-q")
    assert code == 1 and stdout == ""


@pytest.mark.parametrize("unreadable", ["missing.txt", "binary.txt", "empty-dir"])
def test_when_no_input_can_be_read_the_outputs_are_not_touched(
    tmp_path: Path, unreadable: str
) -> None:
    (tmp_path / "binary.txt").write_bytes(b"\x00\xff\xfe garbage \x81\x82" * 100)
    (tmp_path / "empty-dir").mkdir()
    out, rejects = tmp_path / "out.xml", tmp_path / "rejects.jsonl"
    out.write_text("<articles>yesterday's</articles>\n", encoding="utf-8")
    rejects.write_text('{"yesterday": 1}\n', encoding="utf-8")
    report = tmp_path / "report.json"
    code, _, err = invoke(
        "convert", str(tmp_path / unreadable), "--to", "jats", "--from", "aggregator",
        "-o", str(out), "--rejects", str(rejects), "--report", str(report),
    )  # fmt: skip
    assert code == 2, err
    assert out.read_text(encoding="utf-8") == "<articles>yesterday's</articles>\n"
    assert rejects.read_text(encoding="utf-8") == '{"yesterday": 1}\n'
    assert json.loads(report.read_text(encoding="utf-8"))["unreadable_inputs"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


# --- One file per record: names that fit, collisions, files the run did not create -----------


def _with_dois(*dois: str) -> str:
    texts = list(records(len(dois), broken_every=0))
    return "".join(
        re.sub(r'"doi":"[^"]*"', json.dumps({"doi": doi})[1:-1].replace(" ", ""), text)
        for text, doi in zip(texts, dois, strict=True)
    )


def test_a_file_name_too_long_for_the_file_system_is_shortened_with_a_hash(
    tmp_path: Path,
) -> None:
    long = "10.5555/" + "x" * 300
    source = tmp_path / "dump.txt"
    source.write_text(_with_dois(long + "a", long + "b", "10.5555/short"), encoding="utf-8")
    folder = tmp_path / "out"
    code, _, err = invoke("convert", str(source), "--to", "jats", "-o", f"{folder}/")
    assert code == 0, err
    limit = os.pathconf(folder, "PC_NAME_MAX")
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 3 and "10.5555_short.xml" in names
    shortened = [n for n in names if n != "10.5555_short.xml"]
    for name in shortened:
        assert len(name.encode("utf-8")) <= limit and name.endswith(".xml")
        assert name.startswith("10.5555_xxxxxxxxxx")  # a readable prefix
    assert shortened[0] != shortened[1]  # the hash is of the whole name
    for path in folder.iterdir():
        [record] = normaliser.read(path, "jats")
        assert record.identifier("doi") in (long + "a", long + "b", "10.5555/short")


def test_a_file_the_run_did_not_create_is_never_overwritten_without_overwrite(
    tmp_path: Path,
) -> None:
    source = tmp_path / "dump.txt"
    source.write_text(_with_dois("10.5555/one", "10.5555/Two", "10.5555/three"), encoding="utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "10.5555_one.json").write_text("mine\n", encoding="utf-8")
    (folder / "10.5555_TWO.json").write_text("mine too\n", encoding="utf-8")  # only case differs
    rejects = tmp_path / "rejects.jsonl"
    args = ["convert", str(source), "--to", "json", "-o", f"{folder}/", "--rejects", str(rejects)]
    code, _, err = invoke(*args)
    assert code == 1, err
    assert (folder / "10.5555_one.json").read_text(encoding="utf-8") == "mine\n"
    assert (folder / "10.5555_TWO.json").read_text(encoding="utf-8") == "mine too\n"
    assert sorted(p.name for p in folder.iterdir()) == [
        "10.5555_TWO.json",
        "10.5555_one.json",
        "10.5555_three.json",
    ]
    lines = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert [line["record"] for line in lines] == [1, 2]
    assert all("--overwrite" in line["message"] for line in lines)
    assert "10.5555_one.json" in lines[0]["message"] and "exists" in lines[0]["message"]
    # The reject holds what was not written: it reads back as the record.
    [record] = normaliser.read(lines[0]["raw"], "json")
    assert record.identifier("doi") == "10.5555/one"
    assert "read 3, written 1, rejected 2 (output file exists: 2)" in err

    code, _, err = invoke(*args, "--overwrite")
    assert code == 0, err
    [record] = normaliser.read(folder / "10.5555_one.json", "json")
    assert record.identifier("doi") == "10.5555/one"


def test_names_differing_only_by_case_do_not_collide(tmp_path: Path) -> None:
    source = tmp_path / "dump.txt"
    source.write_text(_with_dois("10.5555/ABC", "10.5555/abc", "10.5555/Abc"), encoding="utf-8")
    folder = tmp_path / "out"
    code, _, err = invoke("convert", str(source), "--to", "json", "-o", f"{folder}/")
    assert code == 0, err
    assert sorted(p.name for p in folder.iterdir()) == [
        "10.5555_ABC.json",
        "10.5555_Abc-3.json",
        "10.5555_abc-2.json",
    ]


@pytest.mark.skipif(
    not (os.path.exists("/dev/full") and stat.S_ISCHR(os.stat("/dev/full").st_mode)),
    reason="needs the /dev/full device (Linux)",
)
def test_a_device_that_is_full_exits_3_and_stays_a_device(tmp_path: Path) -> None:
    result = subprocess.run(
        [*CONSOLE, "convert", str(SEED), "--to", "jats", "-o", "/dev/full"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 3, result.stderr
    assert "/dev/full: cannot be written (No space left on device)" in result.stderr
    assert "Traceback" not in result.stderr
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.parametrize("command", ["convert", "merge", "show"])
def test_every_command_offers_as_input_only_the_formats_it_can_read(command: str) -> None:
    """``--from`` lists the readable formats, for each command alike: merge offered gbt7714 (a
    formatted reference list, written only) and then refused it once chosen."""
    from normaliser import formats

    option = next(p for p in main.commands[command].params if p.name == "from_")
    assert list(option.type.choices) == formats.readable()  # type: ignore[attr-defined]
    assert "gbt7714" not in option.type.choices  # type: ignore[attr-defined]


# --- Issue 17 audit: the reference-manager classes the tests above leave out ------------------


def test_keep_original_script_writes_a_name_both_scripts_share_once(tmp_path: Path) -> None:
    # 曾家豪 is written alike in both scripts, 刘德华 is 劉德華 in Traditional: Dublin Core's
    # creator gives the other forms in brackets, and 曾家豪 (曾家豪; …) repeated the name.
    source = tmp_path / "zeng.bib"
    source.write_text(
        "@article{zeng2024,\n  title = {人工智能与银行业的未来},\n"
        "  author = {曾家豪 and 刘德华},\n  journal = {金融研究},\n  volume = {45},\n"
        "  number = {3},\n  pages = {12--25},\n  year = {2024},\n}\n",
        encoding="utf-8",
    )
    out = tmp_path / "zeng.xml"
    code, _, err = invoke(
        "convert", str(source), "--to", "dc", "--script", "hant", "--keep-original-script",
        "-o", str(out),
    )  # fmt: skip
    assert code == 0, err
    creators = re.findall(r"<dc:creator[^>]*>([^<]*)</dc:creator>", out.read_text("utf-8"))
    assert creators == ["曾家豪 (Zeng, Jiahao)", "刘德华 (劉德華; Liu, Dehua)"]
    [record] = normaliser.read(source, script="hant", keep_original_script=True)
    assert [len(c.names) for c in record.contributors] == [2, 3]  # 曾家豪 has no second form


def test_show_lists_other_contributors_and_unknown_roles_apart_from_authors(
    tmp_path: Path,
) -> None:
    article = tmp_path / "article.xml"
    article.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<article xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' dtd-version="1.3" xml:lang="en" article-type="research-article"><front><journal-meta>'
        "<journal-title-group><journal-title>Chinese Medical Journal</journal-title>"
        "</journal-title-group></journal-meta><article-meta><title-group><article-title>Early"
        " mobilisation after hip fracture surgery</article-title></title-group><contrib-group>"
        '<contrib contrib-type="author"><name><surname>Li</surname><given-names>Wei</given-names>'
        '</name></contrib><contrib contrib-type="contributor"><name><surname>Brown</surname>'
        '<given-names>Tom</given-names></name></contrib><contrib contrib-type="author"><name>'
        "<surname>Wang</surname><given-names>Fang</given-names></name></contrib>"
        '<contrib contrib-type="reviewer"><name><surname>Green</surname><given-names>Ann'
        "</given-names></name></contrib></contrib-group></article-meta></front></article>\n",
        encoding="utf-8",
    )
    code, out, err = invoke("show", str(article))
    assert code == 0, err
    rows = {line.split("  ")[0]: line.split("  ", 1)[1].strip() for line in out.splitlines()}
    assert rows["Author 作者"] == "Wei Li; Fang Wang"
    assert rows["Contributor 其他责任者"] == "Tom Brown"
    assert rows["reviewer"] == "Ann Green"  # a role with no label is shown by its own name
