"""Reading: a source split into chunks, each chunk (or bare JSON object) to a Record or a Reject."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from marshmallow import ValidationError

from ...errors import RECORD, InvalidRecord, encodable
from ...fields import collect_notes, note
from ...identifiers import bad_url_note, is_url
from ...record import Note, Record, Reject, catalogue
from ...shapes import object_looks_like
from ...sources import (
    BareConstant,
    JsonTooDeep,
    Source,
    bare_constant_note,
    json_problem,
    json_values,
)
from ...text import is_null
from .build import _build, japanese_authors
from .chunks import Chunk, _chunks, _load
from .declarations import CORE_KEYS, OPAQUE_KEYS
from .schema import (
    _DATA_KEYS,
    _JOURNAL_KEYS,
    _OPAQUE_ATTRS,
    _PLAN,
    _URL_KEYS,
    EXTRAS,
    LANGUAGES,
    _aliased,
)

# --- Reading --------------------------------------------------------------------------------


def split(source: Source) -> Iterator[Chunk]:
    """Every record of a dump as its lines and parts, not yet mapped: cheap, so that a parallel
    run can hand the mapping (``parse``) to worker processes."""
    head = source.head_text(4096).lstrip("\ufeff \t\r\n")
    if head.startswith("[") and (head[1:].lstrip()[:1] == "{" or head.rstrip() == "[]"):
        # A JSON array of records (a dump whose first JSON line is some other array is a dump).
        for item in json_values(source, strict=False):
            chunk = Chunk(item.line, item.offset, json_text=item.raw, lines=[item.raw])
            chunk.encoding = source.encoding
            if item.data is not None:
                chunk.damaged[0] = item.data
            if isinstance(item.value, JsonTooDeep):
                chunk.errors.append(str(item.value))
            elif isinstance(item.value, ValueError):
                chunk.errors.append(f"not valid JSON: {item.value}")
            yield chunk
        return
    for chunk in _chunks(source.lines()):
        chunk.encoding = source.encoding
        yield chunk


def parse(chunk: Chunk, number: int, name: str, *, strict: bool = False) -> Record | Reject:
    """The Record of one split record, or a Reject holding its original text and the reason."""
    try:
        if chunk.errors:
            raise InvalidRecord({RECORD: chunk.errors})
        return catalogue(from_chunk(chunk, strict=strict))
    except InvalidRecord as exc:
        return Reject(
            exc,
            chunk.raw,
            number,
            chunk.line,
            chunk.offset,
            name,
            chunk.data,
        )


def read(source: Source, *, strict: bool = False) -> Iterator[Record | Reject]:
    """Yield a Record, or a Reject holding the original text and the reason, for every record."""
    for number, chunk in enumerate(split(source), 1):
        yield parse(chunk, number, source.name, strict=strict)


def from_chunk(chunk: Chunk, *, strict: bool = False) -> Record:
    """Map one record's parts to a Record; raises ``InvalidRecord`` with the input's keys."""
    if chunk.json_text is None:
        raise InvalidRecord("no JSON object in this record")
    try:
        data, repeated = _load(chunk.json_text)
    except JsonTooDeep as exc:
        raise InvalidRecord(str(exc)) from None
    except ValueError as exc:
        raise InvalidRecord(f"not valid JSON: {json_problem(exc)}") from None
    if not isinstance(data, dict):
        raise InvalidRecord(f"expected a JSON object, got {type(data).__name__}")
    conflicting = {}
    for key, values in repeated:
        if all(v == values[0] for v in values):
            chunk.notes.append(
                Note("repaired", key, f"the key is given {len(values)} times with one value")
            )
        else:
            shown = ", ".join(_short(v) for v in values)
            conflicting[key] = [
                f"the key is given {len(values)} times with different values ({shown})"
            ]
    if conflicting:
        raise InvalidRecord(conflicting)
    return from_dict(data, chunk=chunk, strict=strict)


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


_SURROGATE = re.compile("[\ud800-\udfff]")


def _encodable(value: Any, key: str) -> Any:
    """``value`` with lone surrogates (a JSON ``\\ud800`` escape is not text and cannot be written
    as UTF-8) replaced by U+FFFD and bare ``NaN``/``Infinity`` made strings, with a note on
    ``key`` (itself already encodable); everything else verbatim."""
    if isinstance(value, BareConstant):
        note("repaired", key, bare_constant_note(value))
        return str(value)
    if isinstance(value, str):
        fixed, count = _SURROGATE.subn("\ufffd", value)
        if count:
            note("repaired", key, f"{count} lone surrogate escapes replaced by U+FFFD")
        return fixed
    if isinstance(value, list):
        return [_encodable(item, key) for item in value]
    if isinstance(value, dict):
        return {_encodable(k, key): _encodable(v, key) for k, v in value.items()}
    return value


def from_dict(data: dict[str, Any], *, chunk: Chunk | None = None, strict: bool = False) -> Record:
    """Map one aggregator JSON object (plus its dump sections) to a Record."""
    shape = object_looks_like(data)
    if shape is not None:
        raise InvalidRecord(f"this looks like {shape}; it is not an aggregator record")
    if not isinstance(data.get("journal"), (dict, type(None))):
        if not is_null(data.get("journal")):
            raise InvalidRecord({"journal": ["expected an object with name, volume and pages"]})
        data = {**data, "journal": None}
    data = _aliased(data)
    # Keys the mapping does not know go to extras verbatim (a key spelled like one of the
    # schema's attribute names must not be taken for that attribute's converted value).
    extras = {k: v for k, v in data.items() if k not in _DATA_KEYS and not is_null(v)}
    journal_in = data.get("journal") or {}
    extras.update(
        {
            f"journal.{k}": v
            for k, v in journal_in.items()
            if k not in _JOURNAL_KEYS and not is_null(v)
        }
    )
    with collect_notes() as notes:
        unparsed: dict[str, Any] = {}
        # A link that is no URL is secondary: kept verbatim, said, and the record is read.
        for key in _URL_KEYS:
            value = data.get(key)
            if isinstance(value, str) and not is_null(value) and not is_url(value):
                note("repaired", key, bad_url_note(value))
                extras[key] = value
                data = {**data, key: None}
        try:
            flat = _PLAN.load(data)
        except ValidationError as exc:
            messages = exc.messages_dict
            if set(messages) & CORE_KEYS or not set(messages) <= set(data):
                raise InvalidRecord(messages) from None
            # Only secondary keys are wrong: kept verbatim, the record goes on without them.
            unparsed = {k: data[k] for k in messages}
            for key, problems in messages.items():
                shown = "; ".join(str(p) for p in problems) if isinstance(problems, list) else ""
                note("unparsed", key, f"{shown}: kept verbatim in extras")
            try:
                flat = _PLAN.load({k: v for k, v in data.items() if k not in unparsed})
            except ValidationError as again:
                raise InvalidRecord(again.messages_dict) from None
        flat = japanese_authors(flat, data)
        for key, attr in _OPAQUE_ATTRS.items():
            value = flat.get(attr)
            if value is not None and not is_null(value):
                extras[key] = value
        taken = extras.pop(EXTRAS, None)  # ours: extras whose key the dump's keys hold
        languages = extras.pop(LANGUAGES, None)  # ours (an extra may be named so: in Extras)
        if isinstance(taken, dict):
            extras.update(taken)
        elif taken is not None:
            extras[EXTRAS] = taken
        extras = {
            _encodable(k, encodable(k)): _encodable(v, encodable(k)) for k, v in extras.items()
        }
        for repair in chunk.notes if chunk is not None else ():
            note(repair.kind, repair.field, repair.message)
        if strict and set(extras) - set(OPAQUE_KEYS):
            unknown = sorted(set(extras) - set(OPAQUE_KEYS))
            raise InvalidRecord({k: ["unknown key (strict mode)"] for k in unknown})
        extras.update({_encodable(k, k): _encodable(v, k) for k, v in unparsed.items()})
        return _build(flat, extras, chunk, notes, languages)
