"""What the four readers of saved scholarly API JSON (issue 20: Crossref, OpenAlex, DataCite,
Semantic Scholar) promise alike, tested for each: a folder of saved responses converts the
same whatever the number of worker processes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from normaliser.cli import main

from ..conftest import SAMPLES

SOURCES = ("crossref", "openalex", "datacite", "s2")


def samples(source: str) -> list[Path]:
    """The saved responses of ``source`` in samples/ (a work, a list page, a bilingual or CJK
    case, a broken item), in name order."""
    return sorted(
        path
        for case in SAMPLES.iterdir()
        if case.name.startswith(f"{source}-")
        for path in case.iterdir()
        if path.name.split(".")[0] == source
    )


@pytest.mark.parametrize("source", SOURCES)
def test_the_samples_are_a_work_a_list_a_cjk_case_and_a_broken_item(source: str) -> None:
    cases = {p.parent.name.removeprefix(f"{source}-") for p in samples(source)}
    assert len(cases) == 4 and {"work", "list", "broken"} <= cases, cases


@pytest.mark.parametrize("source", SOURCES)
def test_a_folder_converts_the_same_with_two_jobs_as_with_one(source: str, tmp_path: Path) -> None:
    """A folder of one source's saved responses (broken items too): the output, the rejects
    and the report are the same bytes with ``--jobs 2`` as with ``--jobs 1``."""
    folder = tmp_path / "saved"
    folder.mkdir()
    for number, path in enumerate(samples(source)):
        (folder / f"{number}{path.suffix}").write_bytes(path.read_bytes())
    runs = []
    for jobs in ("1", "2"):
        out, rejects, report = (tmp_path / f"{name}{jobs}" for name in ("out", "rej", "rep"))
        args = ["convert", str(folder), "--to", "json", "--jobs", jobs, "-o", str(out)]
        args += ["--rejects", str(rejects), "--report", str(report)]
        result = CliRunner().invoke(main, args)
        assert result.exit_code in (0, 1), result.output
        counts = json.loads(report.read_text(encoding="utf-8"))
        runs.append(
            (
                out.read_bytes(),
                rejects.read_bytes(),
                {k: v for k, v in counts.items() if "second" not in k and "rate" not in k},
                result.stderr.split(";")[0],
            )
        )
    assert runs[0] == runs[1]
    assert runs[0][0] and runs[0][1]  # records written and broken items rejected
    assert "rejected 0" not in runs[0][3]
