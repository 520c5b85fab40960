"""Deletions are not rejects (issue 15): an OAI-PMH ``ListRecords`` page with
``<header status="deleted">`` records is what an incremental harvest returns. Each is counted
as ``deleted`` (``read = written + rejected + deleted``), the run exits 0, and ``--deletions``
lists them for the import job to apply. An OAI-PMH error response exits 2 naming its code;
``noRecordsMatch`` is zero records and exit 0 — with and without ``--from dc``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import normaliser
from normaliser import Deletion, Record, batch
from normaliser.cli import main

from .conftest import SAMPLES

LIST = SAMPLES / "oai-listrecords" / "dc.xml"
DELETED = "oai:repository.example.edu.cn:20.500.12345/8790"

OAI_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">\n'
    "<responseDate>2025-06-01T00:00:00Z</responseDate>\n"
    '<request verb="ListRecords" metadataPrefix="oai_dc">https://repo.example.org/oai</request>\n'
)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def only_deletions(token: str) -> bytes:
    records = "".join(
        f'<record><header status="deleted"><identifier>oai:x:{n}</identifier>'
        f"<datestamp>2025-06-0{n}</datestamp><setSpec>a</setSpec><setSpec>b</setSpec>"
        "</header></record>\n"
        for n in (1, 2)
    )
    return (
        OAI_HEAD
        + f"<ListRecords>\n{records}"
        + f'<resumptionToken cursor="0" completeListSize="9">{token}</resumptionToken>\n'
        + "</ListRecords>\n</OAI-PMH>\n"
    ).encode()


def test_the_library_does_not_yield_a_deletion_as_a_record() -> None:
    records = list(normaliser.read(LIST))
    assert all(isinstance(r, Record) for r in records) and len(records) == 3
    items = list(normaliser.read(LIST, errors="yield"))
    assert [type(i).__name__ for i in items] == ["Record", "Deletion", "Record", "Record"]
    deletion = items[1]
    assert isinstance(deletion, Deletion)
    assert deletion.identifier == DELETED
    assert deletion.datestamp == "2025-05-29T16:40:00Z"
    assert deletion.sets == ("col_medicine",)
    assert (deletion.record, deletion.line) == (2, 48)
    assert list(normaliser.read(LIST, errors="skip")) == records


def test_a_page_of_deletions_keeps_its_resumption_token() -> None:
    items = list(normaliser.read(only_deletions("tok-42"), "dc", errors="yield"))
    assert [type(i).__name__ for i in items] == ["Deletion", "Deletion"]
    assert isinstance(items[1], Deletion) and "resumptionToken=tok-42" in items[1].notes[0].message
    assert list(normaliser.read(only_deletions("tok-42"))) == []


def test_batch_counts_deletions_and_lists_them(tmp_path: Path) -> None:
    deletions, rejects = tmp_path / "deleted.jsonl", tmp_path / "rejects.jsonl"
    stats = batch.run(
        [LIST],
        "json",
        output=str(tmp_path / "out.jsonl"),
        rejects=str(rejects),
        deletions=str(deletions),
    )
    assert (stats.read, stats.written, stats.rejected, stats.deleted) == (4, 3, 0, 1)
    assert stats.reconciles and stats.as_dict()["deleted"] == 1
    assert rejects.read_text(encoding="utf-8") == ""
    [line] = [json.loads(x) for x in deletions.read_text(encoding="utf-8").splitlines()]
    assert line == {
        "input": str(LIST),
        "position": 2,
        "identifier": DELETED,
        "datestamp": "2025-05-29T16:40:00Z",
        "setSpecs": ["col_medicine"],
    }


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_harvest_with_deletions_exits_0(tmp_path: Path, jobs: str) -> None:
    report, deletions = tmp_path / "report.json", tmp_path / "deleted.jsonl"
    code, _, err = invoke(
        "convert", str(LIST), "--to", "json", "-o", str(tmp_path / "out.jsonl"),
        "--report", str(report), "--deletions", str(deletions), "--jobs", jobs,
    )  # fmt: skip
    assert code == 0, err
    assert "read 4, written 3, rejected 0, deleted 1" in err
    counts = json.loads(report.read_text(encoding="utf-8"))
    assert (counts["read"], counts["written"], counts["rejected"], counts["deleted"]) == (
        4,
        3,
        0,
        1,
    )
    assert json.loads(deletions.read_text(encoding="utf-8"))["identifier"] == DELETED


def test_deletions_file_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "deleted.jsonl"
    target.write_text("previous run\n", encoding="utf-8")
    code, _, _ = invoke(
        "convert", str(LIST), "--to", "json", "-o", str(tmp_path / "no" / "dir" / "x.json"),
        "--deletions", str(target),
    )  # fmt: skip
    assert code == 3
    assert target.read_text(encoding="utf-8") == "previous run\n"
    assert not list(tmp_path.glob(".normaliser-*"))


ERRORS = {
    "badArgument": "Illegal argument: metadataPrefix",
    "badResumptionToken": "The token has expired",
    "cannotDisseminateFormat": "marc21 is not supported",
    "idDoesNotExist": "No such identifier",
}


@pytest.mark.parametrize("from_", [[], ["--from", "dc"]], ids=["sniffed", "from-dc"])
@pytest.mark.parametrize("code", sorted(ERRORS))
def test_an_oai_error_response_exits_2_naming_it(
    tmp_path: Path, code: str, from_: list[str]
) -> None:
    path = tmp_path / "page.xml"
    path.write_text(OAI_HEAD + f'<error code="{code}">{ERRORS[code]}</error>\n</OAI-PMH>\n')
    status, _, err = invoke("convert", str(path), *from_, "--to", "json")
    assert status == 2
    assert code in err and ERRORS[code] in err


@pytest.mark.parametrize("from_", [[], ["--from", "dc"]], ids=["sniffed", "from-dc"])
def test_no_records_match_is_zero_records_and_exit_0(tmp_path: Path, from_: list[str]) -> None:
    path = tmp_path / "page.xml"
    path.write_text(
        OAI_HEAD + '<error code="noRecordsMatch">No records match the request</error>\n</OAI-PMH>\n'
    )
    status, out, err = invoke("convert", str(path), *from_, "--to", "json")
    assert status == 0, err
    assert "read 0, written 0, rejected 0" in err and out == ""


def test_one_file_per_record_leaves_deletions_out(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    code, _, err = invoke("convert", str(LIST), "--to", "json", "-o", f"{folder}/")
    assert code == 0, err
    assert len(list(folder.iterdir())) == 3


def test_deletions_may_not_overwrite_another_output(tmp_path: Path) -> None:
    same = str(tmp_path / "x.jsonl")
    code, _, err = invoke("convert", str(LIST), "--to", "json", "-o", same, "--deletions", same)
    assert code == 2 and "--deletions" in err
