"""The two-way table type: its rule, and the round trip of every table the package declares."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest

import normaliser
from normaliser.crosswalk import CASE, EXACT, LOOSE, Crosswalk


def _modules() -> Iterator[Any]:
    for info in pkgutil.walk_packages(normaliser.__path__, "normaliser."):
        yield importlib.import_module(info.name)


def _found(value: Any, where: str, depth: int = 0) -> Iterator[tuple[str, Crosswalk[Any]]]:
    """Crosswalks in a module global: the value itself, or held by a declaration (a dataclass
    such as ``tagged.Table``, a tuple or a dict of them)."""
    if isinstance(value, Crosswalk):
        yield where, value
    elif depth > 2:
        return
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _found(getattr(value, f.name), f"{where}.{f.name}", depth + 1)
    elif isinstance(value, (tuple, list)):
        for i, item in enumerate(value):
            yield from _found(item, f"{where}[{i}]", depth + 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _found(item, f"{where}[{key!r}]", depth + 1)


def every_table() -> list[tuple[str, Crosswalk[Any]]]:
    """Every crosswalk in the package, by walking its modules (a new table is picked up)."""
    seen: dict[int, tuple[str, Crosswalk[Any]]] = {}
    for module in _modules():
        for name, value in vars(module).items():
            for where, table in _found(value, f"{module.__name__}.{name}"):
                seen.setdefault(id(table), (where, table))
    return sorted(seen.values(), key=lambda item: item[0])


TABLES = every_table()


def test_tables_are_found() -> None:
    names = {where for where, _ in TABLES}
    assert len(TABLES) >= 1, names


@pytest.mark.parametrize(("where", "table"), TABLES, ids=[w for w, _ in TABLES])
def test_every_code_reads_back(where: str, table: Crosswalk[Any]) -> None:
    assert table.codes, f"{where} is empty"
    for code in table.codes:
        written = table.write(code)
        assert written is not None
        assert table.read(written) == code, f"{where}: {code!r} → {written!r}"
    for code, spelling in table.lossy:
        assert table.write(code) == spelling
        assert table.read(spelling) is not None


@pytest.mark.parametrize(("where", "table"), TABLES, ids=[w for w, _ in TABLES])
def test_every_spelling_reads_its_code(where: str, table: Crosswalk[Any]) -> None:
    for code, spelling in (*table, *table.read_only):
        assert table.read(spelling) == code, f"{where}: {spelling!r}"


# --- The rule ---------------------------------------------------------------------------------

TYPES: Crosswalk[str] = Crosswalk(
    "types",
    (("journal-article", "JOUR"), ("conference-paper", "CONF"), ("conference-paper", "CPAPER")),
    fold=CASE,
    lossy=(("review", "JOUR"),),
)


def test_the_first_pair_of_a_code_is_written() -> None:
    assert TYPES.write("conference-paper") == "CONF"
    assert TYPES.spellings("conference-paper") == ("CONF", "CPAPER")
    assert TYPES.codes == ("journal-article", "conference-paper")


def test_every_spelling_is_read_by_the_tables_fold() -> None:
    assert TYPES.read("CPAPER") == TYPES.read(" cpaper ") == "conference-paper"
    assert TYPES.read("BOOK") is None
    assert "jour" in TYPES and "BOOK" not in TYPES
    exact: Crosswalk[str] = Crosswalk("exact", (("bold", "textbf"),), fold=EXACT)
    assert exact.read("TEXTBF") is None
    loose: Crosswalk[str] = Crosswalk("loose", (("article", "Journal Article"),), fold=LOOSE)
    assert loose.read("journal   ａrticle") == "article"


def test_a_lossy_code_is_written_and_read_back_as_the_broader_code() -> None:
    assert TYPES.write("review") == "JOUR"
    assert TYPES.read("JOUR") == "journal-article"
    assert TYPES.write("book") is None


def test_a_read_only_spelling_is_read_and_never_written() -> None:
    eu: Crosswalk[str] = Crosswalk(
        "eu", (("journal-article", "article"),), read_only=(("thesis", "doctoralThesis"),)
    )
    assert eu.read("doctoralThesis") == "thesis" and eu.write("thesis") is None
    with pytest.raises(ValueError, match="names both"):
        Crosswalk("eu", (("journal-article", "article"),), read_only=(("thesis", "article"),))


def test_codes_need_not_be_strings() -> None:
    months: Crosswalk[int] = Crosswalk("months", ((1, "jan"), (1, "january"), (2, "feb")))
    assert months.write(1) == "jan" and months.read("january") == 1


def test_a_spelling_naming_two_codes_is_refused() -> None:
    with pytest.raises(ValueError, match="'cpaper' names both"):
        Crosswalk("t", (("conference-paper", "CPAPER"), ("book", "cpaper")), fold=CASE)
    # Under an exact fold the two spellings differ, so the table is fine.
    Crosswalk("t", (("conference-paper", "CPAPER"), ("book", "cpaper")))


def test_a_lossy_pair_must_be_read_as_some_code() -> None:
    with pytest.raises(ValueError, match="read as no code"):
        Crosswalk("t", (("a", "x"),), lossy=(("b", "y"),))
    with pytest.raises(ValueError, match="cannot be lossy"):
        Crosswalk("t", (("a", "x"),), lossy=(("a", "x"),))


# --- No reverse table written by hand -------------------------------------------------------------


def _pairs(value: Any) -> set[tuple[Any, Any]] | None:
    """The (key, value) pairs of a module-level table: a dict, a tuple of pairs, or a crosswalk
    (code, spelling); a value that is a tuple of strings gives one pair per string. A pair whose
    two sides are equal (``author`` written ``author``) reads the same both ways, so it is no
    sign of a reverse table and is left out, as for a dict. None for anything else."""
    if isinstance(value, Crosswalk):
        both = (*value.pairs, *value.read_only, *value.lossy)
        return {(code, spelling) for code, spelling in both if code != spelling}
    items: list[tuple[Any, Any]]
    if isinstance(value, dict):
        items = list(value.items())
    elif (
        isinstance(value, tuple)
        and value
        and all(isinstance(p, tuple) and len(p) == 2 for p in value)
    ):
        items = list(value)
    else:
        return None
    out: set[tuple[Any, Any]] = set()
    for key, item in items:
        many = item if isinstance(item, (tuple, frozenset)) else (item,)
        for one in many:
            try:
                hash(key), hash(one)
            except TypeError:
                continue
            if isinstance(key, (str, tuple)) and isinstance(one, (str, tuple)) and key != one:
                out.add((key, one))
    return out


def _tables() -> list[tuple[str, set[tuple[Any, Any]]]]:
    found: dict[int, tuple[str, set[tuple[Any, Any]]]] = {}
    for module in _modules():
        for name, value in vars(module).items():
            if name.startswith("__") or getattr(value, "__module__", module.__name__) not in (
                module.__name__,
                "builtins",
                "normaliser.crosswalk",
            ):
                continue
            pairs = _pairs(value)
            if pairs and len(pairs) >= 2:
                found.setdefault(id(value), (f"{module.__name__}.{name}", pairs))
    return list(found.values())


#: Pairs of tables the check flags that are not a mapping and its reverse, and why.
_NOT_REVERSED = {
    # A PubMed publication model's two date slots (electronic → epub, epub), not spellings of
    # a date kind; JATS's publication-format table is the only one keyed by kind. (Declared in
    # aggregator.schema, found first where build imports it.)
    (
        "normaliser.formats.aggregator.build._DATE_SLOTS",
        "normaliser.formats.jats.declarations._PUBLICATION_FORMATS",
    ),
}


def reversed_tables() -> list[tuple[str, str, int]]:
    """Pairs of tables where one maps back what the other maps (``{"a": "x"}`` beside
    ``{"x": "a"}``), in at least two entries and half of the smaller one."""
    tables = _tables()
    out = []
    for i, (name_a, a) in enumerate(tables):
        for name_b, b in tables[i + 1 :]:
            common = {(k, v) for k, v in a if (v, k) in b}
            allowed = {(name_a, name_b), (name_b, name_a)} & _NOT_REVERSED
            if len(common) >= 2 and len(common) * 2 >= min(len(a), len(b)) and not allowed:
                out.append((name_a, name_b, len(common)))
    return out


def test_the_structural_check_finds_a_reverse_table() -> None:
    forward = {"journal-article": "JOUR", "thesis": "THES", "book": "BOOK"}
    backward = {"JOUR": "journal-article", "THES": "thesis", "CHAP": "book-chapter"}
    a, b = _pairs(forward), _pairs(backward)
    assert a is not None and b is not None
    assert len({(k, v) for k, v in a if (v, k) in b}) == 2


def test_crosswalks_sharing_only_equal_spellings_are_not_reversed() -> None:
    """Two vocabularies that spell some roles as the record does (MARC relator terms, BibTeX
    name fields) share those pairs, and are not a table and its reverse; a crosswalk that maps
    back another's spellings still is."""
    relators = Crosswalk("relators", (("author", "author"), ("editor", "editor"), ("a", "x")))
    fields = Crosswalk("fields", (("author", "author"), ("editor", "editor"), ("b", "y")))
    a, b = _pairs(relators), _pairs(fields)
    assert a == {("a", "x")} and b == {("b", "y")}
    back = _pairs(Crosswalk("back", (("x", "a"), ("y", "b"), ("author", "author"))))
    assert back is not None and {(k, v) for k, v in back if (v, k) in a | b} == {
        ("x", "a"),
        ("y", "b"),
    }


def test_no_table_is_the_reverse_of_another() -> None:
    """Each value mapping is declared once (a crosswalk read both ways), never as a forward
    table and a reverse one kept in step by hand."""
    assert reversed_tables() == []
