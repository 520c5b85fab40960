"""Reading Dublin Core documents: bare records, collections, OAI-PMH ``GetRecord``/``ListRecords``
responses (deletions, resumption tokens, errors) and DSpace ``dublin_core.xml``, streaming.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from ... import xmlio
from ...errors import InvalidInput, InvalidRecord
from ...record import Deletion, Note, Record, Reject, catalogue
from ...sniffs import COLLECTION_NS, OAI_NS
from ...sources import Source
from .reader import _build
from .statements import _dc_statements, _dspace_statements, _namespace
from .values import _clean

# --- Reading: documents ----------------------------------------------------------------------

_RECORD_TAGS = {"dc", "qualifieddc", "record", "dublin_core", "resumptionToken", "error"}


def read(source: Source, *, strict: bool = False) -> Iterator[Record | Reject | Deletion]:
    """Stream every Dublin Core record of ``source``: bare ``oai_dc:dc``/qualified records, the
    collection ``write`` makes, OAI-PMH responses, DSpace ``dublin_core.xml``.

    A deleted OAI-PMH record is a ``Deletion`` (identifier, datestamp, sets); a
    resumptionToken becomes a note on the last record of the response (or the last deletion,
    when the page holds no live record). Raises ``InvalidXML``
    (with the line) when the document is not well-formed, ``InvalidInput`` for an OAI-PMH error
    response or a document that holds no DC record.
    """
    held: list[Record | Reject | Deletion] = []
    token: Note | None = None
    number = 0
    # The collection this module writes may be empty (nothing was written): that is no error.
    seen = COLLECTION_NS in source.head_text(4096)
    spans = xmlio.Spans(source.stream)
    for element in xmlio.iter_elements(source.stream, _RECORD_TAGS, source.name, spans):
        local, ns = xmlio.local(element), _namespace(element)
        if local == "resumptionToken":
            seen = True
            token = _token_note(element)
            continue
        if local == "error":
            if ns == OAI_NS:
                code = element.get("code") or "error"
                if code != "noRecordsMatch":
                    raise InvalidInput(
                        f"{source.name}: the OAI-PMH response is an error ({code}): "
                        f"{_clean(xmlio.text_of(element))}"
                    )
                seen = True
            continue
        seen = True
        number += 1
        item = _item(element, number, source.name, strict)
        if isinstance(item, Reject):
            item = xmlio.original_reject(item.error, element, spans, source, number)
        if isinstance(item, Record):
            yield from held
            held = [item]
        else:
            held.append(item)
    if token is not None:
        held = _attach(held, token)
    yield from held
    if not seen:
        raise InvalidInput(
            f"{source.name}: no Dublin Core record in it (oai_dc:dc, qualifieddc, an OAI-PMH "
            "record or DSpace dublin_core)"
        )


def _token_note(element: xmlio.Element) -> Note | None:
    """The note a non-empty resumptionToken makes: the response is one page of a longer list."""
    token = _clean(xmlio.text_of(element))
    if not token:
        return None  # an empty token marks the last page
    detail = ", ".join(
        f"{name} {element.get(attr)}"
        for name, attr in (("cursor", "cursor"), ("complete list size", "completeListSize"))
        if element.get(attr)
    )
    return Note(
        "resumption-token",
        "resumptionToken",
        f"the OAI-PMH list goes on: request the next page with resumptionToken={token}"
        + (f" ({detail})" if detail else ""),
    )


def _attach(held: list[Record | Reject | Deletion], note: Note) -> list[Record | Reject | Deletion]:
    for i in range(len(held) - 1, -1, -1):
        item = held[i]
        if isinstance(item, Record):
            held[i] = replace(item, notes=(*item.notes, note))
            return held
    deletions = [i for i, item in enumerate(held) if isinstance(item, Deletion)]
    if deletions:
        # No live record to carry the note: the last deletion says it instead.
        last_deletion = held[deletions[-1]]
        assert isinstance(last_deletion, Deletion)
        held[deletions[-1]] = replace(last_deletion, notes=(*last_deletion.notes, note))
        return held
    if held and isinstance(held[-1], Reject):
        # No live record to carry the note: the last reject says it instead.
        last = held[-1]
        messages = dict(last.error.messages)
        messages["resumptionToken"] = [note.message]
        held[-1] = replace(last, error=InvalidRecord(messages))
    return held


def _item(
    element: xmlio.Element, number: int, name: str, strict: bool
) -> Record | Reject | Deletion:
    """The Record (or Reject, or Deletion) one record element makes."""
    line = element.sourceline
    header_extras: dict[str, Any] = {}
    record_id = None
    container = element
    try:
        if xmlio.local(element) == "record":
            header = next((c for c in element if xmlio.local(c) == "header"), None)
            if header is not None:
                record_id = _clean(_child_text(header, "identifier")) or None
                datestamp = _clean(_child_text(header, "datestamp"))
                sets = [_clean(xmlio.text_of(c)) for c in header if xmlio.local(c) == "setSpec"]
                if (header.get("status") or "").strip() == "deleted":
                    return Deletion(record_id, datestamp or None, tuple(sets), number, line, name)
                if datestamp:
                    header_extras["oai:datestamp"] = datestamp
                if sets:
                    header_extras["oai:setSpec"] = sets
            container = next(
                (
                    e
                    for e in element.iter()
                    if xmlio.local(e) in ("dc", "qualifieddc", "dublin_core")
                ),
                None,
            )
            if container is None:
                if not any(xmlio.local(c) == "metadata" for c in element):
                    raise InvalidRecord(
                        f"record {record_id or '(no identifier)'} has no metadata", field="metadata"
                    )
                raise InvalidRecord("the record's metadata is not Dublin Core", field="metadata")
        if xmlio.local(container) == "dublin_core":
            statements = _dspace_statements(container)
        else:
            statements = _dc_statements(container)
        return catalogue(
            _build(statements, strict=strict, record_id=record_id, header=header_extras)
        )
    except InvalidRecord as exc:
        return Reject(exc, xmlio.to_string(element).strip(), number, line, None, name)


def _child_text(element: xmlio.Element, local: str) -> str:
    child = next((c for c in element if xmlio.local(c) == local), None)
    return xmlio.text_of(child) if child is not None else ""
