"""Field declarations (normaliser.declare) and every format's KEEPS checked against them."""

from __future__ import annotations

import ast
import inspect
import re
from dataclasses import replace
from typing import Any, cast

import pytest

import normaliser
from normaliser import crosswalk_doc
from normaliser.declare import (
    NUMBER,
    STRING,
    TEXT,
    TEXTS,
    Field,
    Fields,
    is_record_path,
    unknown_paths,
)
from normaliser.formats import FORMATS, bibtex, jats
from normaliser.record import Conference, Journal, Record, Term, Text, _nested


def test_the_first_field_not_read_only_is_written_and_every_field_is_read() -> None:
    fields = Fields(
        "demo",
        (
            Field("journal.titles", "journal", read_only=True),
            Field("journal.titles", "journaltitle", language=True),
            Field("journal.titles", "booktitle", language=True),
            Field("volume", "volume", NUMBER),
        ),
    )
    assert fields.written("journal.titles") == "journaltitle"
    assert fields.reading("journal.titles") == ("journaltitle", "journal", "booktitle")
    assert fields.written("issue") is None
    assert fields.reading("issue") == ()
    assert fields.keys == {"journal", "journaltitle", "booktitle", "volume"}
    assert fields.language_keys == {"journaltitle", "booktitle"}
    assert fields.keeps == {"journal.titles", "volume"}
    assert fields.field("volume") == Field("volume", "volume", NUMBER)


def test_a_scheme_tells_apart_fields_of_one_path() -> None:
    fields = Fields(
        "demo",
        (
            Field("contributors.names", "author", TEXTS, scheme="author"),
            Field("contributors.names", "editor", TEXTS, scheme="editor"),
        ),
    )
    assert fields.written("contributors.names", "editor") == "editor"
    assert fields.written("contributors.names") is None


def test_a_key_declared_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="'volume' is declared twice"):
        Fields("demo", (Field("volume", "volume"), Field("issue", "volume")))


def test_a_path_naming_no_record_field_is_refused() -> None:
    # The misspelling restricted_to({'titels'}) would silently drop titles.
    with pytest.raises(ValueError, match="titels"):
        Fields("demo", (Field("titels", "title"),))
    with pytest.raises(ValueError, match=r"journal\.title"):
        Fields("demo", (Field("issue", "number", also=("journal.title",)),))


@pytest.mark.parametrize(
    ("path", "known"),
    [
        ("titles", True),
        ("contributors.names", True),
        ("contributors.names.family", True),
        ("journal.identifiers", True),
        ("conference.date.year", True),
        ("degree.level.code", True),
        ("extras", True),
        ("titels", False),
        ("journal.title", False),
        ("volume.number", False),
        ("extras.doi", False),
        ("", False),
    ],
)
def test_record_paths(path: str, known: bool) -> None:
    assert is_record_path(path) is known


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_keeps_names_only_record_fields(name: str) -> None:
    assert unknown_paths(FORMATS[name].keeps) == []


def _covered(path: str, paths: frozenset[str]) -> bool:
    """Whether ``path`` is one of ``paths``, inside one, or holds one."""
    return any(path == p or path.startswith(p + ".") or p.startswith(path + ".") for p in paths)


_DECLARING = sorted(n for n, f in FORMATS.items() if hasattr(f.module, "FIELDS"))


def test_some_formats_declare_their_fields() -> None:
    assert "bibtex" in _DECLARING


@pytest.mark.parametrize("name", _DECLARING)
def test_keeps_holds_every_written_declared_field(name: str) -> None:
    module: Any = FORMATS[name].module
    missing = sorted(p for p in module.FIELDS.keeps if not _covered(p, module.KEEPS))
    assert missing == [], f"{name}: declared and written, but not in KEEPS"


@pytest.mark.parametrize("name", sorted(n for n, f in FORMATS.items() if f.writes and n != "json"))
def test_keeps_claims_only_what_a_declaration_or_a_named_pair_carries(name: str) -> None:
    # (json's declaration is the record itself: it keeps everything.)
    module: Any = FORMATS[name].module
    carried = crosswalk_doc.declared_paths(module)
    claimed = sorted(p for p in module.KEEPS if not _covered(p, carried))
    assert claimed == [], f"{name}: in KEEPS, but no declaration or code pair carries it"


# --- BibTeX: FIELDS is behind the reader and the writer -----------------------------------------


def _bibtex_keys_in_code() -> set[str]:
    """The field names the bibtex package reads (``values.raw/plain/peek("…")``,
    ``_date(values, "…")``) and writes (``_field(out, "…", …)``) as literals."""
    modules = (bibtex.entry, bibtex.reader, bibtex.writer, bibtex.keys, bibtex.chunks)
    trees = [ast.parse(inspect.getsource(m)) for m in modules]
    used: set[str] = set()
    for node in (n for tree in trees for n in ast.walk(tree)):
        if not isinstance(node, ast.Call):
            continue
        func, args = node.func, node.args
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "values"
            and func.attr in ("raw", "plain", "peek")
            and args
            and isinstance(args[0], ast.Constant)
        ):
            used.add(args[0].value)
        if (
            isinstance(func, ast.Name)
            and func.id in ("_field", "_date")
            and len(args) > 1
            and isinstance(args[1], ast.Constant)
        ):
            used.add(args[1].value)
    return used


def test_every_bibtex_field_the_code_reads_or_writes_is_declared() -> None:
    used = _bibtex_keys_in_code()
    assert {"number", "title", "doi", "langid"} <= used  # the scan finds the code's fields
    assert sorted(used - bibtex.FIELDS.keys) == []
    names = {
        s
        for _, s in (*bibtex.declarations._NAME_FIELDS, *bibtex.declarations._NAME_FIELDS.read_only)
    }
    assert sorted(names - bibtex.FIELDS.keys) == []
    assert bibtex.FIELDS.language_keys == bibtex.declarations._LANGUAGE_FIELDS


# --- JATS: the declared leaves drive the reader and the writer ---------------------------------

_JATS_LEAVES = {
    "volume": "12",
    "issue": "3",
    "fpage": "94",
    "lpage": "98",
    "page_range": "94-98, 101",
    "elocation_id": "e1001",
}


@pytest.mark.parametrize("path", sorted(_JATS_LEAVES))
@pytest.mark.parametrize("with_pages", [True, False])
def test_jats_leaves_are_written_where_declared_and_read_back(path: str, with_pages: bool) -> None:
    base = Record(titles=(Text("A title", "en"),))
    record = replace(base, **{path: _JATS_LEAVES[path]})
    if with_pages and path != "fpage":
        record = replace(record, fpage="94")
    document = normaliser.write([record], "jats")
    keys = jats.FIELDS.reading(path)
    places = [
        f"<meta-name>{k.split('/')[-1]}</meta-name>"
        if k.startswith("custom-meta/")
        else f"<{k.split('/')[-1]}>{_JATS_LEAVES[path]}</"
        for k in keys
    ]
    assert any(place in document for place in places), (path, keys)
    back = next(normaliser.read(document, "jats"))
    assert getattr(back, path) == _JATS_LEAVES[path]


def test_jats_text_leaves_carry_their_language_and_variant() -> None:
    zh = Text("中华医学杂志", "zh-Hans")
    en = Text("National Medical Journal of China", "en", "translation")
    record = replace(
        Record(titles=(Text("A title", "en"),)),
        journal=Journal(
            titles=(zh,),
            abbreviations=(Text("Zhonghua Yi Xue Za Zhi", "en"),),
            publishers=(Text("中华医学会", "zh-Hans"), Text("CMA", "en", "translation")),
        ),
        conference=Conference(names=(Text("学术年会", "zh-Hans"), en)),
    )
    back = next(normaliser.read(normaliser.write([record], "jats"), "jats"))
    assert back.journal is not None and back.conference is not None
    assert back.journal.abbreviations == record.journal.abbreviations
    assert back.journal.publishers == record.journal.publishers  # type: ignore[union-attr]
    assert back.conference.names == record.conference.names  # type: ignore[union-attr]


# --- Every written simple leaf reads back where its declaration says --------------------------


def _with(obj: Any, parts: list[str], value: Any) -> Any:
    """``obj`` with the field at ``parts`` set to ``value`` (containers made as needed)."""
    name = parts[0]
    if len(parts) == 1:
        return replace(obj, **{name: value})
    holds = _nested(type(obj))[name]
    assert holds is not None, name
    inner = getattr(obj, name) or holds()
    return replace(obj, **{name: _with(inner, parts[1:], value)})


def _at(obj: Any, parts: list[str]) -> Any:
    for name in parts:
        obj = getattr(obj, name) if obj is not None else None
    return obj


_SIMPLE = (TEXT, TEXTS, STRING, NUMBER)
_LEAF_CASES = [
    pytest.param(name, f, code, id=f"{name}-{f.key}-{code}")
    for name, module in ((n, cast(Any, FORMATS[n].module)) for n in _DECLARING)
    for f in module.FIELDS
    if f.kind in _SIMPLE
    and f.path
    and not f.read_only
    and not f.scheme
    and module.FIELDS.written(f.path) == f.key
    for code in ("journal-article", "book", "thesis", "conference-paper")
    if not f.types or code in f.types
]


@pytest.mark.parametrize(("name", "declared", "code"), _LEAF_CASES)
def test_every_written_simple_leaf_reads_back_as_declared(
    name: str, declared: Field, code: str
) -> None:
    # What docs/crosswalk.md claims for a declared leaf: written as its key, read back as its
    # record path, for every publication type the declaration does not exclude.
    value: Any = (Text("Some words", "en"),) if declared.kind in (TEXT, TEXTS) else "12"
    record = Record(
        titles=(Text("A title", "en"),),
        publication_types=(Term("publication-type", code),),
        language="en",
    )
    record = _with(record, declared.path.split("."), value)
    # (bytes: an ISO 2709 record is one line, which read() would take for a path)
    back = next(normaliser.read(normaliser.write([record], name).encode("utf-8"), name))
    assert _at(back, declared.path.split(".")) == value


def test_the_leaf_cases_cover_the_declared_formats() -> None:
    assert {p.values[0] for p in _LEAF_CASES} == set(_DECLARING)
    assert len(_LEAF_CASES) > 40


# --- DC: history dates are written as the refinements _TERMS reads ----------------------------


@pytest.mark.parametrize("kind", ["accepted", "received"])
def test_qdc_writes_each_history_date_as_the_refinement_terms_reads(kind: str) -> None:
    from normaliser.formats import dc
    from normaliser.record import Dated, PartialDate

    term = dict(dc.values._history_terms())[kind]
    assert dc.TERMS[term] == ("date", kind)
    record = Record(
        titles=(Text("A title", "en"),),
        dates=(Dated("published", PartialDate(2020)), Dated(kind, PartialDate(2019, 11, 2))),
    )
    document = normaliser.write([record], "qdc")
    assert re.search(f"<dcterms:{term}[^>]*>2019-11-02</dcterms:{term}>", document)
    back = next(normaliser.read(document, "dc"))
    assert back.date(kind) == PartialDate(2019, 11, 2)
