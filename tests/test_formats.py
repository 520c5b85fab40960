"""The format registry: every registered format conforms to the ``Format`` protocol, its writer
options are declared (an unknown one raises), ``batch`` and ``cli`` never name a format, and
``import normaliser`` loads no format module and no heavy library until one is used."""

from __future__ import annotations

import inspect
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

import normaliser
from normaliser import formats
from normaliser.cli import main
from normaliser.errors import NormaliserError, UsageError
from normaliser.record import Record, Text

from . import strategies
from .conftest import ROOT, SAMPLES

PACKAGE = ROOT / "normaliser"
RECORD = Record(titles=(Text("A title", "en"),))


@pytest.mark.parametrize("name", sorted(formats.FORMATS))
def test_every_registered_format_conforms(name: str) -> None:
    fmt = formats.get(name)
    assert fmt.name == name and re.fullmatch(r"[a-z0-9]+", name)
    assert fmt.extensions and all(e.startswith(".") for e in fmt.extensions)
    assert fmt.description.strip()
    module = fmt.module  # loading it checks it against the declaration (check_module)
    assert fmt.module_name == module.NAME
    assert isinstance(fmt.keeps, frozenset)
    assert isinstance(fmt.sniff(""), int) and fmt.sniff("") < 20
    assert fmt.reads == callable(getattr(module, "read", None))
    assert fmt.writes == callable(getattr(module, "write", None))
    assert fmt.splits == hasattr(module, "parse")
    if fmt.writes:
        taken = inspect.signature(module.write).parameters  # type: ignore[attr-defined]
        for option in fmt.options:
            assert (option.keyword or option.name) in taken, option
            assert option.type in (str, bool) and option.help
            option.check(option.default)
        empty = io.StringIO()
        fmt.write([], empty)  # the defaults are valid
        out = io.StringIO()
        fmt.write([RECORD], out)
        assert out.getvalue()
        # Documents of single records joined are the document of all (what --jobs relies on).
        joined = io.StringIO()
        fmt.join(empty.getvalue(), [out.getvalue(), out.getvalue()], joined)
        both = io.StringIO()
        fmt.write([RECORD, RECORD], both)
        assert joined.getvalue() == both.getvalue()
    else:
        assert not fmt.options


def test_a_module_that_breaks_its_declaration_is_refused() -> None:
    fmt = formats.get("ris")
    module = fmt.module

    class Fake:
        NAME = "ris"
        KEEPS = module.KEEPS
        read = module.read

        @staticmethod
        def write(records: object, out: object) -> None: ...

    with pytest.raises(TypeError, match="takes no 'version'"):
        formats.check_module(
            Fake(),  # type: ignore[arg-type]
            [
                formats.Format(
                    "ris",
                    "ris",
                    (".ris",),
                    "d",
                    fmt.sniff,
                    options=(formats.Option("x_version", str, "1", "help", keyword="version"),),
                )
            ],
        )
    Fake.KEEPS = frozenset({"titles", "titels"})
    with pytest.raises(TypeError, match="KEEPS: 'titels' names no record field"):
        formats.check_module(Fake(), [fmt])  # type: ignore[arg-type]
    Fake.NAME = "other"
    with pytest.raises(TypeError, match="NAME"):
        formats.check_module(Fake(), [fmt])  # type: ignore[arg-type]


# --- Declared writer options ----------------------------------------------------------------


def test_a_misspelt_option_raises_naming_the_valid_ones() -> None:
    """Issue 15: ``jats_versoin="1.4"`` used to write 1.3 without a word."""
    with pytest.raises(UsageError) as error:
        normaliser.write(RECORD, "jats", jats_versoin="1.4")
    message = str(error.value)
    assert "jats_versoin" in message
    assert "jats_version" in message and "jats_tagset" in message and "validate" in message
    with pytest.raises(UsageError, match="pretty"):
        normaliser.write(RECORD, "ris", pretty=True)
    with pytest.raises(UsageError, match="valid: none"):
        normaliser.write(RECORD, "bibtex", version="1.4")


def test_the_api_option_names_are_the_command_lines() -> None:
    assert 'dtd-version="1.4"' in normaliser.write(RECORD, "jats", jats_version="1.4")
    assert 'dtd-version="1.3"' in normaliser.write(RECORD, "jats")
    with pytest.raises(UsageError, match=r"jats_version must be one of '1\.3', '1\.4', not '2\.0'"):
        normaliser.write(RECORD, "jats", jats_version="2.0")
    with pytest.raises(UsageError, match="validate must be True or False"):
        normaliser.write(RECORD, "dc", validate="no")
    assert normaliser.write(RECORD, "json", pretty=True).startswith("{\n")
    assert "dcterms" in normaliser.write(RECORD, "qdc")


def test_the_command_line_options_are_the_declared_ones() -> None:
    convert = main.commands["convert"]
    declared = {o.name: o for o in formats.options()}
    params = {p.name: p for p in convert.params if isinstance(p, click.Option)}
    for name, option in declared.items():
        param = params[name]
        assert option.flag in param.opts
        if option.choices:
            assert isinstance(param.type, click.Choice)
            assert tuple(param.type.choices) == option.choices
        if option.type is bool:
            assert param.is_flag and param.secondary_opts
    for name in formats.FORMATS:
        for option in formats.get(name).options:
            assert declared[option.name].default == option.default


def test_an_option_of_another_format_is_not_passed_on(tmp_path: Path) -> None:
    out = tmp_path / "out.ris"
    args = ["convert", str(SAMPLES / "ijn-2025" / "json.json"), "--to", "ris", "-o", str(out)]
    result = CliRunner().invoke(main, [*args, "--jats-version", "1.4", "--no-validate", "-q"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("TY  - ")
    assert "ignored" not in result.output  # -q: quiet


def test_an_option_of_another_format_is_said_to_be_ignored(tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    args = ["convert", str(SAMPLES / "ijn-2025" / "json.json"), "--to", "jats", "-o", str(out)]
    result = CliRunner().invoke(main, [*args, "--no-fidelity-line", "--cnmarc-pinyin", "upper"])
    assert result.exit_code == 0, result.output
    assert (
        "normaliser: --no-fidelity-line is an option of --to noteexpress, ris, not of --to "
        "jats: ignored" in result.output
    )
    assert (
        "normaliser: --cnmarc-pinyin is an option of --to cnmarc, cnmarcxml, not of --to jats: "
        "ignored" in result.output
    )
    assert out.read_text(encoding="utf-8").startswith("<?xml")


# --- batch and cli know formats only through Format ------------------------------------------


@pytest.mark.parametrize("module", ["batch.py", "cli.py"])
def test_batch_and_cli_never_name_a_format(module: str) -> None:
    source = (PACKAGE / module).read_text(encoding="utf-8")
    code = "\n".join(
        line for line in source.splitlines() if not line.lstrip().startswith(("#", '"', "'"))
    )
    # No reach into a format's module for a capability the protocol does not declare.
    assert not re.search(r"getattr\((module|fmt|target|formats\b)", code)
    assert ".module" not in code
    for name in formats.FORMATS:
        assert f'"{name}"' not in code, name
        assert f"'{name}'" not in code, name


# --- Start-up --------------------------------------------------------------------------------

HEAVY = [
    "numpy",
    "bibtexparser",
    "opencc",
    "pypinyin",
    "py3langid",
    "lxml",
    "marshmallow",
    "babel",
    "normaliser.fields",
    "normaliser.formats.dc.citations",
    "normaliser.tagged",
    *sorted({f"normaliser.formats.{f.module_name}" for f in formats.FORMATS.values()}),
]


def _loaded(code: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_import_loads_no_format_and_no_heavy_library() -> None:
    loaded = _loaded("import normaliser")
    assert not {m for m in loaded for h in HEAVY if m == h or m.startswith(h + ".")}


def test_listing_the_formats_loads_no_format() -> None:
    loaded = _loaded(
        "from click.testing import CliRunner\nfrom normaliser.cli import main\n"
        "assert CliRunner().invoke(main, ['formats']).exit_code == 0"
    )
    assert not {m for m in loaded for h in HEAVY if m == h or m.startswith(h + ".")}


def test_reading_loads_only_the_format_read() -> None:
    sample = SAMPLES / "ijn-2025" / "jats.xml"
    loaded = _loaded(f"import normaliser\nlist(normaliser.read({str(sample)!r}))")
    assert "normaliser.formats.jats" in loaded
    others = {f"normaliser.formats.{n}" for n in ("aggregator", "json", "dc", "bibtex", "ris")}
    assert not loaded & others


def test_converting_without_jobs_loads_no_process_pool(tmp_path: Path) -> None:
    """Issue 19 (start-up): multiprocessing and concurrent.futures (~14 ms) are for --jobs."""
    sample, out = SAMPLES / "ijn-2025" / "jats.xml", tmp_path / "out.ris"
    loaded = _loaded(
        "from click.testing import CliRunner\nfrom normaliser.cli import main\n"
        f"done = CliRunner().invoke(main, ['convert', '--to', 'ris', {str(sample)!r}, "
        f"'-o', {str(out)!r}])\nassert done.exit_code == 0, done.output"
    )
    assert out.read_text(encoding="utf-8").strip()
    assert not {"multiprocessing", "concurrent.futures.process"} & loaded
    # hashlib (OpenSSL, ~4 ms) shortens a file name too long for the file system, nothing else
    assert "hashlib" not in loaded


def test_one_bilingual_record_does_not_import_numpy() -> None:
    """Issue 19 (start-up): numpy (~55 ms to import) counts Chinese script in long texts only
    once a run has met enough of them to pay for it; one record is counted the Python way."""
    sample = SAMPLES / "bilingual-2023" / "aggregator.txt"
    loaded = _loaded(f"import normaliser\nnormaliser.convert(open({str(sample)!r}).read(), 'json')")
    assert "normaliser.formats.aggregator" in loaded
    assert "numpy" not in loaded


@pytest.mark.parametrize("name", sorted(n for n in formats.FORMATS if formats.writer(n)))
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(record=strategies.records())
def test_every_writer_writes_every_generated_record(name: str, record: Record) -> None:
    """Any record a reader can yield is written, or refused with a NormaliserError saying why
    the target cannot carry it (JATS Publishing without an ISSN); never another exception
    (issue 15: the aggregator writer raised a bare ValueError for an impact factor 'Q1')."""
    try:
        text = normaliser.write(record, name)
    except NormaliserError as exc:
        assert str(exc)
        return
    assert text.strip()
