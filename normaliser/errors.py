"""The exception tree: everything normaliser raises on purpose is a ``NormaliserError``.

    NormaliserError
     ├── UsageError            a call that cannot be honoured: unknown format, bad option
     │    └── UnknownFormat    no format of that name, or none recognised the input
     ├── InvalidInput          a source that cannot be read at all (missing file, undecodable bytes)
     │    └── InvalidXML       not well-formed, or refused by the hardened parser
     ├── InvalidRecord         one record that cannot be mapped; ``messages`` keyed by input fields
     ├── InvalidOutput         a document that fails its own schema (never returned silently)
     ├── WorkerFailed          a worker process of a parallel run died (killed, out of memory)
     └── BrokenInstallation    a schema or catalogue normaliser ships is missing or unreadable

Third-party exceptions (marshmallow, lxml, babel, opencc, json) are translated into these at the
module that owns the library; anything else escaping is a bug.
"""

from __future__ import annotations

import json
import re
from typing import Any

Messages = dict[str, Any]

#: The most of a value a message quotes (``shown``): a message names the problem, it does not
#: carry a megabyte of input to standard error and into every reject line.
QUOTE_CHARS = 200

#: The longest one message may be, whatever made it (a safety net under ``shown``).
MESSAGE_CHARS = 1000

_SURROGATE = re.compile("[\ud800-\udfff]")


_PROBLEM = re.compile(
    r"(?P<where>line \d+: )?(?P<message>.*?)(?: \(and (?P<more>[\d,]+) more\))?", re.S
)


def add_problem(problems: list[str], message: str, line: int | None = None) -> None:
    """Add ``message`` (found on ``line``) to a record's ``problems`` once: the same problem
    again (numbers aside: ``column 3``, ``column 7``) only counts, ``line 5: a value without
    a tag (and 99,994 more)``, so that a hostile record's message stays one line long."""
    kind = re.sub(r"\d+", "#", message)
    for index, known in enumerate(problems):
        found = _PROBLEM.fullmatch(known)
        if found and re.sub(r"\d+", "#", found.group("message")) == kind:
            more = int((found.group("more") or "0").replace(",", "")) + 1
            problems[index] = (
                f"{found.group('where') or ''}{found.group('message')} (and {more:,} more)"
            )
            return
    problems.append(f"line {line}: {message}" if line else message)


def finite_json(value: Any, **options: Any) -> str:
    """``value`` as JSON text (UTF-8, not ASCII-escaped); a number that is not finite (NaN,
    Infinity: not JSON, though Python's encoder writes them) makes it ``InvalidRecord``, so that
    nothing written as JSON is not JSON."""
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, **options)
    except ValueError:
        raise InvalidRecord(
            "a number that is not finite (NaN, Infinity) cannot be written as JSON"
        ) from None


def encodable(text: str) -> str:
    """``text`` with lone surrogates (what a JSON ``"\\ud800"`` escape decodes to: not text, and
    not writable as UTF-8) replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def shown_text(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, saying how long it was."""
    return f"{text[:limit]}… ({len(text):,} characters)"


def shown(value: Any, limit: int = QUOTE_CHARS) -> str:
    """``value`` quoted for a message (its ``repr``), cut to about ``limit`` characters with
    how much was left out: ``'abcd…' (12,345 characters)``. The one way messages quote input."""
    if isinstance(value, (str, bytes)) and len(value) > limit:
        return f"{value[:limit]!r}… ({len(value):,} characters)"
    text = repr(value)
    return text if len(text) <= limit else shown_text(text, limit)


class NormaliserError(Exception):
    """Root of every error normaliser raises on purpose."""


class UsageError(NormaliserError):
    """A call that cannot be honoured as given."""


class UnknownFormat(UsageError):
    """A format name that is not registered, or an input no reader recognises."""


class InvalidInput(NormaliserError):
    """A source that cannot be read at all."""


class InvalidXML(InvalidInput):
    """XML that is not well-formed or that the hardened parser refuses."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class InvalidRecord(NormaliserError):
    """One record that cannot be mapped.

    ``messages`` maps the input's own field names (dotted for nested keys, ``RECORD`` for a
    problem of the record as a whole) to a list of messages, the way marshmallow reports
    validation errors; marshmallow's own ``_schema`` key is renamed (``RECORD`` at the top, the
    value's own field name below it).
    """

    def __init__(
        self, messages: Messages | str, *, field: str | None = None, where: str | None = None
    ) -> None:
        if isinstance(messages, str):
            messages = {field or RECORD: [messages]}
        self.messages: Messages = _encodable_messages(_renamed(messages))
        self.where = where
        text = format_messages(self.messages)
        super().__init__(f"{where}: {text}" if where else text)

    def located(self, source: str | None, record: int, line: int | None) -> InvalidRecord:
        """The same error, its message prefixed with where the record is in its source."""
        where = f"record {record}" + (f" (line {line})" if line else "")
        return InvalidRecord(self.messages, where=f"{source}: {where}" if source else where)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.messages, self.where))


#: The key of a problem of the record as a whole (not of one of its fields) in a reject's
#: messages: the reject line's ``errors`` and ``rejected_by_reason`` use it, never ``_schema``.
RECORD = "record"
#: marshmallow's key for the same.
_SCHEMA = "_schema"


def _renamed(messages: Any, top: bool = True) -> Any:
    """``messages`` without marshmallow's ``_schema`` key: at the top it becomes ``RECORD``;
    below a field, ``{"journal": {"_schema": [...]}}`` becomes ``{"journal": [...]}`` (the
    problem is the field's own value)."""
    if isinstance(messages, dict):
        if not top and set(messages) == {_SCHEMA}:
            return _renamed(messages[_SCHEMA], top=False)
        out: dict[Any, Any] = {}
        for key, value in messages.items():
            name = (RECORD if top else key) if key == _SCHEMA else key
            value = _renamed(value, top=False)
            if name in out and isinstance(out[name], list) and isinstance(value, list):
                out[name] = [*out[name], *value]
            else:
                out[name] = value
        return out
    if isinstance(messages, (list, tuple)):
        return [_renamed(item, top=False) for item in messages]
    return messages


class BrokenInstallation(NormaliserError):
    """A file normaliser ships (a schema, a catalogue, a DTD it was pointed at) is unusable."""


def _encodable_messages(messages: Any) -> Any:
    """``messages`` with every key and text encodable (``encodable``): a message names input
    fields, and a field name may be a lone surrogate that no reject line could hold. A message
    longer than ``MESSAGE_CHARS`` (one that quoted a value without ``shown``, such as a third
    party's) is cut there."""
    if isinstance(messages, dict):
        return {_field_name(k): _encodable_messages(v) for k, v in messages.items()}
    if isinstance(messages, (list, tuple)):
        return [_encodable_messages(item) for item in messages]
    if isinstance(messages, str):
        return cut(encodable(messages), MESSAGE_CHARS)
    return messages


def _field_name(key: Any) -> Any:
    """A field name as messages carry it: encodable, and cut like a quoted value when an input
    made a key of a megabyte."""
    if not isinstance(key, str):
        return key
    key = encodable(key)
    return key if len(key) <= QUOTE_CHARS else shown_text(key, QUOTE_CHARS)


def cut(text: str, limit: int = QUOTE_CHARS) -> str:
    """``text`` as it is when short, else cut like a quoted value (``shown_text``): for lists a
    message gives without quoting them (``LaTeX commands dropped: …``)."""
    return text if len(text) <= limit else shown_text(text, limit)


def _rebuild(cls: type[InvalidRecord], messages: Messages, where: str | None) -> InvalidRecord:
    return cls(messages, where=where)


class InvalidOutput(NormaliserError):
    """A written document that fails the schema it claims."""


class WorkerFailed(NormaliserError):
    """A worker process of a parallel run stopped without answering (killed, out of memory, or
    crashed in native code); the run is abandoned and its outputs are not written."""


def flatten_messages(messages: Messages, prefix: str = "") -> list[tuple[str, str]]:
    """Turn nested marshmallow-style messages into ``(dotted.field, message)`` pairs; a problem
    of the record as a whole is named ``RECORD``."""
    out: list[tuple[str, str]] = []
    for key, value in messages.items():
        if prefix:
            name = prefix if key == _SCHEMA else f"{prefix}.{key}"
        else:
            name = RECORD if key == _SCHEMA else str(key)
        if isinstance(value, dict):
            out.extend(flatten_messages(value, name))
        elif isinstance(value, (list, tuple)):
            for item in value:
                if isinstance(item, dict):
                    out.extend(flatten_messages(item, name))
                else:
                    out.append((name, str(item)))
        else:
            out.append((name, str(value)))
    return out


def format_messages(messages: Messages) -> str:
    """One line naming every field and its problem: ``journal.pages: 'abc' is not a page range``."""
    return "; ".join(
        message if field == RECORD else f"{field}: {message}"
        for field, message in flatten_messages(messages)
    )
