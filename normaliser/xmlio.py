"""The only lxml user: the hardened parser, element building and serialising, and validation
against DTDs and XSDs that are compiled once and cached.

The parser never resolves external entities, never loads a DTD (from a file or the network),
refuses documents that declare entities, and bounds depth and size. lxml's errors become
``InvalidXML`` (with a line number) or ``InvalidOutput`` here and never leak.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import IO, Any, TypeVar

from lxml import etree

from .errors import BrokenInstallation, InvalidOutput, InvalidRecord, InvalidXML, NormaliserError
from .record import Reject
from .sources import Source, kept

XML_NS = "http://www.w3.org/XML/1998/namespace"
XLINK_NS = "http://www.w3.org/1999/xlink"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
LANG = f"{{{XML_NS}}}lang"

#: A document may be no larger than this (a front matter is a few kB; a dump file many MB).
MAX_BYTES = 256 * 1024 * 1024
MAX_DEPTH = 256
#: libxml2 refuses a text node longer than this (XML_MAX_TEXT_LENGTH) unless told to read huge
#: trees, as this module's parser never is: a writer never writes one.
MAX_TEXT_BYTES = 10_000_000

Element = Any  # lxml's _Element; format modules use it only through this module
T = TypeVar("T")
_DECLARED_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])[^"']*(["'])""")


class _Nothing(etree.Resolver):  # type: ignore[misc]
    """Resolve every external DTD or entity to nothing: libxml2 otherwise opens a document's
    external DTD file when it meets an entity it does not know, even with load_dtd off."""

    def resolve(self, url: str | None, pubid: str | None, context: Any) -> Any:
        return self.resolve_string("", context)


_HARDENED = dict(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    attribute_defaults=False,
    huge_tree=False,
    remove_blank_text=False,
    collect_ids=False,
)


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(**_HARDENED)
    parser.resolvers.add(_Nothing())
    return parser


def _check(tree_root: Element, name: str) -> None:
    docinfo = tree_root.getroottree().docinfo
    internal = docinfo.internalDTD
    if internal is not None:
        entities = [e for e in internal.iterentities()]
        if entities:
            raise InvalidXML(
                f"{name}: the document declares entities ({entities[0].name}); refused"
            )
    depth_stack = [(tree_root, 1)]
    while depth_stack:
        node, depth = depth_stack.pop()
        if depth > MAX_DEPTH:
            raise InvalidXML(
                f"{name}: line {node.sourceline}: elements nested deeper than {MAX_DEPTH}",
                node.sourceline,
            )
        depth_stack.extend((child, depth + 1) for child in node)


def parse(data: bytes | str, name: str = "<xml>") -> Element:
    """Parse one XML document with the hardened parser; return its root element.

    Raises ``InvalidXML`` with the line of the problem for anything not well-formed, any
    entity declaration, or a document too large or too deep.
    """
    if isinstance(data, str):
        # Text is already decoded: drop a declared encoding so lxml reads it as the UTF-8 it is.
        data = _DECLARED_ENCODING.sub(r"\1UTF-8\2", data, count=1).encode("utf-8")
    if len(data) > MAX_BYTES:
        raise InvalidXML(f"{name}: larger than {MAX_BYTES} bytes")
    if not data.strip(_BLANK):
        raise InvalidXML(f"{name}: the file is empty")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line, message = _first_error(exc)
        raise InvalidXML(f"{name}: line {line}: not well-formed XML: {message}", line) from None
    except ValueError as exc:  # e.g. a str with an encoding declaration
        raise InvalidXML(f"{name}: {exc}") from None
    if root is None:
        raise InvalidXML(f"{name}: no root element")
    _check(root, name)
    return root


class Recording:
    """A binary stream that keeps what was read from it (up to ``limit`` bytes; past that it
    forgets, and ``data`` is None), so that a document whose streaming parse failed can be
    parsed again another way without reading its source twice."""

    def __init__(self, stream: IO[bytes], limit: int = MAX_BYTES) -> None:
        self.stream = stream
        self.limit = limit
        self._chunks: list[bytes] | None = []
        self._size = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        if self._chunks is not None:
            self._size += len(chunk)
            if self._size > self.limit:
                self._chunks = None
            else:
                self._chunks.append(chunk)
        return chunk

    def forget(self) -> None:
        """Stop keeping what is read (the caller will not parse the document again)."""
        self._chunks = None

    def data(self) -> bytes | None:
        """Every byte of the stream (what was read, then the rest), or None past the limit."""
        while self._chunks is not None and self.read(64 * 1024):
            pass
        return None if self._chunks is None else b"".join(self._chunks)


def parse_without(data: bytes, drop: Iterable[str], name: str = "<xml>") -> Element:
    """Parse ``data`` with the hardened parser after cutting out every element named in
    ``drop`` (unprefixed, any attributes, start tag to end tag): what a reader that reads only
    the rest of a document does when one of those parts is not well-formed. Raises
    ``InvalidXML`` when the rest is not well-formed either."""
    for tag in drop:
        pattern = rb"<" + tag.encode() + rb"(?:\s[^>]*)?(?:/>|>.*?</" + tag.encode() + rb"\s*>)"
        data = re.sub(pattern, b"", data, flags=re.DOTALL)
    return parse(data, name)


class Spans:
    """Where each element ``iter_elements`` yields was in the document's bytes, and those bytes
    (for a reject, which keeps its record exactly as it was written): the bytes read are kept
    from the start of the element last yielded on. The element is found by its start tag after
    the end of the one before it, and its end by counting its name's start and end tags
    (comments, CDATA sections, processing instructions and declarations passed over). A
    document whose markup is not ASCII (UTF-16) gives no spans."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._buffer = bytearray()
        self._base = 0  # the document offset of the buffer's first byte
        self._cursor = 0  # the end of the element last located
        self._usable: bool | None = None
        self.current: tuple[int, int] | None = None

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        if self._usable is None and data:
            self._usable = (
                not data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" not in data[:4]
            )
        if self._usable:
            self._buffer += data
        return data

    def locate(self, element: Element) -> None:
        """Find ``element`` (the next one yielded) in the bytes read; ``current`` is its span."""
        self.current = None
        if not self._usable:
            return
        prefix, name = element.prefix, local(element)
        pattern = _tag_pattern(f"{prefix}:{name}" if prefix else name)
        start: int | None = None
        depth = 0
        for match in pattern.finditer(self._buffer, self._cursor - self._base):
            if match.group("tag") is None:
                continue
            closing, empty = bool(match.group("close")), match.group(0).endswith(b"/>")
            if start is None:
                if closing:
                    break
                start, depth = match.start(), 0 if empty else 1
            elif closing:
                depth -= 1
            elif not empty:
                depth += 1
            if depth == 0:
                self.current = (self._base + start, self._base + match.end())
                self._cursor = self.current[1]
                return
        # Not found (markup this scanner does not know): no spans for this document.
        self._usable = False
        self._buffer.clear()

    def data(self) -> tuple[int, bytes] | None:
        """The current element's offset and original bytes."""
        if self.current is None:
            return None
        start, end = self.current
        return start, bytes(self._buffer[start - self._base : end - self._base])

    def release(self) -> None:
        """Forget the bytes up to the end of the current element."""
        if self._usable and self._cursor > self._base:
            del self._buffer[: self._cursor - self._base]
            self._base = self._cursor


def original_reject(
    error: InvalidRecord, element: Element, spans: Spans, source: Source, number: int
) -> Reject:
    """The reject of a record element: its bytes as they were in the document and their
    offset (``Spans``), else (markup the scanner does not know) its XML re-serialised."""
    found = spans.data()
    if found is None:
        return Reject(
            error, to_string(element).strip(), number, element.sourceline, None, source.name
        )
    offset, data = found
    codec = "utf-8" if source.encoding in ("utf-8-sig", "utf-16") else source.encoding
    text, kept_data = kept([data.decode(codec, errors="replace")], [data])
    return Reject(error, text, number, element.sourceline, offset, source.name, kept_data)


@lru_cache(maxsize=64)
def _tag_pattern(qname: str) -> re.Pattern[bytes]:
    name = re.escape(qname.encode("utf-8"))
    return re.compile(
        rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!(?:[^\[>]|\[.*?\])*>"
        rb"|<(?P<tag>(?P<close>/)?" + name + rb")(?=[\s/>])(?:\"[^\"]*\"|'[^']*'|[^'\">])*>",
        re.DOTALL,
    )


def iter_elements(
    stream: IO[bytes], tags: set[str], name: str = "<xml>", spans: Spans | None = None
) -> Iterator[Element]:
    """Stream the elements named ``tags`` (local names, any namespace) out of a large document,
    each complete, freeing what was read before it; nested matches are not yielded twice.
    With ``spans`` (made on ``stream``), ``spans.data()`` gives each element's original bytes
    while it is the one yielded.

    libxml2 itself reports only those elements (no Python work for the others) and refuses
    elements nested deeper than ``MAX_DEPTH`` (its own limit without ``huge_tree``); entity
    declarations are refused before the first element is yielded."""
    try:
        inside = 0
        checked = False
        for event, element in _events(spans if spans is not None else stream, tags, name):
            if not checked:
                _refuse_entity_declarations(element, name)
                checked = True
            if event == "start":
                inside += 1
            elif event == "end":
                inside -= 1
                if inside == 0:
                    if spans is not None:
                        spans.locate(element)
                    yield element
                    if spans is not None:
                        spans.release()
                    parent = element.getparent()
                    element.clear(keep_tail=False)
                    if parent is not None:
                        while element.getprevious() is not None:
                            del parent[0]
    except etree.XMLSyntaxError as exc:
        line, message = _first_error(exc)
        raise InvalidXML(f"{name}: line {line}: not well-formed XML: {message}", line) from None


#: What an empty document may hold: white space and byte order marks.
_BLANK = b" \t\r\n\xef\xbb\xbf\xff\xfe\x00"


def _events(
    stream: IO[bytes] | Spans, tags: Iterable[str], name: str = "<xml>"
) -> Iterator[tuple[str, Element]]:
    """start/end events of the elements named ``tags`` (local names, any namespace) of a
    document read in chunks by the hardened pull parser, then ("close", its root element).
    Raises ``InvalidXML`` for a document that holds nothing (not "line None: not well-formed")."""
    etree.clear_error_log()  # the log is shared: old errors must not name this document's
    parser = etree.XMLPullParser(
        events=("start", "end"), tag=[f"{{*}}{tag}" for tag in tags], **_HARDENED
    )
    parser.resolvers.add(_Nothing())
    empty = True
    while True:
        chunk = stream.read(64 * 1024)
        if not chunk:
            break
        empty = empty and not chunk.strip(_BLANK)
        parser.feed(chunk)
        yield from parser.read_events()
    if empty:
        raise InvalidXML(f"{name}: the file is empty")
    root = parser.close()
    yield from parser.read_events()
    if root is not None:
        yield "close", root


def _first_error(exc: Any) -> tuple[int | None, str]:
    """The line and message of the first fatal error the parser logged (the exception itself
    may only say "no element found"), without libxml2's ", line N, column M" tail."""
    message = re.sub(r", line \d+, column \d+$", "", str(exc.msg or ""))
    if message and message != "no element found" and exc.lineno:
        return exc.lineno, message
    fatal = [e for e in getattr(exc, "error_log", None) or () if e.level_name in ("ERROR", "FATAL")]
    if fatal and fatal[-1].line:
        return fatal[-1].line, fatal[-1].message
    return (exc.lineno or None), message or "not well-formed"


def _refuse_entity_declarations(root: Element, name: str) -> None:
    internal = root.getroottree().docinfo.internalDTD
    if internal is not None:
        entities = list(internal.iterentities())
        if entities:
            raise InvalidXML(
                f"{name}: the document declares entities ({entities[0].name}); refused"
            )


def namespace(element: Element) -> str:
    """The element's namespace URI ('' for none)."""
    tag = element.tag
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def local(element: Element) -> str:
    """The element's name without its namespace ('' for comments and processing instructions)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def text_of(element: Element) -> str:
    """All text inside ``element``, tags dropped; a reference to an entity the document did not
    declare (``&uuml;`` from the JATS DTD, which is never loaded) is decoded as HTML's.

    libxml2's own walk (``itertext``) gives the same text, except that an entity reference
    comes out as written ("&uuml;"): text with no "&" in it holds none and is the answer; any
    other (and a node that is not an element) is walked in Python (``_text_into``), which
    decodes them. An element with no child node at all (most leaves: ``<year>``, ``<surname>``)
    holds only its ``text``."""
    if isinstance(element.tag, str):
        if not len(element):
            return element.text or ""
        text = "".join(element.itertext())
        if "&" not in text:
            return text
    parts: list[str] = []
    _text_into(element, parts, top=True)
    return "".join(parts)


def _text_into(node: Element, parts: list[str], top: bool = False) -> None:
    if isinstance(node, etree._Entity):
        parts.append(html.unescape(f"&{node.name};"))
    elif isinstance(node.tag, str) and node.text:
        parts.append(node.text)
    if isinstance(node.tag, str) or isinstance(node, etree._Entity):
        for child in node if isinstance(node.tag, str) else ():
            _text_into(child, parts)
    if not top and node.tail:
        parts.append(node.tail)


def inner_xml(element: Element) -> str:
    """The element's content as markup (its children serialised, its own tag left out)."""
    parts: list[str] = [_escape(element.text or "")]
    for child in element:
        parts.append(str(etree.tostring(child, encoding="unicode", with_tail=True)))
    return "".join(parts)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escaped(text: str) -> str:
    """``text`` as XML character data (what ``inner_xml`` gives for an element holding only it)."""
    return _escape(text)


#: Elements whose content HTML's parser reads as raw text, not markup (its CDATA elements).
_HTML_RAW_TEXT = frozenset({"script", "style"})


def markup(element: Element, drop: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """The content of ``element`` as the events HTML's parser reports for its ``inner_xml``,
    read from the tree instead of serialising it and parsing it again.

    Events, in document order: ("text", text) for character data; ("start", tag) and
    ("end", tag) around an element with content, ("empty", tag) for one without (serialised
    ``<tag/>``), tags being local names lower-cased as HTML's parser names them; ("node", text)
    for any other node: an entity reference (its text decoded as ``text_of`` does) or a
    comment or processing instruction (""). The content of ``script`` and ``style`` is left
    out (HTML reads it as raw text). Descendants whose local name is in ``drop`` are left out
    with their content, their tails kept."""
    events: list[tuple[str, str]] = []
    if element.text:
        events.append(("text", element.text))
    for child in element:
        _markup_into(child, drop, events)
    return events


def _markup_into(node: Element, drop: frozenset[str], events: list[tuple[str, str]]) -> None:
    tag = node.tag
    if isinstance(tag, str):
        name = tag.rsplit("}", 1)[-1]
        if name not in drop:
            name = name.lower()
            if node.text is None and not len(node):
                events.append(("empty", name))
            else:
                events.append(("start", name))
                if not (name in _HTML_RAW_TEXT and node.prefix is None):
                    if node.text:
                        events.append(("text", node.text))
                    for child in node:
                        _markup_into(child, drop, events)
                events.append(("end", name))
    elif isinstance(node, etree._Entity):
        events.append(("node", html.unescape(f"&{node.name};")))
    else:
        events.append(("node", ""))
    if node.tail:
        events.append(("text", node.tail))


def detached(element: Element) -> Element:
    """``element`` as the root of a document of its own (for validating one member of a
    collection: validators see namespace declarations of the old ancestors otherwise)."""
    return etree.fromstring(etree.tostring(element), _parser())


def copy(element: Element) -> Element:
    """A deep copy of ``element``, detached from its document."""
    from copy import deepcopy

    return deepcopy(element)


_SubElement = etree.SubElement


def new(tag: str, nsmap: dict[str | None, str] | None = None, **attrib: str) -> Element:
    return etree.Element(tag, nsmap=nsmap, **attrib)


def sub(
    parent: Element, tag: str, text: str | None = None, attrib: dict[str, str] | None = None
) -> Element:
    """Append a child element with optional text and attributes (written in their order)."""
    child = _SubElement(parent, tag, attrib) if attrib else _SubElement(parent, tag)
    if text is not None:
        child.text = text
    return child


def set_lang(element: Element, lang: str | None) -> None:
    if lang:
        element.set(LANG, lang)


def lang_of(element: Element, inherited: str | None = None) -> str | None:
    """The element's own xml:lang, else the nearest ancestor's, else ``inherited``."""
    node = element
    while node is not None:
        value = node.get(LANG)
        if value:
            return str(value)
        node = node.getparent()
    return inherited


_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
#: libxml2 indents no deeper than 30 levels (60 spaces); a line indented that far is redone.
_CAPPED = "\n" + " " * 60 + "<"


def serialise(root: Element, doctype: str | None = None, *, declaration: bool = True) -> str:
    """The document as text, UTF-8 declared, with ``doctype`` when given, and indented:
    element-only content two spaces a level, while an element with any text in it (even "",
    as a title with ``<sup>`` or an empty title has) is written exactly as it is, no white
    space added inside it or below it. The tree itself is left unchanged.

    libxml2's own formatting (``pretty_print``, in C) follows that rule to 30 levels; the rare
    document that reaches them is indented by ``_indent``, the rule's plain statement."""
    return _head(doctype, declaration) + _body(root)


def _head(doctype: str | None, declaration: bool = True) -> str:
    head = _DECLARATION if declaration else ""
    return head + doctype + "\n" if doctype else head


def _body(root: Element) -> str:
    """The element as ``serialise`` writes it, without declaration or DOCTYPE."""
    body = str(etree.tostring(root, encoding="unicode", pretty_print=True))
    return _indented(root) if _CAPPED in body else body


def _indented(root: Element) -> str:
    """``root`` serialised with its element-only content indented by ``_indent``."""
    from copy import deepcopy

    tree = deepcopy(root)
    _indent(tree)
    return str(etree.tostring(tree, encoding="unicode")) + "\n"


def _mixed(element: Element) -> bool:
    # Built trees leave text and tails None on element-only content; text content (even "")
    # marks an element whose children are inline.
    return element.text is not None or any(child.tail is not None for child in element)


def _indent(element: Element, level: int = 0) -> None:
    """Indent element-only content two spaces a level (in place); text content (a title with
    ``<sup>``) is left exactly as it is: no white space is added inside text."""
    children = list(element)
    if not children or _mixed(element):
        return
    pad = "\n" + "  " * (level + 1)
    element.text = pad
    for child in children:
        _indent(child, level + 1)
        child.tail = pad
    children[-1].tail = "\n" + "  " * level


def write_documents(
    items: Iterable[T],
    build: Callable[[T], Element],
    out: IO[str],
    *,
    wrapper: str,
    wrapper_attributes: str = "",
    doctype: str | None = None,
    on_error: Callable[[T, NormaliserError], None] | None = None,
) -> None:
    """Write one element per item, built (and validated) by ``build``: a single one as a
    document of its own (with ``doctype``); several streamed one by one inside ``<wrapper>``;
    none as an empty ``<wrapper/>``. An item ``build`` refuses (``InvalidRecord``,
    ``InvalidOutput``) raises, or is handed to ``on_error`` and left out when that is given."""

    def built() -> Iterator[str]:
        for item in items:
            try:
                element = build(item)
                body = _body(element)
                if len(body) * 4 > MAX_TEXT_BYTES:  # else no text in it can be as long
                    _refuse_huge_text(element)
            except (InvalidRecord, InvalidOutput) as exc:
                if on_error is None:
                    raise
                on_error(item, exc)
                continue
            yield body

    stream = built()
    first = next(stream, None)
    second = next(stream, None) if first is not None else None
    if first is not None and second is None:
        out.write(_head(doctype) + first)
        return
    opening = f"<{wrapper}{' ' + wrapper_attributes if wrapper_attributes else ''}"
    out.write(_DECLARATION)
    if first is None:
        out.write(f"{opening}/>\n")
        return
    out.write(f"{opening}>\n")
    for body in chain((first, second), stream):
        if body is not None:
            out.write(body)
    out.write(f"</{wrapper}>\n")


def _refuse_huge_text(root: Element) -> None:
    """Raise ``InvalidRecord`` naming the element whose text no XML reader would accept."""
    for node in root.iter():
        for text, owner in ((node.text, node), (node.tail, node.getparent())):
            if text and len(text) * 4 > MAX_TEXT_BYTES and len(text.encode()) > MAX_TEXT_BYTES:
                raise InvalidRecord(
                    f"{len(text.encode())} bytes of text in one element: longer than the "
                    f"{MAX_TEXT_BYTES} an XML reader accepts",
                    field=local(owner if owner is not None else node),
                )


def join_documents(documents: Iterable[str], out: IO[str], *, empty: str) -> None:
    """Write, from the documents ``write_documents`` writes for one item each, the document it
    writes for all of them: a single one as it is; several inside the wrapper of ``empty`` (what
    it writes for no item), each without its XML declaration and DOCTYPE; none as ``empty``.
    This lets worker processes build, validate and serialise their records on their own."""
    match = re.fullmatch(r"(?s)<\?xml[^>]*\?>\n<([^\s/>]+)([^>]*?)/>\n", empty)
    if match is None:
        raise ValueError(f"not an empty collection document: {empty!r}")
    tag, attributes = match.groups()
    stream = iter(documents)
    first = next(stream, None)
    second = next(stream, None) if first is not None else None
    if first is None or second is None:
        out.write(empty if first is None else first)
        return
    out.write(f"{_DECLARATION}<{tag}{attributes}>\n")
    for document in chain((first, second), stream):
        out.write(_member(document))
    out.write(f"</{tag}>\n")


def _member(document: str) -> str:
    """A document of one item as it stands inside a collection: no declaration, no DOCTYPE."""
    start = document.index("\n") + 1 if document.startswith("<?xml") else 0
    if document.startswith("<!DOCTYPE", start):
        start = document.index("\n", start) + 1
    return document[start:]


def to_string(element: Element) -> str:
    return str(etree.tostring(element, encoding="unicode"))


# --- Validation -------------------------------------------------------------------------------


@lru_cache(maxsize=16)
def dtd(path: str) -> Any:
    """The DTD at ``path``, compiled once (its entity modules are read from beside it)."""
    try:
        return etree.DTD(path)
    except (etree.DTDParseError, OSError) as exc:
        raise BrokenInstallation(f"the DTD {path} cannot be loaded: {exc}") from None


class _LocalResolver(etree.Resolver):  # type: ignore[misc]
    """Resolve schema imports to files in the same local folder, never to the network."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def resolve(self, url: str | None, pubid: str | None, context: Any) -> Any:
        if not url:
            return None
        candidate = self.folder / os.path.basename(url)
        if candidate.is_file():
            return self.resolve_filename(str(candidate), context)
        return None


@lru_cache(maxsize=16)
def xsd(path: str) -> Any:
    """The XML Schema at ``path``, compiled once; imports resolve to files beside it only."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    parser.resolvers.add(_LocalResolver(Path(path).parent))
    try:
        return etree.XMLSchema(etree.parse(path, parser))
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError, OSError) as exc:
        raise BrokenInstallation(f"the schema {path} cannot be loaded: {exc}") from None


def validate(root: Element, validator: Any) -> list[str]:
    """Validate ``root`` with a compiled DTD or XSD; return the errors (empty when valid)."""
    try:
        if validator.validate(root):
            return []
    except etree.Error as exc:  # libxml2's XSD validator gives up on an entity reference
        return [f"cannot be validated: {exc}"]
    return [f"line {e.line}: {e.message}" for e in validator.error_log]


def entity_references(root: Element) -> list[tuple[str, int | None]]:
    """The entity references left unexpanded under ``root`` (never read from a DTD): each
    name and line."""
    return [(entity.name, entity.sourceline) for entity in root.iter(etree.Entity)]


def declared_entities(dtd: Any) -> set[str]:
    """The names of the entities a compiled DTD declares."""
    return {entity.name for entity in dtd.iterentities()}


def validated(root: Element, validator: Any, what: str) -> None:
    """Raise ``InvalidOutput`` naming ``what`` and the first errors when ``root`` is invalid."""
    errors = validate(root, validator)
    if errors:
        raise InvalidOutput(f"{what} is not valid: " + "; ".join(errors[:3]))
