"""MARC records as data, ISO 2709 bytes and MARCXML: the machinery MARC 21 and CNMARC share.

The model is neutral (no MARC 21 or UNIMARC meaning): a ``MarcRecord`` is a 24-character leader
and its fields in order, each a ``ControlField`` (tag ``001``–``009``, one value) or a
``DataField`` (two indicators, ordered ``(code, value)`` subfields).

- ``to_iso2709`` / ``from_iso2709``: ISO 2709 bytes through pymarc, always UTF-8 when written
  (lengths count bytes); Leader/09 is what the caller says (``coding="a"`` for MARC 21, ``" "``
  for CNMARC), never forced by pymarc. Read: Leader/09 ``a`` as UTF-8, blank as MARC-8 (pymarc's
  decoder) unless ``encoding="utf-8"`` says otherwise. A structure that is not ISO 2709 (leader,
  directory, terminators) is an ``InvalidRecord`` naming the part, for a reject with the bytes
  ``split_iso2709`` gave.
- ``split_iso2709``: streams a file's records as ``(offset, bytes)``, cut at the record
  terminator 0x1D, so that a record whose leader lies is still one reject, not the end of the file.
- ``looks_like_iso2709``: sniffing by the leader and directory shape.
- ``to_marcxml`` / ``from_marcxml``: a MARCXML ``record`` element (the MARC 21 slim namespace
  unless told) built and read through ``xmlio`` (hardened parser; Han text written as characters).
  The leader written in MARCXML carries the lengths of the ISO 2709 form, so that a converter
  (``yaz-marcdump -i marcxml -o marc``) gives the same bytes.

- ``Facts``: a local field of what a format's fields do not tell of a record's texts and names
  (a language tag, a variant, a name's style or parts), written only where they read back
  otherwise.
- ``Table`` (``table(FIELDS, CODE_TAGS)``): a format's simple fields, the declarations of a
  subfield of a field of its own outside the tags its named code pairs write and read; each
  written and read from its declaration alone (``Table.write`` ⇄ ``Table.read``), the format
  giving only what its kinds mean (an identifier's scheme in ``$2``, a link's kind).

This module is the only pymarc user.
"""

from __future__ import annotations

import dataclasses
import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import IO, Any, Literal, NamedTuple, TypeVar

import pymarc

from . import xmlio
from .declare import IDENTIFIER, PROSE, TEXT, Field, Fields
from .errors import InvalidRecord, shown
from .record import Identifier, Name, Prose, Record, Text

MARC21_NS = "http://www.loc.gov/MARC21/slim"

RECORD_TERMINATOR = b"\x1d"
FIELD_TERMINATOR = b"\x1e"
SUBFIELD_DELIMITER = b"\x1f"
#: ISO 2709 cannot say a record is longer (five digits of record length).
MAX_RECORD_BYTES = 99_999

_CONTROL_TAG = re.compile(r"00[1-9A-Za-z]")
_TAG = re.compile(r"[0-9A-Za-z]{3}")
_INDICATOR = re.compile(r"[0-9a-z ]")
_CODE = re.compile(r"[0-9a-zA-Z]")
# What neither ISO 2709 (its delimiters) nor XML 1.0 can carry in a value; CR is left out too,
# since an XML reader turns it into LF (the two forms would differ).
_UNWRITABLE = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
_LEADER_SHAPE = re.compile(rb"\d{5}[\x20-\x7e]{7}\d{5}[\x20-\x7e]{3}[\d ]{4}")
_DIRECTORY_ENTRY = re.compile(rb"[0-9A-Za-z]{3}\d{9}")


@dataclass
class ControlField:
    """A control field: ``001``–``009`` (``00X`` with a letter too), one value."""

    tag: str
    value: str


@dataclass
class DataField:
    """A data field: two indicators (``" "`` = blank) and its subfields in order."""

    tag: str
    ind1: str = " "
    ind2: str = " "
    subfields: list[tuple[str, str]] = field(default_factory=list)

    def values(self, code: str) -> list[str]:
        """The values of every subfield ``code``, in order."""
        return [value for c, value in self.subfields if c == code]

    def first(self, code: str) -> str | None:
        """The value of the first subfield ``code``, if any."""
        return next((value for c, value in self.subfields if c == code), None)


MarcField = ControlField | DataField


@dataclass
class MarcRecord:
    """A leader (24 characters; lengths are recomputed when written) and fields in order."""

    leader: str = "00000nam a2200000 a 4500"
    fields: list[MarcField] = field(default_factory=list)

    def control(self, tag: str) -> str | None:
        """The value of the first control field ``tag``."""
        return next(
            (f.value for f in self.fields if isinstance(f, ControlField) and f.tag == tag), None
        )

    def data(self, tag: str) -> list[DataField]:
        """The data fields ``tag``, in order."""
        return [f for f in self.fields if isinstance(f, DataField) and f.tag == tag]


def is_control_tag(tag: str) -> bool:
    """Whether ``tag`` is a control field's (``001``–``009``, ``00A``…)."""
    return bool(_CONTROL_TAG.fullmatch(tag))


# --- Checking what is written -----------------------------------------------------------------


def check(record: MarcRecord) -> None:
    """Raise ``InvalidRecord`` naming the field (``245$a``, ``leader``) of the first thing that
    ISO 2709 or MARCXML cannot carry: a leader not 24 printable ASCII characters, a bad tag,
    indicator or subfield code, a data field without subfields, a value with a delimiter or a
    character XML 1.0 cannot hold."""
    if len(record.leader) != 24 or not record.leader.isascii() or not record.leader.isprintable():
        raise InvalidRecord(f"not a 24-character leader: {shown(record.leader)}", field="leader")
    if not record.fields:
        raise InvalidRecord("a record without fields", field="leader")
    for item in record.fields:
        if isinstance(item, ControlField):
            if not _CONTROL_TAG.fullmatch(item.tag):
                raise InvalidRecord(f"not a control field tag: {shown(item.tag)}", field=item.tag)
            _check_value(item.value, item.tag)
            continue
        if not _TAG.fullmatch(item.tag) or _CONTROL_TAG.fullmatch(item.tag):
            raise InvalidRecord(f"not a data field tag: {shown(item.tag)}", field=str(item.tag))
        for name, indicator in (("ind1", item.ind1), ("ind2", item.ind2)):
            if not _INDICATOR.fullmatch(indicator):
                raise InvalidRecord(
                    f"not an indicator (0-9, a-z or blank): {shown(indicator)}",
                    field=f"{item.tag}.{name}",
                )
        if not item.subfields:
            raise InvalidRecord("a data field without subfields", field=item.tag)
        for code, value in item.subfields:
            if not _CODE.fullmatch(code):
                raise InvalidRecord(f"not a subfield code: {shown(code)}", field=item.tag)
            _check_value(value, f"{item.tag}${code}")


def _check_value(value: str, where: str) -> None:
    bad = _UNWRITABLE.search(value)
    if bad:
        raise InvalidRecord(
            f"a character MARC or XML cannot carry (U+{ord(bad.group()):04X}) in {shown(value)}",
            field=where,
        )


# --- ISO 2709 ---------------------------------------------------------------------------------


def to_iso2709(record: MarcRecord, *, coding: str = "a") -> bytes:
    """The record as ISO 2709 bytes, UTF-8, with record length and base address computed (in
    bytes) and Leader/09 set to ``coding`` (``"a"`` Unicode for MARC 21; ``" "`` for CNMARC,
    where the position is undefined). Raises ``InvalidRecord`` (``check``) for what cannot be
    written, and when the record is longer than ISO 2709 can say."""
    check(record)
    if len(coding) != 1:
        raise ValueError(f"Leader/09 is one character, not {coding!r}")
    leader = record.leader[:9] + coding + record.leader[10:]
    out = pymarc.Record(to_unicode=False, force_utf8=True)
    out.leader = pymarc.Leader(leader)  # the constructor forces Leader/09 'a' and 20-23 '4500'
    for item in record.fields:
        if isinstance(item, ControlField):
            out.fields.append(pymarc.Field(tag=item.tag, data=item.value))
        else:
            out.fields.append(
                pymarc.Field(
                    tag=item.tag,
                    indicators=pymarc.Indicators(item.ind1, item.ind2),
                    subfields=[pymarc.Subfield(code, value) for code, value in item.subfields],
                )
            )
    data: bytes = out.as_marc()
    if len(data) > MAX_RECORD_BYTES:
        raise InvalidRecord(
            f"{len(data):,} bytes: longer than the {MAX_RECORD_BYTES:,} an ISO 2709 record can be",
            field="leader",
        )
    return data


Encoding = Literal["leader", "utf-8", "marc-8"]


def from_iso2709(data: bytes, *, encoding: Encoding = "leader") -> MarcRecord:
    """One ISO 2709 record (its bytes, terminator included) as a ``MarcRecord``.

    ``encoding``: ``"leader"`` reads Leader/09 (``a`` UTF-8, blank MARC-8 through pymarc's
    decoder); ``"utf-8"`` or ``"marc-8"`` say it (CNMARC leaves Leader/09 blank and states its
    character set in field 100). Raises ``InvalidRecord`` naming ``leader``, ``directory`` or
    the field for a structure that is not ISO 2709 or bytes that are not the encoding."""
    _check_structure(data)
    utf8 = encoding == "utf-8" or (encoding == "leader" and data[9:10] == b"a")
    if encoding == "leader" and data[9:10] not in (b"a", b" "):
        raise InvalidRecord(
            f"Leader/09 {data[9:10].decode('latin-1')!r} is no character coding "
            "(a = Unicode, blank = MARC-8)",
            field="leader",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = pymarc.Record(
                data,
                to_unicode=True,
                force_utf8=utf8,
                hide_utf8_warnings=True,
                utf8_handling="strict",
            )
    except UnicodeDecodeError as exc:
        raise InvalidRecord(
            f"bytes that are not {'UTF-8' if utf8 else 'MARC-8'}: {exc.reason} "
            f"({shown(exc.object[exc.start : exc.end + 8])})",
            field="record",
        ) from None
    except (pymarc.exceptions.PymarcException, ValueError) as exc:
        raise InvalidRecord(f"not an ISO 2709 record: {exc}", field="directory") from None
    record = MarcRecord(leader=data[:24].decode("ascii"), fields=[])
    for item in parsed.fields:
        if item.is_control_field():
            record.fields.append(ControlField(item.tag, item.data or ""))
        else:
            record.fields.append(
                DataField(
                    item.tag,
                    item.indicator1 or " ",
                    item.indicator2 or " ",
                    [(sub.code, sub.value) for sub in item.subfields],
                )
            )
    return record


def _check_structure(data: bytes) -> None:
    """Refuse bytes whose leader or directory is not ISO 2709's, before pymarc (which guesses
    its way past missing indicators and stray lengths) reads them."""
    if len(data) < 25:
        raise InvalidRecord(f"{len(data)} bytes: too short for a record", field="leader")
    if not _LEADER_SHAPE.fullmatch(data[:24]):
        raise InvalidRecord(
            f"not an ISO 2709 leader: {shown(data[:24].decode('latin-1'))}", field="leader"
        )
    if data[10:12] != b"22":
        raise InvalidRecord(
            "indicator count and subfield code length (Leader/10-11) are not 2 and 2: "
            f"{shown(data[10:12].decode('latin-1'))}",
            field="leader",
        )
    length, base = int(data[:5]), int(data[12:17])
    if length != len(data):
        raise InvalidRecord(
            f"the leader says {length} bytes, the record has {len(data)}", field="leader"
        )
    if not data.endswith(RECORD_TERMINATOR):
        raise InvalidRecord("the record does not end with its terminator (0x1D)", field="leader")
    if base < 25 or base > len(data) or (base - 25) % 12 or data[base - 1 : base] != b"\x1e":
        raise InvalidRecord(
            f"the base address {base} does not end a directory of 12-byte entries",
            field="directory",
        )
    body = data[base:-1]
    entries = data[24 : base - 1]
    if not entries:
        raise InvalidRecord("an empty directory", field="directory")
    for start in range(0, len(entries), 12):
        entry = entries[start : start + 12]
        if not _DIRECTORY_ENTRY.fullmatch(entry):
            raise InvalidRecord(
                f"not a directory entry: {shown(entry.decode('latin-1'))}", field="directory"
            )
        tag = entry[:3].decode("ascii")
        size, offset = int(entry[3:7]), int(entry[7:12])
        if size < 1 or offset + size > len(body) or body[offset + size - 1] != 0x1E:
            raise InvalidRecord(
                f"the directory entry for {tag} (length {size}, offset {offset}) does not "
                "point at a field ending with its terminator (0x1E)",
                field="directory",
            )
        if not _CONTROL_TAG.fullmatch(tag):
            content = body[offset : offset + size - 1]
            if len(content) < 2 or (len(content) > 2 and content[2:3] != SUBFIELD_DELIMITER):
                raise InvalidRecord(
                    "a data field without two indicators before its first subfield",
                    field=tag,
                )


def split_iso2709(stream: IO[bytes], chunk: int = 64 * 1024) -> Iterator[tuple[int, bytes]]:
    """Each record of an ISO 2709 stream as ``(offset, bytes)``, cut after each record
    terminator (0x1D), whatever the leaders say. Line ends between records (some exports write
    one after each) are skipped; what follows the last terminator is yielded as it is (a
    truncated record, for a reject). A run of more than ``MAX_RECORD_BYTES`` bytes without a
    terminator is yielded in pieces of that size rather than held in memory."""
    buffer = b""
    offset = 0  # of buffer[0] in the stream
    while True:
        data = stream.read(chunk)
        if not data:
            break
        buffer += data
        while True:
            stripped = buffer.lstrip(b"\r\n")
            offset += len(buffer) - len(stripped)
            buffer = stripped
            end = buffer.find(RECORD_TERMINATOR)
            if end < 0:
                if len(buffer) > MAX_RECORD_BYTES:
                    yield offset, buffer[:MAX_RECORD_BYTES]
                    offset += MAX_RECORD_BYTES
                    buffer = buffer[MAX_RECORD_BYTES:]
                    continue
                break
            yield offset, buffer[: end + 1]
            offset += end + 1
            buffer = buffer[end + 1 :]
    rest = buffer.strip(b"\r\n\x1a \t")
    if rest:
        yield offset + (len(buffer) - len(buffer.lstrip(b"\r\n\x1a \t"))), rest


def looks_like_iso2709(head: bytes) -> bool:
    """Whether ``head`` (the start of a file) has the shape of an ISO 2709 record: a leader of
    digits where lengths go, then 12-byte directory entries up to the base address, where a
    field terminator ends the directory."""
    head = head.lstrip(b"\r\n")
    if len(head) < 37 or not _LEADER_SHAPE.fullmatch(head[:24]):
        return False
    base = int(head[12:17])
    if base < 37 or (base - 25) % 12:
        return False
    end = min(base - 1, len(head))
    entries = head[24 : 24 + (end - 24) // 12 * 12]
    if not all(_DIRECTORY_ENTRY.fullmatch(entries[i : i + 12]) for i in range(0, len(entries), 12)):
        return False
    return len(head) < base or head[base - 1 : base] == FIELD_TERMINATOR


# --- MARCXML ----------------------------------------------------------------------------------


def to_marcxml(
    record: MarcRecord, *, coding: str = "a", namespace: str = MARC21_NS
) -> xmlio.Element:
    """The record as a MARCXML ``record`` element in ``namespace`` (a document of its own:
    default namespace declared on it). Its leader is the ISO 2709 form's (``to_iso2709`` with
    ``coding``): lengths and Leader/09 agree with the bytes written. ``InvalidRecord`` as for
    ``to_iso2709``."""
    leader = to_iso2709(record, coding=coding)[:24].decode("ascii")
    ns = f"{{{namespace}}}"
    root = xmlio.new(f"{ns}record", nsmap={None: namespace})
    xmlio.sub(root, f"{ns}leader", leader)
    for item in record.fields:
        if isinstance(item, ControlField):
            xmlio.sub(root, f"{ns}controlfield", item.value, {"tag": item.tag})
        else:
            element = xmlio.sub(
                root,
                f"{ns}datafield",
                attrib={"tag": item.tag, "ind1": item.ind1, "ind2": item.ind2},
            )
            for code, value in item.subfields:
                xmlio.sub(element, f"{ns}subfield", value, {"code": code})
    return root


def from_marcxml(element: xmlio.Element) -> MarcRecord:
    """A MARCXML ``record`` element (any namespace: the slim one, CNMARC's, none) as a
    ``MarcRecord``. Raises ``InvalidRecord`` naming the field for what MARCXML does not allow:
    no leader or a leader not 24 characters, a field without a tag, an indicator that is not one
    character, a subfield without a code."""
    leader: str | None = None
    record = MarcRecord(fields=[])
    for child in element:
        name = xmlio.local(child)
        if not name:
            continue  # a comment or processing instruction
        if name == "leader":
            if leader is not None:
                raise InvalidRecord("a second leader", field="leader")
            leader = xmlio.text_of(child)
            if len(leader) != 24 or not leader.isascii():
                raise InvalidRecord(f"not a 24-character leader: {shown(leader)}", field="leader")
        elif name == "controlfield":
            tag = child.get("tag") or ""
            if not _CONTROL_TAG.fullmatch(tag):
                raise InvalidRecord(
                    f"not a control field tag: {shown(tag)}", field=f"controlfield {tag}".strip()
                )
            record.fields.append(ControlField(tag, xmlio.text_of(child)))
        elif name == "datafield":
            record.fields.append(_datafield(child))
        else:
            raise InvalidRecord(f"not a MARCXML element: <{name}>", field=name)
    if leader is None:
        raise InvalidRecord("a record without a leader", field="leader")
    record.leader = leader
    return record


def _datafield(element: xmlio.Element) -> DataField:
    tag = element.get("tag") or ""
    if not _TAG.fullmatch(tag):
        raise InvalidRecord(f"not a data field tag: {shown(tag)}", field=f"datafield {tag}".strip())
    indicators = []
    for name in ("ind1", "ind2"):
        value = element.get(name)
        value = " " if value is None else value
        if len(value) != 1:
            raise InvalidRecord(f"not an indicator: {shown(value)}", field=f"{tag}.{name}")
        indicators.append(value)
    out = DataField(tag, indicators[0], indicators[1])
    for child in element:
        name = xmlio.local(child)
        if not name:
            continue
        if name != "subfield":
            raise InvalidRecord(f"not a subfield: <{name}>", field=tag)
        code = child.get("code") or ""
        if len(code) != 1:
            raise InvalidRecord(f"not a subfield code: {shown(code)}", field=tag)
        out.subfields.append((code, xmlio.text_of(child)))
    return out


# --- Simple fields: written and read from their declaration alone --------------------------------

#: A simple field's key: MARC 21's ``TAG ind $c`` (and a qualifier ``$q``: an identifier's
#: scheme, a link's kind), CNMARC's ``TAG$c`` (its indicators the format's table's).
_SIMPLE_KEY = re.compile(r"(\d{3})(?: ([\d_]{2}) | ?)\$(\w)(?: \$(\w))?")

Subfields = list[tuple[str, str]]
_Item = TypeVar("_Item")


class Key(NamedTuple):
    """A simple declaration's tag, indicators (``None``: the key does not say), value subfield
    and qualifier subfield (``""`` when none)."""

    tag: str
    indicators: str | None
    code: str
    qualifier: str


class Table:
    """A MARC format's simple fields: the declarations in ``fields`` of a subfield of a field of
    its own, outside ``code_tags`` (the tags the format's named code pairs write and read, whose
    declarations are documentation), of a top-level record path. ``code_mapped``: the tags the
    code pairs read (``code_tags`` unless told)."""

    def __init__(
        self,
        fields: Fields,
        code_tags: frozenset[str],
        code_mapped: frozenset[str] | None = None,
    ) -> None:
        self.fields = fields
        self.code_tags = code_tags
        self.keys: dict[Field, Key] = {}
        for declared in fields:
            found = _SIMPLE_KEY.fullmatch(declared.key)
            if found is None or found[1] in code_tags or "." in declared.path:
                continue
            tag, ind, code, qualifier = found.groups()
            indicators = ind.replace("_", " ") if ind else None
            self.keys[declared] = Key(tag, indicators, code, qualifier or "")
        #: The simple declarations, in declaration order (read-only ones too).
        self.simple: tuple[Field, ...] = tuple(self.keys)
        #: Tags the reader maps (the rest are kept in extras): the code pairs' and the simple
        #: fields'.
        self.mapped: frozenset[str] = (code_mapped if code_mapped is not None else code_tags) | {
            k.tag for k in self.keys.values()
        }

    def claimed(self, path: str) -> frozenset[str]:
        """The schemes the written simple fields of ``path`` name (identifier schemes,
        vocabularies): a field of no scheme (MARC 21 024, CNMARC 017) takes the others."""
        return frozenset(f.scheme for f in self.simple if f.path == path and not f.read_only)

    def write(
        self,
        record: Any,
        written: Callable[[Any, Field, Key], list[Subfields]],
        indicators: Callable[[Key], str],
    ) -> list[DataField]:
        """The fields of every simple declaration not read-only, in declaration order: the
        subfields ``written`` gives for ``record`` (a field each), with ``indicators``."""
        out: list[DataField] = []
        for declared, key in self.keys.items():
            if declared.read_only:
                continue
            ind = indicators(key)
            out += [DataField(key.tag, ind[0], ind[1], s) for s in written(record, declared, key)]
        return out

    def read(
        self,
        items: Callable[[str], Iterable[tuple[int, _Item]]],
        read: Callable[[Field, Key, _Item], list[Any]],
    ) -> dict[str, list[tuple[int, Any]]]:
        """The values of every simple declaration (read-only ones too) by record path, each
        with the position ``items`` gives its field: each declaration's values in the order of
        ``items(tag)``, the declarations in their order."""
        out: dict[str, list[tuple[int, Any]]] = {}
        for declared, key in self.keys.items():
            values = out.setdefault(declared.path, [])
            for position, item in items(key.tag):
                values += [(position, v) for v in read(declared, key, item)]
        return out

    def kind(self, path: str) -> str | None:
        """The kind of ``path``'s simple declarations (the first's)."""
        return next((f.kind for f in self.simple if f.path == path), None)


@lru_cache(maxsize=16)
def table(
    fields: Fields, code_tags: frozenset[str], code_mapped: frozenset[str] | None = None
) -> Table:
    """The ``Table`` of a format's declarations (made once per ``Fields``)."""
    return Table(fields, code_tags, code_mapped)


def written(items: Iterable[Any], declared: Field, key: Key) -> list[Subfields]:
    """The subfields of each field a simple declaration writes for the kinds both formats spell
    alike: an identifier of the declared scheme, prose (a field a paragraph), text (a field a
    value)."""
    if declared.kind == IDENTIFIER and declared.scheme:
        return [[(key.code, i.value)] for i in items if i.scheme == declared.scheme]
    if declared.kind == PROSE:
        return [[(key.code, p.value)] for prose in items for p in prose.paragraphs]
    if declared.kind == TEXT:
        return [[(key.code, t.value)] for t in items]
    raise ValueError(f"{declared.key}: no simple writer for {declared.kind}")


# --- Facts of texts and names the fields do not tell ---------------------------------------------

#: Subfield code ⇄ what it says of a text or a name.
_FACT_FIELDS = {"t": "value", "l": "lang", "v": "variant", "s": "style", "d": "derived_from"}
_PARTS = {"f": "family", "g": "given", "w": "literal"}


def _leaves(value: Any, parts: list[str]) -> list[Any]:
    """The values at a dotted path below ``value`` (through tuples and optional values)."""
    if not parts:
        return [value]
    held = getattr(value, parts[0])
    items = held if isinstance(held, tuple) else () if held is None else (held,)
    return [leaf for item in items for leaf in _leaves(item, parts[1:])]


def _changed(value: Any, parts: list[str], change: Callable[[Any], Any]) -> Any:
    """``value`` with each value at a dotted path below it changed (in order)."""
    if not parts:
        return change(value)
    held = getattr(value, parts[0])
    if held is None:
        return value
    if isinstance(held, tuple):
        new: Any = tuple(_changed(item, parts[1:], change) for item in held)
    else:
        new = _changed(held, parts[1:], change)
    return dataclasses.replace(value, **{parts[0]: new})


Leaf = Text | Name | Identifier


def _facts(leaf: Leaf) -> dict[str, str | None]:
    """What a ``Facts`` field can say of a text, a name or an identifier, by subfield code."""
    if isinstance(leaf, Identifier):
        return {"d": leaf.derived_from}
    if isinstance(leaf, Name):
        return {
            "l": leaf.lang,
            "v": leaf.variant,
            "s": leaf.style,
            **{code: getattr(leaf, part) for code, part in _PARTS.items()},
        }
    return {"t": leaf.value, "l": leaf.lang, "v": leaf.variant}


def _forms(name: Name) -> set[str]:
    """A name's spellings, spaces aside: whole, family first, given first."""
    family, given = name.family or "", name.given or ""
    return {f.replace(" ", "") for f in (name.literal or "", family + given, given + family)} - {""}


def _pair(written: Leaf, read: Leaf) -> bool:
    """Whether a text, a name or an identifier read back is the one written: a text of the same
    value but for a final period (ISBD's), a name of the same spelling whole or in parts, an
    identifier of the same scheme and value."""
    if isinstance(written, Identifier) and isinstance(read, Identifier):
        return (written.scheme, written.value) == (read.scheme, read.value)
    if isinstance(written, Name) and isinstance(read, Name):
        return bool(_forms(written) & _forms(read))
    if isinstance(written, Text) and isinstance(read, Text):
        return written.value.removesuffix(".") == read.value.removesuffix(".")
    return False


def _runs(paragraphs: Iterable[Text]) -> tuple[Prose, ...]:
    """Prose of paragraphs: each run of one language and variant one text."""
    groups: list[list[Text]] = []
    for text in paragraphs:
        if groups and (groups[-1][0].lang, groups[-1][0].variant) == (text.lang, text.variant):
            groups[-1].append(text)
        else:
            groups.append([text])
    return tuple(Prose(tuple(g)) for g in groups)


#: The record paths of texts, names and identifiers a MARC format tells facts of (``Facts``):
#: those both formats write; each adds its own.
FACT_PATHS = (
    "identifiers",
    "titles",
    "abstracts.paragraphs",
    "keywords",
    "journal.titles",
    "contributors.names",
    "contributors.affiliations",
    "degree.grantors",
    "publication_types.labels",
)


class Facts:
    """The local field ``tag`` of what a format's fields do not tell of the texts, names and
    identifiers at
    ``paths`` (and, with ``"language"`` among them, of the record's language tag): one field a
    text or name whose fields, read back, say otherwise. ``$a`` the record path, ``$b`` the
    number of the text there as read back (1 the first), then what differs: ``$l`` the language
    tag (BCP 47), ``$v`` the variant, ``$s`` a name's style, ``$f``/``$g``/``$w`` a name's
    family, given and whole (literal) parts, ``$t`` a text's value (a title's own final period,
    which ISBD's takes for its own), ``$d`` where the source found an identifier. Abstracts are
    told by their paragraphs (``abstracts.paragraphs``), each run of one language and variant
    one abstract."""

    def __init__(self, tag: str, paths: tuple[str, ...]) -> None:
        self.tag = tag
        self.paths = paths

    def owns(self, item: MarcField) -> bool:
        """Whether ``item`` is one of these fields (another system's field of the same tag is
        not: it is kept with the fields the record has no place for)."""
        if not isinstance(item, DataField) or item.tag != self.tag:
            return False
        path, number = item.first("a") or "", item.first("b") or ""
        if path == "language":
            return "language" in self.paths and bool(item.first("l"))
        return path in self.paths and number.isdigit()

    def fields(self, record: Record, reading: Callable[[], Record]) -> list[DataField]:
        """The fields telling what ``reading()`` (``record`` written and read back) says otherwise:
        each text or name paired with the first read back of its value not paired yet; none for
        one with no pair, none at all when what was written is no record to read (a reject)."""
        try:
            back = reading()
        except InvalidRecord:
            return []
        out: list[DataField] = []
        for path in self.paths:
            if path == "language":
                if record.language and record.language != back.language:
                    out.append(DataField(self.tag, " ", " ", [("a", path), ("l", record.language)]))
                continue
            parts = path.split(".")
            read = _leaves(back, parts)
            paired: set[int] = set()
            for leaf in _leaves(record, parts):
                found = (i for i, o in enumerate(read) if i not in paired and _pair(leaf, o))
                number = next(found, None)
                if number is None:
                    continue
                paired.add(number)
                wanted, told = _facts(leaf), _facts(read[number])
                subs = [
                    (code, value)
                    for code, value in wanted.items()
                    if code not in _PARTS and value is not None and told[code] != value
                ]
                if any(wanted[code] != told[code] for code in _PARTS if code in wanted):
                    subs += [(c, v) for c in _PARTS if (v := wanted[c]) is not None]
                if subs:
                    head = [("a", path), ("b", str(number + 1))]
                    out.append(DataField(self.tag, " ", " ", head + subs))
        return out

    def told(self, record: Record, marc: MarcRecord) -> Record:
        """``record`` (read from ``marc``) with what ``marc``'s fields ``tag`` say."""
        said: dict[str, dict[int, DataField]] = {}
        for item in marc.data(self.tag):
            if not self.owns(item):
                continue
            path, number = item.first("a") or "", item.first("b") or ""
            if path == "language":
                record = dataclasses.replace(record, language=item.first("l"))
            else:
                said.setdefault(path, {})[int(number)] = item
        for path, by_number in said.items():
            numbers = iter(range(1, 1 << 30))

            def change(
                leaf: Any,
                by_number: dict[int, DataField] = by_number,
                numbers: Iterator[int] = numbers,
            ) -> Any:
                item = by_number.get(next(numbers))
                if item is None:
                    return leaf
                new: dict[str, Any] = {
                    _FACT_FIELDS[code]: item.first(code)
                    for code in _FACT_FIELDS
                    if code in _facts(leaf) and item.first(code)
                }
                if isinstance(leaf, Name) and any(item.first(code) for code in _PARTS):
                    new.update({part: item.first(code) for code, part in _PARTS.items()})
                return dataclasses.replace(leaf, **new)

            if path == "abstracts.paragraphs":
                paragraphs = [change(p) for prose in record.abstracts for p in prose.paragraphs]
                record = dataclasses.replace(record, abstracts=_runs(paragraphs))
            else:
                record = _changed(record, path.split("."), change)
        return record
