"""The Dask path: the same outputs as the command line, on Dask's local multi-process scheduler.
dask is in the ``test`` extra, so this runs in CI; it skips only where dask is not installed."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from normaliser.cli import main

from .conftest import SAMPLES

dask_bag = pytest.importorskip("dask.bag")
from normaliser.dask import convert_bag  # noqa: E402

#: Slow (subprocesses, whole-project tools): off in a plain `pytest`, on in CI (conftest.py).
pytestmark = pytest.mark.slow

DUMPS = sorted(SAMPLES.glob("*/aggregator.txt"))


def _cli(tmp: Path, to: str, *inputs: Path) -> tuple[bytes, bytes]:
    out, rejects = tmp / f"cli-{to}-{len(inputs)}", tmp / f"cli-{to}-{len(inputs)}.rejects"
    CliRunner().invoke(
        main,
        ["convert", *map(str, inputs), "--to", to, "-o", str(out), "--rejects", str(rejects)],
        catch_exceptions=False,
    )
    return out.read_bytes(), rejects.read_bytes()


def test_one_partition_per_dump_gives_the_cli_outputs(tmp_path: Path) -> None:
    report = convert_bag(
        DUMPS,
        to="jats",
        out_dir=tmp_path / "jats",
        rejects_dir=tmp_path / "rejects",
        scheduler="processes",
    )
    assert report["read"] == report["written"] + report["rejected"] and report["rejected"] == 1
    assert [Path(p).name for p in report["outputs"]][:2] == ["part-00000.xml", "part-00001.xml"]
    for dump, output, rejects in zip(DUMPS, report["outputs"], report["rejects"], strict=True):
        expected_out, expected_rejects = _cli(tmp_path, "jats", dump)
        assert Path(output).read_bytes() == expected_out, dump
        assert Path(rejects).read_bytes() == expected_rejects, dump


def test_json_parts_together_are_the_cli_output(tmp_path: Path) -> None:
    bag = dask_bag.from_sequence([str(p) for p in DUMPS], npartitions=3)
    report = convert_bag(
        bag, to="json", out_dir=tmp_path / "o", rejects_dir=tmp_path / "r", scheduler="processes"
    )
    expected_out, expected_rejects = _cli(tmp_path, "json", *DUMPS)
    assert b"".join(Path(p).read_bytes() for p in report["outputs"]) == expected_out
    assert b"".join(Path(p).read_bytes() for p in report["rejects"]) == expected_rejects
    assert report["written"] == expected_out.count(b"\n") and len(report["outputs"]) == 3


def test_a_bag_of_json_lines(tmp_path: Path) -> None:
    source = SAMPLES / "jsonl-2025" / "aggregator.jsonl"
    bag = dask_bag.read_text(str(source), blocksize=None)
    report = convert_bag(bag, to="json", out_dir=tmp_path / "o", scheduler="processes")
    [output] = report["outputs"]
    assert Path(output).read_bytes() == _cli(tmp_path, "json", source)[0]
    assert report["read"] == report["written"] == 3
