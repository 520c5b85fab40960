"""Field declarations (normaliser.declare) and every format's KEEPS checked against them."""

from __future__ import annotations

import pytest

from normaliser.declare import NUMBER, TEXTS, Field, Fields, is_record_path, unknown_paths
from normaliser.formats import FORMATS


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
    assert unknown_paths(FORMATS[name].KEEPS) == []


def _covered(path: str, paths: frozenset[str]) -> bool:
    """Whether ``path`` is one of ``paths``, inside one, or holds one."""
    return any(path == p or path.startswith(p + ".") or p.startswith(path + ".") for p in paths)


_DECLARING = sorted(n for n, m in FORMATS.items() if hasattr(m, "FIELDS"))


def test_some_formats_declare_their_fields() -> None:
    assert "bibtex" in _DECLARING


@pytest.mark.parametrize("name", _DECLARING)
def test_keeps_holds_every_written_declared_field(name: str) -> None:
    module = FORMATS[name]
    missing = sorted(p for p in module.FIELDS.keeps if not _covered(p, module.KEEPS))
    assert missing == [], f"{name}: declared and written, but not in KEEPS"


@pytest.mark.parametrize("name", _DECLARING)
def test_keeps_claims_only_what_a_declaration_or_a_named_pair_carries(name: str) -> None:
    module = FORMATS[name]
    carried = module.FIELDS.keeps | frozenset(getattr(module, "CODE_KEEPS", ())) | {"extras"}
    claimed = sorted(p for p in module.KEEPS if not _covered(p, carried))
    assert claimed == [], f"{name}: in KEEPS, but no declaration or code pair carries it"
