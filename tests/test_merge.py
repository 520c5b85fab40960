"""Merging (issue 23): one bilingual record per work from the records many sources give of it.

The sample samples/merge-bilingual/ holds one article three times: a CNKI NoteExpress record
(Chinese, with its DOI), an aggregator record (English, the same DOI, a wrong volume) and a
Crossref-style record without DOI (matched by ISSN, year, volume and first page). Its reviewed
outputs are ``expected.xml`` (the merged JATS), ``expected.json`` (canonical JSON, with the
sources and origins) and ``expected-pairs.jsonl``; NORMALISER_UPDATE_GOLDEN=1 rewrites them.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import normaliser
from normaliser import merge as merging
from normaliser.cli import main
from normaliser.merge import Index, Member, merge, merge_group
from normaliser.record import (
    Contributor,
    Dated,
    Identifier,
    Journal,
    Name,
    PartialDate,
    Provenance,
    Record,
    Text,
)

from . import strategies as s
from .conftest import SAMPLES

CASE = SAMPLES / "merge-bilingual"
INPUTS = [CASE / n for n in ("noteexpress.net", "aggregator.txt", "crossref.json")]
UPDATE = os.environ.get("NORMALISER_UPDATE_GOLDEN") == "1"


def _merge_cli(tmp: Path, *extra: str, to: str = "jats") -> tuple[int, Path, Path, Path, str]:
    out, pairs, report = tmp / f"out.{to}", tmp / "pairs.jsonl", tmp / "report.json"
    result = CliRunner().invoke(
        main,
        [
            "merge",
            *(p.name for p in INPUTS),
            "--to",
            to,
            "-o",
            str(out),
            "--pairs",
            str(pairs),
            "--report",
            str(report),
            *extra,
        ],
        catch_exceptions=False,
    )
    return result.exit_code, out, pairs, report, result.stderr


@pytest.fixture
def in_case(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in the sample's folder, so that inputs are named as a cataloguer gives them."""
    monkeypatch.chdir(CASE)


def _golden(name: str, text: str) -> None:
    path = CASE / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), name


# --- The sample: three sources, one bilingual record ------------------------------------------


@pytest.mark.usefixtures("in_case")
def test_three_sources_merge_into_one_bilingual_jats(tmp_path: Path) -> None:
    code, out, pairs, report, stderr = _merge_cli(tmp_path)
    assert code == 0, stderr
    jats = out.read_text(encoding="utf-8")
    assert jats.count("<article ") == 1
    # Both titles, both abstracts, Han authors with their pinyin partners, the identifiers.
    assert "基于时空图卷积网络的城市轨道交通短时客流预测</article-title>" in jats
    assert "<trans-title>Short-term Passenger Flow Forecasting" in jats
    assert '<abstract xml:lang="zh-Hans">' in jats and '<abstract xml:lang="en">' in jats
    for han, family in (("曾", "Zeng"), ("欧阳", "Ouyang"), ("张", "Zhang")):
        assert f"<surname>{han}</surname>" in jats and f"<surname>{family}</surname>" in jats
    assert jats.count("<name-alternatives>") == 3
    assert '<article-id pub-id-type="doi">10.16097/j.cnki.1009-6744.2023.02.005<' in jats
    assert '<issn publication-format="print">1009-6744</issn>' in jats
    # Provenance: each source named; the wrong volume a conflict naming both sources and values.
    assert jats.count("<meta-name>merged-from</meta-name>") == 3
    assert (
        "volume: '23' from crossref.json #1 [7be1ffa233aa2aec] kept over '24' from "
        "aggregator.txt #1 [9db8320f6663b737]" in jats
    )
    assert "<volume>23</volume>" in jats
    # The English sources' "en" is the language of the English title the record carries.
    assert jats.count("<meta-name>merge-conflict</meta-name>") == 1
    _golden("expected.xml", jats)
    lines = [json.loads(line) for line in pairs.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 1 and len(lines[0]["members"]) == 3
    rules = {m["rule"] for m in lines[0]["matches"]}
    assert rules == {"doi", "issn"}, lines
    assert {m["input"] for m in lines[0]["members"]} == {p.name for p in INPUTS}
    _golden("expected-pairs.jsonl", pairs.read_text(encoding="utf-8"))
    counts = json.loads(report.read_text(encoding="utf-8"))
    assert counts["read"] == 3 and counts["records_grouped"] == 3 and counts["groups"] == 1
    assert counts["records_per_group"] == {"3": 1} and counts["conflicts_by_field"]["volume"] == 1
    assert "read 3, rejected 0; 3 records in 1 groups" in stderr


@pytest.mark.usefixtures("in_case")
def test_canonical_json_keeps_every_values_provenance(tmp_path: Path) -> None:
    code, out, *_ = _merge_cli(tmp_path, to="json")
    assert code == 0
    text = out.read_text(encoding="utf-8")
    [record] = normaliser.read(text, "json")
    assert isinstance(record, Record)
    assert {s.input for s in record.sources} == {p.name for p in INPUTS}
    by_key = {s.key: s.input for s in record.sources}
    origin = {(o.field, o.value): {by_key[k] for k in o.sources} for o in record.origins}
    assert origin[("volume", "23")] == {"noteexpress.net", "crossref.json"}
    assert origin[("titles", "基于时空图卷积网络的城市轨道交通短时客流预测")] == {"noteexpress.net"}
    assert origin[("identifiers", "doi 10.16097/j.cnki.1009-6744.2023.02.005")] == {
        "noteexpress.net",
        "aggregator.txt",
    }
    # Canonical JSON of a merged record reads back to itself.
    assert normaliser.write([record], "json") == text
    _golden("expected.json", normaliser.write([record], "json", pretty=True))


@pytest.mark.usefixtures("in_case")
def test_prefer_decides_which_source_wins_a_conflict(tmp_path: Path) -> None:
    code, out, *_ = _merge_cli(tmp_path, "--prefer", "aggregator.txt")
    assert code == 0
    jats = out.read_text(encoding="utf-8")
    assert "<volume>24</volume>" in jats
    assert "volume: '24' from aggregator.txt #1" in jats


@pytest.mark.usefixtures("in_case")
def test_dry_run_writes_only_the_report_and_pairs(tmp_path: Path) -> None:
    code, out, pairs, report, stderr = _merge_cli(tmp_path, "--dry-run")
    assert code == 0, stderr
    assert not out.exists()
    assert pairs.exists() and json.loads(report.read_text())["groups"] == 1
    assert json.loads(report.read_text())["written"] == 0


def test_prefer_without_names_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["merge", str(INPUTS[0]), "--to", "json", "-o", str(tmp_path / "o"), "--prefer", ","]
    )
    assert result.exit_code == 2 and "--prefer" in result.stderr


# --- Matching rules ---------------------------------------------------------------------------


def _article(**changes: object) -> Record:
    base = Record(
        titles=(Text("Graph models of rail flow", "en"),),
        contributors=(Contributor((Name("Zeng", "Mingtang"),)),),
        dates=(Dated("published", PartialDate(2023)),),
    )
    return dataclasses.replace(base, **changes)


def test_a_han_first_author_matches_its_pinyin_within_one_title_language() -> None:
    han = _article(
        contributors=(Contributor((Name("曾", "明堂", "eastern", "zh-Hans"),)),),
        titles=(Text("城市轨道交通客流预测", "zh-Hans"), Text("Graph models of rail flow!", "en")),
    )
    [merged] = merge([han, _article()])
    assert len(merged.sources) == 2
    # A Chinese title alone is never compared with an English one.
    alone = _article(
        contributors=han.contributors, titles=(Text("城市轨道交通客流预测", "zh-Hans"),)
    )
    assert len(merge([alone, _article()])) == 2


def test_ids_match_and_different_years_do_not() -> None:
    a = _article(identifiers=(Identifier("pmid", "123"),), titles=(Text("One", "en"),))
    b = _article(identifiers=(Identifier("pmid", "123"),), titles=(Text("Two", "en"),))
    assert len(merge([a, b])) == 1
    c = _article(dates=(Dated("published", PartialDate(2001)),))
    assert len(merge([_article(), c])) == 2


def test_identical_records_count_once() -> None:
    record = _article()
    assert merge([record, record]) == [record]


def test_index_lives_on_disk_and_goes_away() -> None:
    index = Index()
    index.add(_article())
    path = Path(index._tmp.name) / "merge.sqlite"
    assert path.is_file()
    assert index.db.execute("PRAGMA database_list").fetchone()[2] == str(path)
    assert index.db.execute("SELECT COUNT(*) FROM records").fetchone() == (1,)
    groups = list(index.groups())
    assert [len(g.members) for g in groups] == [1]
    index.close()
    assert not path.exists()


# --- Properties -------------------------------------------------------------------------------


@given(s.merge_sources(), st.randoms(use_true_random=False))
def test_merging_is_order_independent(records: list[Record], rnd: object) -> None:
    shuffled = list(records)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert merge(shuffled) == merge(records)


@given(s.merge_sources())
def test_no_record_is_lost(records: list[Record]) -> None:
    with Index() as index:
        for record in records:
            index.add(record)
        sizes = [len(g.members) for g in index.groups()]
    assert sum(sizes) == len(records)
    merged = merge(records)
    assert len(merged) == len(sizes)
    distinct = {merging.digest(r) for r in records}
    assert sum(max(len(m.sources), 1) for m in merged) == len(distinct)


@given(s.merge_sources())
def test_merging_is_idempotent(records: list[Record]) -> None:
    # The same records: the order of groups is that of their members' digests, which a merged
    # record's own digest does not keep.
    once = merge(records)
    assert sorted(merge(once), key=merging.digest) == sorted(once, key=merging.digest)


@given(s.records())
def test_a_record_merged_with_itself_is_itself(record: Record) -> None:
    assert merge([record, record]) == [record]
    merged, conflicts = merge_group([Member(record), Member(record)])
    assert merged == record and not conflicts


@given(s.unrelated_records())
def test_records_without_a_shared_key_never_merge(records: list[Record]) -> None:
    merged = merge(records)
    assert len(merged) == len(records)
    assert sorted(map(merging.digest, merged)) == sorted(map(merging.digest, records))


def test_merged_sample_validates_against_the_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((Path(__file__).parents[1] / "schemas/record.schema.json").read_text())
    record = merge(
        [
            _article(identifiers=(Identifier("doi", "10.1234/abc"),), provenance=Provenance("x")),
            _article(
                identifiers=(Identifier("doi", "10.1234/ABC"),),
                journal=Journal(identifiers=(Identifier("issn", "1009-6744"),)),
                volume="3",
            ),
        ]
    )
    [one] = record
    assert len(one.sources) == 2
    jsonschema.validate(json.loads(normaliser.write([one], "json")), schema)


@given(st.one_of(s.records(), s.merge_sources().map(lambda rs: merge(rs)[0])))
def test_the_key_view_gives_the_keys_of_the_whole_record(record: Record) -> None:
    from normaliser.formats.json import write_one

    data = json.loads(write_one(record))
    assert merging.keys(merging.key_view(data)) == merging.keys(record)


@pytest.mark.usefixtures("in_case")
def test_the_command_gives_the_same_bytes_for_any_order_of_inputs(tmp_path: Path) -> None:
    outputs = set()
    for order in itertools.permutations(p.name for p in INPUTS):
        out, pairs = tmp_path / "out.xml", tmp_path / "pairs.jsonl"
        args = ["merge", *order, "--to", "jats", "-o", str(out), "--pairs", str(pairs), "-q"]
        assert CliRunner().invoke(main, args, catch_exceptions=False).exit_code == 0
        outputs.add((out.read_bytes(), pairs.read_bytes()))
    assert len(outputs) == 1
