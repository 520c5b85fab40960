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


#: Keys whose values the record holds rewritten (joined, parsed, normalised, coded), not
#: verbatim: each source's own tests check them.
REWRITTEN = frozenset(
    {"title", "subtitle", "display_name", "abstract", "page", "pages", "URL", "doi", "DOI"}
    | {"family", "given", "name", "type", "publicationTypes", "descriptionType", "titleType"}
    | {"nameType", "nameIdentifier", "nameIdentifierScheme", "language", "timestamp"}
    | {"sequence"}  # first/additional: the order of the contributors (see test_crossref)
)


def _scalars(node: object, key: str | None = None) -> list[tuple[str | None, object]]:
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _scalars(v, k)]
    if isinstance(node, list):
        return [s for v in node for s in _scalars(v, key)]
    return [] if node is None or node == "" or isinstance(node, bool) else [(key, node)]


@pytest.mark.parametrize("source", SOURCES)
def test_nothing_of_a_work_is_lost(source: str) -> None:
    """Every value of every work read (not the page around it) is in its canonical JSON: in a
    record field or in extras."""
    import normaliser
    from normaliser import formats
    from normaliser.sources import open_source

    module = formats.FORMATS[source].module
    for path in samples(source):
        with open_source(path) as opened:
            items = list(module.split(opened))
        for number, item in enumerate(items, 1):
            parsed = module.parse(item, number, path.name)
            if not isinstance(parsed, normaliser.Record):
                continue
            written = normaliser.write([parsed], "json")
            for key, value in _scalars(item.value):
                if key in REWRITTEN:
                    continue
                text = json.dumps(value, ensure_ascii=False)
                assert (text[1:-1] if isinstance(value, str) else text) in written, (
                    path.parent.name,
                    number,
                    key,
                    value,
                )
