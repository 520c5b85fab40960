"""The csl format: CSL-JSON items (citeproc-js, Zotero, pandoc), schema-valid (``strict``) or with
the CSL-M ``multi`` extension (``csl-m``), read back without loss."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given

import normaliser
from normaliser import formats
from normaliser.formats import csl
from normaliser.record import Degree, Name, Record, Reject, Term, Text

from ..conftest import ROOT, SAMPLES
from ..strategies import records


def _schema_path() -> Path:
    """The official CSL-JSON schema v1.0.2, kept beside the repository (never copied into it):
    ``shared/schemas/csl-data.json`` in the first folder above the repository holding one (a
    worktree sits deeper than the main checkout), or ``$NORMALISER_CSL_SCHEMA``."""
    named = os.environ.get("NORMALISER_CSL_SCHEMA")
    if named:
        return Path(named)
    for folder in ROOT.parents:
        found = folder / "shared" / "schemas" / "csl-data.json"
        if found.is_file():
            return found
    return ROOT.parent / "shared" / "schemas" / "csl-data.json"  # missing: the tests fail


SCHEMA = _schema_path()
SAMPLE_RECORDS = sorted(SAMPLES.glob("*/json.json"))
UPDATE = os.environ.get("NORMALISER_UPDATE_GOLDEN") == "1"
#: Samples with a reviewed CSL-JSON golden: the seed, a bilingual article, a thesis.
GOLDEN_CASES = ("ijn-2025", "bilingual-2023", "cnki-thesis")


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def schema_errors(document: str) -> list[str]:
    return [e.message for e in _validator().iter_errors(json.loads(document))]


def assert_valid(document: str) -> None:
    assert schema_errors(document) == []


def read_one(text: str) -> Record:
    [record] = normaliser.read(text, "csl")
    assert isinstance(record, Record)
    return record


def keeps(record: Record) -> Record:
    return record.restricted_to(csl.KEEPS)


# --- The strict profile: valid against the official schema ------------------------------------


@given(records())
def test_every_strict_document_is_valid_against_the_official_schema(record: Record) -> None:
    assert_valid(normaliser.write(record, "csl"))


@pytest.mark.parametrize("source", SAMPLE_RECORDS, ids=lambda p: p.parent.name)
def test_every_sample_writes_a_valid_document(source: Path) -> None:
    assert_valid(normaliser.write(list(normaliser.read(source)), "csl"))


def test_the_schema_is_the_official_one() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["items"]["additionalProperties"] is False
    assert "multi" not in schema["items"]["properties"]


def test_a_bilingual_record_puts_the_other_language_in_custom() -> None:
    [record] = normaliser.read(SAMPLES / "bilingual-2023" / "json.json")
    [item] = json.loads(normaliser.write(record, "csl"))
    assert item["language"] == "en"
    assert item["title"].startswith("Atomically dispersed")
    assert item["custom"]["translated_title"].startswith("分级多孔碳纳米片")
    assert item["custom"]["translated_language"] == "zh-CN"
    assert "multi" not in item


def test_a_chinese_record_writes_zh_cn_and_han_names_whole() -> None:
    [record] = normaliser.read(SAMPLES / "cnki-thesis" / "json.json")
    [item] = json.loads(normaliser.write(record, "csl"))
    assert item["language"] == "zh-CN"
    assert item["type"] == "thesis"
    assert item["author"] == [{"family": "单", "given": "宏伟"}]
    assert item["custom"]["translated_title"].startswith("Research on Evolution")


def test_a_thesis_publisher_is_the_degree_grantor() -> None:
    text = json.dumps(
        {
            "id": "t",
            "type": "thesis",
            "title": "论文",
            "language": "zh-CN",
            "publisher": "北京大学",
        },
        ensure_ascii=False,
    )
    record = read_one(text)
    assert record.degree is not None
    assert [(g.value, g.lang) for g in record.degree.grantors] == [("北京大学", "zh-Hans")]
    assert record.publisher is None
    [item] = json.loads(normaliser.write(record, "csl"))
    assert item["publisher"] == "北京大学"
    assert "custom" not in item


def test_the_seed_writes_the_standard_variables() -> None:
    [record] = normaliser.read(SAMPLES / "ijn-2025" / "aggregator.txt")
    [item] = json.loads(normaliser.write(record, "csl"))
    assert item["type"] == "article-journal"
    assert item["DOI"] == "10.2147/IJN.S502144"
    assert item["PMCID"] == "PMC12083498"
    assert item["volume"] == "20"
    assert item["page"] == "6059-6083"
    assert item["issued"] == {"date-parts": [[2025, 5, 12]]}
    assert item["author"][0] == {"family": "Zeng", "given": "Mingtang"}


def test_partial_dates_keep_their_parts() -> None:
    record = read_one(
        '{"id": "a", "type": "book", "title": "A", "issued": {"date-parts": [[2023, 8]]}}'
    )
    assert record.date("published").iso() == "2023-08"  # type: ignore[union-attr]
    [item] = json.loads(normaliser.write(record, "csl"))
    assert item["issued"] == {"date-parts": [[2023, 8]]}


def test_other_dates_map_to_csl_date_variables() -> None:
    text = json.dumps(
        {
            "id": "a",
            "type": "article-journal",
            "title": "A",
            "issued": {"date-parts": [[2023, 8]]},
            "available-date": {"date-parts": [[2023, 6, 2]]},
            "submitted": {"date-parts": [[2023, 1, 5]]},
        }
    )
    record = read_one(text)
    assert [(d.kind, d.date.iso()) for d in record.dates] == [
        ("published", "2023-08"),
        ("epub", "2023-06-02"),
        ("received", "2023-01-05"),
    ]
    [item] = json.loads(normaliser.write(record, "csl"))
    assert "custom" not in item  # the variables say it all


def test_raw_and_seasonal_dates_are_read_and_kept_whole() -> None:
    text = json.dumps(
        {
            "id": "a",
            "type": "book",
            "title": "A",
            "issued": {"raw": "May 2014"},
            "submitted": {"date-parts": [[2013]], "season": 2},
            "available-date": {"literal": "sometime"},
        }
    )
    record = read_one(text)
    assert [(d.kind, d.date.iso()) for d in record.dates] == [
        ("published", "2014-05"),
        ("received", "2013"),
    ]
    assert record.extras["issued"] == {"raw": "May 2014"}
    assert record.extras["submitted"] == {"date-parts": [[2013]], "season": 2}
    assert record.extras["available-date"] == {"literal": "sometime"}
    document = normaliser.write(record, "csl")
    assert_valid(document)
    assert read_one(document).extras == record.extras


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("journal-article", "article-journal"),
        ("thesis", "thesis"),
        ("conference-paper", "paper-conference"),
        ("book-chapter", "chapter"),
        ("newspaper-article", "article-newspaper"),
        ("standard", "standard"),
        ("patent", "patent"),
        ("letter", "article-journal"),  # lossy: CSL has no letter
    ],
)
def test_publication_types_map_to_csl_types(code: str, kind: str) -> None:
    assert csl.TYPES.write(code) == kind


# --- The csl-m profile ------------------------------------------------------------------------


def test_csl_m_adds_multi_and_is_not_schema_valid() -> None:
    [record] = normaliser.read(SAMPLES / "cnki-thesis" / "json.json")
    document = normaliser.write(record, "csl", csl_profile="csl-m")
    [item] = json.loads(document)
    assert item["multi"]["_keys"]["title"]["en"].startswith("Research on Evolution")
    assert item["author"][0]["multi"]["_key"]["zh-Latn-pinyin"] == {
        "family": "Shan",
        "given": "Hong-wei",
    }
    assert any("'multi' was unexpected" in e for e in schema_errors(document))
    assert keeps(read_one(document)) == keeps(record)


def test_a_csl_m_item_without_custom_is_read_from_multi() -> None:
    text = json.dumps(
        {
            "id": "x",
            "type": "article-journal",
            "language": "zh-CN",
            "title": "惯性增强动力吸振器",
            "author": [
                {
                    "family": "张",
                    "given": "群",
                    "multi": {"_key": {"zh-Latn-pinyin": {"family": "Zhang", "given": "Qun"}}},
                }
            ],
            "multi": {"_keys": {"title": {"en": "Inertia-enhanced dynamic vibration absorber"}}},
        },
        ensure_ascii=False,
    )
    record = read_one(text)
    assert [(t.value, t.lang, t.variant) for t in record.titles] == [
        ("惯性增强动力吸振器", "zh-Hans", "original"),
        ("Inertia-enhanced dynamic vibration absorber", "en", "translation"),
    ]
    han, latin = record.contributors[0].names
    assert (han.display, han.style) == ("张群", "eastern")
    assert (latin.family, latin.given, latin.lang) == ("Zhang", "Qun", "zh-Latn-pinyin")


def test_the_profile_is_a_declared_option() -> None:
    [option] = formats.get("csl").options
    assert (option.flag, option.default, option.choices) == (
        "--csl-profile",
        "strict",
        ("strict", "csl-m"),
    )
    with pytest.raises(normaliser.UsageError, match="csl_profile must be one of"):
        normaliser.write(Record(titles=()), "csl", csl_profile="loose")


# --- Round trips ------------------------------------------------------------------------------


@given(records())
def test_round_trip_keeps_every_fact_in_keeps(record: Record) -> None:
    back = read_one(normaliser.write(record, "csl"))
    assert keeps(back) == keeps(record)


@given(records())
def test_csl_m_round_trip_keeps_every_fact_in_keeps(record: Record) -> None:
    back = read_one(normaliser.write(record, "csl", csl_profile="csl-m"))
    assert keeps(back) == keeps(record)


@given(records())
def test_a_second_pass_changes_nothing(record: Record) -> None:
    once = normaliser.write(record, "csl")
    assert normaliser.write(list(normaliser.read(once, "csl")), "csl") == once


@pytest.mark.parametrize("source", SAMPLE_RECORDS, ids=lambda p: p.parent.name)
def test_samples_round_trip(source: Path) -> None:
    original = list(normaliser.read(source))
    back = list(normaliser.read(normaliser.write(original, "csl"), "csl"))
    assert [keeps(r) for r in back] == [keeps(r) for r in original]  # type: ignore[union-attr]


# --- Reading what others export ---------------------------------------------------------------

ZOTERO = """[
  {
    "id": "http://zotero.org/users/1/items/ABCD1234",
    "type": "article-journal",
    "title": "The genome of Eucalyptus grandis",
    "container-title": "Nature",
    "container-title-short": "Nature",
    "page": "356-362",
    "volume": "510",
    "issue": "7505",
    "source": "www.nature.com",
    "note": "Number: 7505",
    "DOI": "10.1038/nature13308",
    "ISSN": "1476-4687",
    "language": "en",
    "author": [
      {"family": "Myburg", "given": "Alexander A."},
      {"family": "Grattapaglia", "given": "Dario"}
    ],
    "accessed": {"date-parts": [["2024", 3, 1]]},
    "issued": {"date-parts": [["2014", 6]]}
  },
  {"id": "b", "type": "map", "title": "A map", "issued": {"date-parts": [[1900]]}}
]
"""


def test_a_zotero_export_is_read_and_unknown_variables_go_to_extras() -> None:
    first, second = normaliser.read(ZOTERO, "csl")
    assert isinstance(first, Record) and isinstance(second, Record)
    assert first.titles[0].value == "The genome of Eucalyptus grandis"
    assert first.journal is not None
    assert [t.value for t in first.journal.titles] == ["Nature"]
    assert [i.value for i in first.journal.identifiers] == ["1476-4687"]
    assert (first.volume, first.issue, first.fpage, first.lpage) == ("510", "7505", "356", "362")
    assert first.date("published").iso() == "2014-06"  # type: ignore[union-attr]
    assert first.contributors[0].names[0] == Name(family="Myburg", given="Alexander A.")
    assert first.extras["source"] == "www.nature.com"
    assert first.extras["accessed"] == {"date-parts": [["2024", 3, 1]]}
    assert second.extras["csl_type"] == "map"
    again = json.loads(normaliser.write([first, second], "csl"))
    assert again[0]["source"] == "www.nature.com"
    assert again[0]["note"] == "Number: 7505"
    assert again[0]["custom"]["accessed"] == {"date-parts": [["2024", 3, 1]]}
    assert again[1]["type"] == "map"


def test_a_single_item_is_read() -> None:
    record = read_one('{"id": "one", "type": "book", "title": "A book"}')
    assert record.titles[0].value == "A book"
    assert record.publication_types[0].code == "book"


def test_the_sniffer_knows_csl_from_the_other_json() -> None:
    assert formats.sniff(ZOTERO).name == "csl"
    [record] = normaliser.read(SAMPLES / "ijn-2025" / "json.json")
    assert formats.sniff(normaliser.write(record, "csl")).name == "csl"
    assert formats.sniff(normaliser.write(record, "json")).name == "json"
    seed = (SAMPLES / "ijn-2025" / "aggregator.txt").read_text(encoding="utf-8")
    assert formats.sniff(seed).name == "aggregator"
    assert csl.sniff('{"id": 1, "type": "journal", "title": "x"}') == 0  # not a CSL type


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('{"type": "book", "title": "x"}', "id"),
        ('{"id": "a", "type": "novel"}', "type"),
        ('{"id": "a", "type": "book", "issued": {"date-parts": [["x"]]}}', "issued"),
        ('{"id": "a", "type": "book", "author": "Smith"}', "author"),
        ('{"id": "a", "type": "book", "author": [{"given": ""}]}', "author"),
        ('{"id": "a", "type": "book", "custom": {"normaliser": {"titles": 3}}}', "custom"),
    ],
)
def test_bad_items_are_rejected_naming_the_variable(text: str, field: str) -> None:
    [reject] = normaliser.read(text, "csl", errors="yield")
    assert isinstance(reject, Reject)
    assert field in str(reject.error)
    assert reject.raw == text


def test_counts_reconcile_in_an_array_with_a_bad_item() -> None:
    text = (
        '[{"id": "a", "type": "book", "title": "A"}, {"id": "b"}, '
        '{"id": "c", "type": "book", "title": "C"}, {"id": "d", "type": "book"}]'
    )
    items = list(normaliser.read(text, "csl", errors="yield"))
    # the fourth says nothing to find it by: refused, never an empty record
    assert [type(i).__name__ for i in items] == ["Record", "Reject", "Record", "Reject"]
    assert json.loads(items[1].raw) == {"id": "b"}  # type: ignore[union-attr]


# --- Golden files -----------------------------------------------------------------------------


def _check(path: Path, actual: str) -> None:
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run with NORMALISER_UPDATE_GOLDEN=1 and review it"
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", GOLDEN_CASES)
def test_golden_csl(case: str) -> None:
    records_ = list(normaliser.read(SAMPLES / case / "json.json"))
    document = normaliser.write(records_, "csl")
    assert_valid(document)
    _check(SAMPLES / case / "csl.json", document)
    assert [keeps(r) for r in normaliser.read(SAMPLES / case / "csl.json")] == [  # type: ignore[union-attr]
        keeps(r) for r in records_
    ]


# --- citeproc-js renders a csl-m item's two titles ---------------------------------------------


def _render(items: list[dict[str, Any]], citeproc: Path, tmp_path: Path) -> str:
    import subprocess

    script = tmp_path / "render.js"
    script.write_text(RENDER_JS, encoding="utf-8")
    data = tmp_path / "items.json"
    data.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(
        ["node", str(script), str(citeproc), str(data)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_citeproc_js_renders_both_titles_of_a_csl_m_item(citeproc: Path, tmp_path: Path) -> None:
    [record] = normaliser.read(SAMPLES / "cnki-thesis" / "json.json")
    items = json.loads(normaliser.write(record, "csl", csl_profile="csl-m"))
    text = _render(items, citeproc, tmp_path)
    assert "高速铁路无砟轨道结构层间病害演化机理研究" in text
    assert "Research on Evolution Mechanism of Interlayer Defects" in text
    assert "单宏伟" in text  # a Han name family-first without a space
    # The translation comes from multi: the strict item (custom only) renders one title.
    strict = _render(json.loads(normaliser.write(record, "csl")), citeproc, tmp_path)
    assert "高速铁路无砟轨道" in strict
    assert "Research on Evolution" not in strict


#: A minimal style (author, title) and a minimal en-US locale (the ``citeproc`` package ships
#: none); the engine is asked for original titles followed by their English translations, which
#: it finds in ``multi``.
RENDER_JS = r"""
const [citeprocDir, itemsPath] = process.argv.slice(2);
const CSL = require(citeprocDir);
const fs = require("fs");
const items = JSON.parse(fs.readFileSync(itemsPath, "utf8"));
const byId = Object.fromEntries(items.map((i) => [i.id, i]));
const style = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" default-locale="en-US">
  <info><title>test</title><id>test</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography>
    <layout>
      <group delimiter=". ">
        <names variable="author"><name/></names>
        <text variable="title"/>
      </group>
    </layout>
  </bibliography>
</style>`;
const locale = `<?xml version="1.0" encoding="utf-8"?>
<locale xmlns="http://purl.org/net/xbiblio/csl" version="1.0" xml:lang="en-US">
  <style-options punctuation-in-quote="true"/>
  <date form="text"><date-part name="year"/></date>
  <date form="numeric"><date-part name="year"/></date>
  <terms><term name="and">and</term><term name="et-al">et al.</term></terms>
</locale>`;
const sys = {
  retrieveLocale: () => locale,
  retrieveItem: (id) => byId[id],
};
const engine = new CSL.Engine(sys, style, "en-US");
engine.setLangTagsForCslTranslation(["en"]);
engine.setLangPrefsForCites({ titles: ["orig", "translat"], persons: ["orig"] });
engine.updateItems(items.map((i) => i.id));
const [, entries] = engine.makeBibliography();
process.stdout.write(entries.join("\n"));
"""


# --- --strict: an unknown key or a bad value rejects the item (issue 22) -----------------------


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('{"id": "a", "type": "book", "title": "x", "frobnicate": 1}', "frobnicate"),
        ('{"id": "a", "type": "book", "title": "x", "issued": {"raw": "sometime"}}', "issued"),
        ('{"id": "a", "type": "book", "title": "x", "language": "??"}', "language"),
        ('{"id": "a", "type": "book", "title": "x", "custom": "text"}', "custom"),
        ('{"id": "a", "type": "book", "title": "x", "multi": ["en"]}', "multi"),
    ],
    ids=["unknown-key", "raw-date", "language", "custom", "multi"],
)
def test_strict_rejects_what_is_kept_in_extras_with_a_note_otherwise(text: str, field: str) -> None:
    [record] = normaliser.read(text, "csl")
    assert isinstance(record, Record)
    assert field in record.extras
    assert record.extras[field] == json.loads(text)[field]
    if field != "frobnicate":  # a value the reader reads but could not: said in a note
        assert [n.field for n in record.notes if n.kind == "unparsed"] == [field]
    [reject] = normaliser.read(text, "csl", strict=True, errors="yield")
    assert isinstance(reject, Reject)
    assert field in reject.error.messages
    assert "strict mode" in str(reject.error)
    assert reject.raw == text


def test_strict_accepts_every_csl_variable_and_what_we_write() -> None:
    # A CSL variable the reader does not map (note, source, accessed) is kept deliberately.
    assert all(isinstance(r, Record) for r in normaliser.read(ZOTERO, "csl", strict=True))
    [record] = normaliser.read(SAMPLES / "cnki-thesis" / "json.json")
    for profile in csl.PROFILES:
        document = normaliser.write(record, "csl", csl_profile=profile)
        assert list(normaliser.read(document, "csl", strict=True))


@given(records())
def test_strict_reads_every_document_written(record: Record) -> None:
    [back] = normaliser.read(normaliser.write(record, "csl"), "csl", strict=True)
    assert keeps(back) == keeps(record)


# --- A thesis's degree is CSL genre (issue 22) -------------------------------------------------


@pytest.mark.parametrize(
    ("code", "lang", "genre"),
    [
        ("doctoral", "zh-Hans", "博士学位论文"),
        ("masters", "zh-Hans", "硕士学位论文"),
        ("masters", "zh-Hant", "碩士學位論文"),
        ("doctoral", "en", "Doctoral dissertation"),
        ("masters", "en", "Master's thesis"),
        ("bachelors", "en", "Bachelor's thesis"),
    ],
)
def test_a_thesis_degree_is_written_as_genre(code: str, lang: str, genre: str) -> None:

    record = Record(
        titles=(Text("论文" if lang.startswith("zh") else "A thesis", lang),),
        publication_types=(Term("publication-type", "thesis"),),
        degree=Degree(Term("degree", code), (Text("北京大学", lang),)),
        language=lang,
    )
    [item] = json.loads(normaliser.write(record, "csl"))
    assert item["genre"] == genre
    assert "normaliser" not in item.get("custom", {})  # carried by the variable itself
    back = read_one(json.dumps(item, ensure_ascii=False))
    assert back.degree == record.degree


@pytest.mark.parametrize(
    ("code", "lang", "genre"),
    [
        ("masters", "zh-TW", "碩士學位論文"),  # a region that implies Traditional script
        ("doctoral", "zh-Hant-HK", "博士學位論文"),
        ("doctoral", "zh-CN", "博士学位论文"),
    ],
)
def test_a_thesis_genre_follows_the_script_a_region_implies(
    code: str, lang: str, genre: str
) -> None:
    # A DC or JATS text tagged zh-TW keeps its tag as written (issue 17): its genre is still
    # Traditional, as for zh-Hant (it was 碩士学位论文's Simplified form: no zh-Hant prefix).
    record = Record(
        titles=(Text("論文", lang),),
        publication_types=(Term("publication-type", "thesis"),),
        degree=Degree(Term("degree", code), (Text("國立臺灣大學", lang),)),
        language=lang,
    )
    [item] = json.loads(normaliser.write(record, "csl"))
    assert item["genre"] == genre
    back = read_one(json.dumps(item, ensure_ascii=False))
    assert (back.degree, back.titles, back.language) == (record.degree, record.titles, lang)


@pytest.mark.parametrize(
    ("genre", "code"),
    [("PhD thesis", "doctoral"), ("博士学位论文", "doctoral"), ("Master's thesis", "masters")],
)
def test_a_zotero_thesis_genre_is_its_degree(genre: str, code: str) -> None:
    text = json.dumps(
        {"id": "t", "type": "thesis", "title": "T", "genre": genre, "publisher": "MIT"},
        ensure_ascii=False,
    )
    record = read_one(text)
    assert record.degree is not None and record.degree.level is not None
    assert record.degree.level.code == code
    assert "genre" not in record.extras


def test_a_genre_naming_no_degree_is_kept_as_its_label_and_other_types_keep_genre() -> None:
    record = read_one('{"id": "t", "type": "thesis", "title": "T", "genre": "Habilitation"}')
    assert record.degree is not None and record.degree.level is not None
    assert record.degree.level.code is None
    assert record.degree.level.labels[0].value == "Habilitation"
    [item] = json.loads(normaliser.write(record, "csl"))
    assert item["genre"] == "Habilitation"
    report = read_one('{"id": "r", "type": "report", "title": "T", "genre": "Technical report"}')
    assert report.degree is None and report.extras["genre"] == "Technical report"
