"""The only lxml user: the hardened parser, element building and serialising, and validation
against DTDs and XSDs that are compiled once and cached.

The parser never resolves external entities, never loads a DTD (from a file or the network),
refuses documents that declare entities, and bounds depth and size. lxml's errors become
``InvalidXML`` (with a line number) or ``InvalidOutput`` here and never leak.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from lxml import etree

from .errors import InvalidOutput, InvalidXML

XML_NS = "http://www.w3.org/XML/1998/namespace"
XLINK_NS = "http://www.w3.org/1999/xlink"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
LANG = f"{{{XML_NS}}}lang"

#: A document may be no larger than this (a front matter is a few kB; a dump file many MB).
MAX_BYTES = 256 * 1024 * 1024
MAX_DEPTH = 256

Element = Any  # lxml's _Element; format modules use it only through this module
_DECLARED_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])[^"']*(["'])""")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        collect_ids=False,
    )


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
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        raise InvalidXML(f"{name}: line {line}: not well-formed XML: {exc.msg}", line) from None
    except ValueError as exc:  # e.g. a str with an encoding declaration
        raise InvalidXML(f"{name}: {exc}") from None
    if root is None:
        raise InvalidXML(f"{name}: no root element")
    _check(root, name)
    return root


def iter_elements(stream: IO[bytes], tags: set[str], name: str = "<xml>") -> Iterator[Element]:
    """Stream the elements named ``tags`` (local names, any namespace) out of a large document,
    each complete, freeing what was read before it; nested matches are not yielded twice."""
    try:
        context = etree.iterparse(
            stream,
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        )
        depth = 0
        inside = 0
        for event, element in context:
            if event == "start":
                depth += 1
                if depth > MAX_DEPTH:
                    raise InvalidXML(
                        f"{name}: line {element.sourceline}: nested deeper than {MAX_DEPTH}",
                        element.sourceline,
                    )
                if local(element) in tags:
                    inside += 1
                continue
            depth -= 1
            if local(element) in tags:
                inside -= 1
                if inside == 0:
                    yield element
                    parent = element.getparent()
                    element.clear(keep_tail=False)
                    if parent is not None:
                        while element.getprevious() is not None:
                            del parent[0]
    except etree.XMLSyntaxError as exc:
        raise InvalidXML(
            f"{name}: line {exc.lineno}: not well-formed XML: {exc.msg}", exc.lineno or None
        ) from None


def local(element: Element) -> str:
    """The element's name without its namespace ('' for comments and processing instructions)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def text_of(element: Element) -> str:
    """All text inside ``element``, tags dropped."""
    return "".join(element.itertext())


def inner_xml(element: Element) -> str:
    """The element's content as markup (its children serialised, its own tag left out)."""
    parts: list[str] = [_escape(element.text or "")]
    for child in element:
        parts.append(str(etree.tostring(child, encoding="unicode", with_tail=True)))
    return "".join(parts)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def new(tag: str, nsmap: dict[str | None, str] | None = None, **attrib: str) -> Element:
    return etree.Element(tag, nsmap=nsmap, **attrib)


def sub(parent: Element, tag: str, text: str | None = None, **attrib: str) -> Element:
    """Append a child element with optional text; attributes named with ``_`` for ``-``."""
    child = etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attrib.items()})
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


def serialise(root: Element, doctype: str | None = None, *, declaration: bool = True) -> str:
    """The document as text, indented, UTF-8 declared, with ``doctype`` when given."""
    etree.indent(root, space="  ")
    body = str(etree.tostring(root, encoding="unicode"))
    head = '<?xml version="1.0" encoding="UTF-8"?>\n' if declaration else ""
    if doctype:
        head += doctype + "\n"
    return head + body + "\n"


def to_string(element: Element) -> str:
    return str(etree.tostring(element, encoding="unicode"))


# --- Validation -------------------------------------------------------------------------------


@lru_cache(maxsize=16)
def dtd(path: str) -> Any:
    """The DTD at ``path``, compiled once (its entity modules are read from beside it)."""
    try:
        return etree.DTD(path)
    except (etree.DTDParseError, OSError) as exc:
        raise InvalidOutput(f"the DTD {path} cannot be loaded: {exc}") from None


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
        raise InvalidOutput(f"the schema {path} cannot be loaded: {exc}") from None


def validate(root: Element, validator: Any) -> list[str]:
    """Validate ``root`` with a compiled DTD or XSD; return the errors (empty when valid)."""
    if validator.validate(root):
        return []
    return [f"line {e.line}: {e.message}" for e in validator.error_log]


def validated(root: Element, validator: Any, what: str) -> None:
    """Raise ``InvalidOutput`` naming ``what`` and the first errors when ``root`` is invalid."""
    errors = validate(root, validator)
    if errors:
        raise InvalidOutput(f"{what} is not valid: " + "; ".join(errors[:3]))
