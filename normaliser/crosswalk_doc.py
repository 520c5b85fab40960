"""docs/crosswalk.md, generated from the formats' declarations: one row per record field, one
column per format, the element, tag, key or term each field maps to and what does not survive.

    python -m normaliser.crosswalk_doc > docs/crosswalk.md

Sources: a format's ``FIELDS`` (``normaliser.declare``), the tagged formats' tag tables and
``tagged.SLOT_PATHS``, Dublin Core's ``TERMS`` and ``MEANINGS``, the aggregator's schema
``data_key``s with ``PATHS`` and ``SECTION_PATHS``; whether a field survives a round trip is the
format's ``KEEPS``.
"""

from __future__ import annotations

import dataclasses
import typing
from typing import Any

from . import tagged
from .declare import held_dataclass
from .formats import FORMATS
from .record import Record

#: Nested record fields given one row per sub-field.
_EXPANDED = ("contributors", "journal", "conference", "degree", "publisher", "provenance")
_SKIPPED = ("notes",)


def rows() -> list[str]:
    """The record paths the document has a row for, in ``Record``'s order."""
    out: list[str] = []
    hints = typing.get_type_hints(Record)
    for f in dataclasses.fields(Record):
        if f.name in _SKIPPED:
            continue
        inner = held_dataclass(hints[f.name]) if f.name in _EXPANDED else None
        if inner is None:
            out.append(f.name)
        else:
            out.extend(f"{f.name}.{g.name}" for g in dataclasses.fields(inner))
    return out


def _kept(keeps: frozenset[str], path: str) -> str:
    """ "all" when ``keeps`` holds ``path`` whole, "part" when only some of its sub-fields,
    else ""."""
    if any(path == k or path.startswith(k + ".") for k in keeps):
        return "all"
    return "part" if any(k.startswith(path + ".") for k in keeps) else ""


def _mapped(module: Any) -> dict[str, list[str]]:
    """Record path → the format's spellings of it (``(read)`` for those only read)."""
    cells: dict[str, list[str]] = {}

    def add(paths: tuple[str, ...], spelling: str) -> None:
        for path in paths:
            for row in (path,) if "." in path or path not in _EXPANDED else ():
                cells.setdefault(row, [])
                if spelling not in cells[row]:
                    cells[row].append(spelling)
            if path in _EXPANDED:  # a whole nested field: every sub-field's row
                for row in rows():
                    if row.startswith(path + "."):
                        cells.setdefault(row, []).append(spelling)

    readonly = getattr(module, "write", None) is None
    if hasattr(module, "FIELDS"):
        for f in module.FIELDS:
            tail = " (read)" if f.read_only and not readonly else ""
            lossy = f"; {f.lossy}" if f.lossy else ""
            only = f"; only for {', '.join(f.types)}" if f.types else ""
            add((f.path or "extras",), f"`{f.key}`{tail}{only}{lossy}")
            add(f.also, f"`{f.key}`{tail}{lossy}")
    elif hasattr(module, "TABLE"):
        table: tagged.Table = module.TABLE
        for tag, slot in table.tags:
            paths, note = tagged.SLOT_PATHS[slot]
            written = not readonly and table.tag(slot) == tag and not note.startswith("read only")
            tail = "" if written or readonly else " (read)"
            add(paths, f"`{tag}`{tail}")
    elif module.NAME == "dc":
        terms: dict[str, tuple[str | None, str]] = module.TERMS
        for term, (element, meaning) in terms.items():
            if meaning == "extra":
                continue
            spelled = f"`dcterms:{term}`" + (f" → `dc:{element}`" if element != term else "")
            if element is None:
                spelled = f"`dcterms:{term}` (qdc only)"
            elif element == term:
                spelled = f"`dc:{term}`"
            add(module.MEANINGS[meaning], spelled)
    elif module.NAME == "aggregator":
        schema = module.AggregatorSchema()
        for attr, path in module.PATHS.items():
            add(path, f"`{schema.fields[attr].data_key or attr}`")
        for code, path in module.SECTION_PATHS.items():
            add(path, f"section `{module.SECTION_LABELS.write(code)}`")
    elif module.NAME == "json":
        for row in rows():
            add((row,), f"`{row}`")
    return cells


def declared_paths(module: Any) -> frozenset[str]:
    """The record paths a format's declarations map, and those its code pairs carry
    (``CODE_KEEPS``; the tagged formats' are ``tagged.CODE_KEEPS``)."""
    code = getattr(module, "CODE_KEEPS", tagged.CODE_KEEPS if hasattr(module, "TABLE") else ())
    return frozenset(_mapped(module)) | frozenset(code)


def columns() -> list[str]:
    """The format names, one column each (``qdc`` shares ``dc``'s declarations)."""
    return [n for n, f in FORMATS.items() if n != "qdc" and f.reads]


def document() -> str:
    """The Markdown document."""
    modules: dict[str, Any] = {name: FORMATS[name].module for name in columns()}
    cells = {name: _mapped(m) for name, m in modules.items()}
    lines = [
        "# Crosswalk: record fields × formats",
        "",
        "Generated from the formats' declarations by `python -m normaliser.crosswalk_doc >"
        " docs/crosswalk.md`; a test fails when this file is not current. Do not edit by hand.",
        "",
        "Each cell names what a record field is read from and written as in that format."
        " *(read)*: read, never written. *lossy*: the format does not carry the field through a"
        " write and a read back (it is outside the format's `KEEPS`; *partly*: some of its"
        " sub-fields are). *code*: carried by a"
        " hand-written read ⇄ write pair, not a declaration. A blank cell: the format has no"
        " place for the field. Formats with no writer: "
        + ", ".join(f"`{n}`" for n in modules if not FORMATS[n].writes)
        + ". `dc` covers both profiles: simple DC writes a refinement as the element after →,"
        " qualified DC (`qdc`) as the dcterms term; its cells list every term read as the field"
        " (its meaning in `TERMS`), and the writer writes the field as one of them (see the"
        " Dublin Core section of the README).",
        "",
        "| record field | " + " | ".join(modules) + " |",
        "|---|" + "---|" * len(modules),
    ]
    for row in rows():
        out = []
        for name, module in modules.items():
            spellings = cells[name].get(row, [])
            writes = FORMATS[name].writes
            kept = _kept(module.KEEPS, row) if writes else ""
            text = "<br>".join(spellings)
            if not spellings and kept:
                text = "code"
            elif spellings and writes and kept != "all":
                text += " — partly lossy" if kept else " — lossy"
            out.append(text)
        lines.append(f"| `{row}` | " + " | ".join(out) + " |")
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    sys.stdout.write(document())
