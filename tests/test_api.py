"""The library API: sources of every kind, error modes, the public surface, README examples."""

from __future__ import annotations

import io
import re
from types import ModuleType

import pytest

import normaliser
from normaliser.errors import InvalidInput, InvalidRecord, UnknownFormat, UsageError

from .conftest import ROOT, SAMPLES, SEED


def test_all_is_complete_and_exact() -> None:
    public = {
        name
        for name, value in vars(normaliser).items()
        if not name.startswith("_") and name != "annotations" and not isinstance(value, ModuleType)
    }
    assert set(normaliser.__all__) - {"__version__"} == public
    for name in normaliser.__all__:
        assert hasattr(normaliser, name)


@pytest.mark.parametrize(
    "source",
    [
        str(SEED),
        SEED,
        SEED.read_bytes(),
        SEED.read_text(encoding="utf-8"),
        "binary-file",
        "text-file",
    ],
    ids=["path-str", "pathlike", "bytes", "text", "binary-file", "text-file"],
)
def test_every_kind_of_source(source: object) -> None:
    if source == "binary-file":
        source = io.BytesIO(SEED.read_bytes())
    elif source == "text-file":
        source = io.StringIO(SEED.read_text(encoding="utf-8"))
    [record] = normaliser.read(source)
    assert record.identifier("doi") == "10.2147/IJN.S502144"


def test_gzip_input(tmp_path: object) -> None:
    import gzip

    [record] = normaliser.read(gzip.compress(SEED.read_bytes()))
    assert record.volume == "20"


def test_error_modes() -> None:
    path = SAMPLES / "dump-broken" / "aggregator.txt"
    assert len(list(normaliser.read(path, errors="skip"))) == 2
    assert len(list(normaliser.read(path, errors="yield"))) == 3
    with pytest.raises(InvalidRecord):
        list(normaliser.read(path))
    with pytest.raises(UsageError):
        list(normaliser.read(path, errors="ignore"))  # type: ignore[arg-type]


def test_unreadable_sources_are_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="no such file"):
        list(normaliser.read("does/not/exist.txt"))
    with pytest.raises(InvalidInput, match="directory"):
        list(normaliser.read(SAMPLES))
    with pytest.raises(UnknownFormat):
        list(normaliser.read("just some words\nand more words\n"))
    with pytest.raises(UnknownFormat, match="unknown format"):
        list(normaliser.read(SEED, "marc21x"))


def test_convert_and_write() -> None:
    text = normaliser.convert(SEED, "json")
    assert text.count("\n") == 1 and '"record_version":1' in text
    record = next(normaliser.read(SEED))
    assert normaliser.write(record, "json") == normaliser.write([record], "json")


def test_normalise_is_idempotent_and_cleans() -> None:
    record = normaliser.Record(titles=(normaliser.Text("  细胞膜\n衍生\x00  ", "und"),))
    once = normaliser.normalise(record)
    assert once.titles[0].value == "细胞膜衍生" and once.titles[0].lang == "zh-Hans"
    assert normaliser.normalise(once) == once


def test_readme_python_examples_run() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert blocks, "the README shows the library API"
    import os

    here = os.getcwd()
    os.chdir(ROOT)
    try:
        for block in blocks:
            exec(compile(block, "README.md", "exec"), {})
    finally:
        os.chdir(here)


def test_docstring_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    import doctest

    monkeypatch.chdir(ROOT)
    failed, tried = doctest.testmod(normaliser)
    assert tried and not failed


def test_the_package_is_typed() -> None:
    assert (ROOT / "normaliser" / "py.typed").is_file()
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(
        r'(?m)^\[tool\.setuptools\.package-data\]\nnormaliser = \["py\.typed"\]', pyproject
    )
