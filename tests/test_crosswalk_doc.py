"""docs/crosswalk.md is generated from the declarations and must be current."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from normaliser import crosswalk_doc
from normaliser.formats import FORMATS, aggregator, bibtex, dc, ris

DOC = Path(__file__).resolve().parent.parent / "docs" / "crosswalk.md"


def test_the_committed_crosswalk_document_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == crosswalk_doc.document(), (
        "docs/crosswalk.md is not current: regenerate it with "
        "`python -m normaliser.crosswalk_doc > docs/crosswalk.md`"
    )


def test_the_document_is_generated_from_public_names_only() -> None:
    """crosswalk_doc reads what the declarations publish, never a module's private tables: a
    private name imported from another module, or a module's private attribute, is a reach in."""
    tree = ast.parse(inspect.getsource(crosswalk_doc))
    reached = sorted(
        {
            *(
                f"{node.module}.{alias.name}"
                for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom)
                for alias in node.names
                if alias.name.startswith("_") and alias.name != "__future__"
            ),
            *(
                ast.unparse(node)
                for node in ast.walk(tree)
                if isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ),
        }
    )
    assert reached == []


def test_every_format_has_a_column_and_every_record_field_a_row() -> None:
    # (a format only written, gbt7714, has no column: it reads nothing and keeps nothing)
    assert set(crosswalk_doc.columns()) == {n for n, f in FORMATS.items() if f.reads} - {"qdc"}
    rows = crosswalk_doc.rows()
    assert {"titles", "journal.titles", "contributors.names", "extras", "volume"} <= set(rows)
    assert "notes" not in rows and "journal" not in rows


def _row(name: str) -> dict[str, str]:
    lines = crosswalk_doc.document().splitlines()
    header = next(line for line in lines if line.startswith("| record field |"))
    columns = [c.strip() for c in header.strip("|").split("|")]
    line = next(line for line in lines if line.startswith(f"| `{name}` |"))
    return dict(zip(columns, (c.strip() for c in line.strip("|").split("|")), strict=True))


def test_cells_come_from_each_formats_declarations() -> None:
    volume = _row("volume")
    assert volume["bibtex"] == f"`{bibtex.FIELDS.written('volume')}`"
    assert volume["jats"] == "`article-meta/volume`"
    assert volume["ris"] == f"`{ris.TABLE.tag('volume')}`"
    assert volume["aggregator"] == "`journal`"
    assert volume["json"] == "`volume`"
    assert "bibliographicCitation" in volume["dc"]
    # Read-only spellings are marked; a field outside KEEPS is lossy.
    assert "`journal` (read)" in _row("journal.titles")["bibtex"]
    assert _row("dates")["dc"].endswith("— lossy")
    assert _row("identifiers")["dc"].endswith("— partly lossy")
    # A field a hand-written pair carries is "code"; no place at all is blank.
    assert _row("titles")["jats"] == "code"
    assert _row("pub_model")["bibtex"] == ""


def test_the_declarations_the_document_reads_cover_their_sources() -> None:
    # A new schema field, section, slot or DC meaning without a declared record path would be
    # missing from the document.
    assert set(aggregator.PATHS) == set(aggregator.schema._SCHEMA.fields)
    assert set(aggregator.SECTION_PATHS) == set(aggregator.SECTION_LABELS.codes)
    from normaliser import tagged

    assert set(tagged.SLOT_PATHS) == tagged.SLOTS
    assert {meaning for _, meaning in dc.TERMS.values()} <= set(dc.MEANINGS)
