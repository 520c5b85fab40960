"""JATS inline markup written from a Text's marks (``bold``, ``italic``, ``sup``, ``sub``,
``fixed-case``), paragraphs and structured sections. Reading it is ``normaliser.jatsinline``
(shared with Crossref, whose abstracts are JATS).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ... import xmlio
from ...record import Prose, Text, subtitles
from .declarations import _MARK_TAGS

# --- Writing ---------------------------------------------------------------------------------


def _inline(element: Any, text: Text) -> None:
    """Put a Text's value into ``element`` with its marks as JATS inline elements (a subtitle
    is no inline element: ``_titled`` writes it as one of its own)."""
    marks = text.marks
    if marks and not all(m.kind in _MARK_TAGS for m in marks):
        marks = tuple(m for m in marks if m.kind in _MARK_TAGS)
    if not marks:  # most texts: the value is the element's whole text
        element.text = text.value
        return
    element.text = ""
    stack: list[tuple[Any, int]] = [(element, len(text.value))]
    last: Any = None  # the element whose tail receives the next text, None: the top's text
    pos = 0

    def put(chunk: str) -> None:
        nonlocal last
        if not chunk:
            return
        if last is None:
            parent = stack[-1][0]
            parent.text = (parent.text or "") + chunk
        else:
            last.tail = (last.tail or "") + chunk

    for mark in marks:
        while stack[-1][1] <= mark.start:
            put(text.value[pos : stack[-1][1]])
            pos = stack[-1][1]
            last = stack.pop()[0]
        put(text.value[pos : mark.start])
        pos = mark.start
        child = xmlio.sub(stack[-1][0], _MARK_TAGS[mark.kind])
        child.text = ""
        stack.append((child, mark.end))
        last = None
    while len(stack) > 1:
        put(text.value[pos : stack[-1][1]])
        pos = stack[-1][1]
        last = stack.pop()[0]
    put(text.value[pos:])


def _titled(parent: Any, tag: str, subtag: str, text: Text, **attrib: str) -> Any:
    """A title as ``tag`` (article-title, trans-title) under ``parent``, its subtitles as
    ``subtag`` (subtitle, trans-subtitle) after it; the title element."""
    title, subs = subtitles(text)
    element = xmlio.sub(parent, tag, None, attrib)
    _inline(element, title)
    for sub in subs:
        _inline(xmlio.sub(parent, subtag), sub)
    return element


def _prose_body(element: Any, prose: Prose) -> None:
    """An abstract's or notes' paragraphs: untitled ones as ``p``, each titled section of a
    structured abstract as ``sec`` with its ``title``."""
    for title, paragraphs in prose.sections:
        parent = element
        if title is not None:
            parent = xmlio.sub(element, "sec")
            _inline(xmlio.sub(parent, "title"), title)
        for para in paragraphs:
            _inline(xmlio.sub(parent, "p"), para)


def _variant_attr(element: Any, variant: str, default: str) -> None:
    if variant != default:
        element.set("specific-use", variant)


def _tagged(parent: Any, tag: str, texts: Iterable[Text]) -> None:
    """One ``tag`` child per text, with its xml:lang, its variant when not original, its marks."""
    for text in texts:
        attrib = {xmlio.LANG: text.lang} if text.lang else {}
        if text.variant != "original":
            attrib["specific-use"] = text.variant
        _inline(xmlio.sub(parent, tag, None, attrib), text)
