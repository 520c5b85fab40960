"""JATS inline content read as text: the reader of ``<title>``, ``<p>`` and ``<abstract>``
content the JATS format uses, and that readers of other formats carrying JATS fragments use
through ``jats_prose`` (a Crossref ``abstract``: ``<jats:p>…</jats:p>``). Not a format module, so
that any format may import it.
"""

from __future__ import annotations

import re
from typing import Any

from . import xmlio
from .errors import InvalidXML
from .record import UND, Heading, Mark, Prose, Text, replaced
from .text import detect_lang, html_paragraphs, joined, tree_paragraphs
from .text import prose as html_prose


def resolve(lang: str | Lang, value: str) -> str:
    return lang if isinstance(lang, str) else lang.of(value)


class Lang:
    """A language inherited from an ancestor, checked against the text's script: Han text under
    an inherited ``en`` (or under none: JATS's default is ``en``) is tagged by its script."""

    def __init__(self, inherited: str | None) -> None:
        self.inherited = inherited or "en"

    def of(self, value: str) -> str:
        detected = detect_lang(value, self.inherited)[0]
        if detected == UND or detected.split("-")[0] == self.inherited.split("-")[0]:
            return self.inherited
        return detected


def text(
    element: Any, lang: str | Lang, variant: str = "original", drop: frozenset[str] = frozenset()
) -> Text | None:
    """The inline content of ``element`` as a Text (marks from bold/italic/sup/sub), without
    the descendants named in ``drop``."""
    paras = paragraphs(element, drop)
    if not paras:
        return None
    # The language is resolved on the joined value (what ``joined`` makes), then the Text built.
    value = paras[0][0] if len(paras) == 1 else " ".join(v for v, _ in paras)
    return joined(paras, resolve(lang, value), variant)


def paragraphs(
    element: Any, drop: frozenset[str] = frozenset()
) -> list[tuple[str, tuple[Mark, ...]]]:
    """``html_paragraphs`` of the element's content (``inner_xml``) without the descendants
    named in ``drop``, read from the tree: no serialising, no second parse. An element with no
    child node (a title, a keyword, a subject) is its text, as ``markup`` would report it."""
    if not len(element) and xmlio.local(element) not in _REWRITTEN_NAMES:
        return html_paragraphs(xmlio.escaped(element.text or ""))
    return events_paragraphs(xmlio.markup(readable(element), drop))


MATHML_NS = "http://www.w3.org/1998/Math/MathML"
#: Where content is not read as written: formulas and note markers.
REWRITTEN = (f"{{{MATHML_NS}}}math", "{*}tex-math", "{*}xref")
#: The local names of ``REWRITTEN`` (an element so named may be rewritten itself).
_REWRITTEN_NAMES = frozenset({"math", "tex-math", "xref"})
#: Cross-references that mark a note (a footnote's "*", a correspondence "†"): not text.
NOTE_REFS = frozenset({"fn", "table-fn", "author-notes", "corresp"})
#: The forms ``alternatives`` may give of one formula, the most readable as text first.
ALTERNATIVES = ("textual-form", "math", "tex-math")
#: MathML elements whose second (and third) child is a subscript or superscript.
SCRIPTS = {"msub": ("sub",), "msup": ("sup",), "msubsup": ("sub", "sup")}
#: A TeX formula wrapped in a LaTeX document (Springer Nature): the document around it.
TEX_DOCUMENT = re.compile(r"^.*?\\begin\{document\}|\\end\{document\}.*$", re.DOTALL)


def readable(element: Any) -> Any:
    """``element`` as it reads as text: formulas and note markers rewritten in a copy (the
    element itself when it holds neither, as most do).

    A formula's ``alternatives`` keep one form, MathML before TeX; MathML reads as its
    characters with ``msub``/``msup`` scripts as sub/sup marks and its annotations left out
    (its ``math`` element is otherwise skipped as HTML's is); a TeX formula loses the LaTeX
    document some publishers wrap it in, and its ``$`` delimiters. A cross-reference to a
    note (``xref ref-type="fn"``: the "*" after a title) is left out."""
    if next(element.iter(*REWRITTEN), None) is None:
        return element
    copy = xmlio.copy(element)
    for alternatives in list(copy.iter("{*}alternatives")):
        forms = {xmlio.local(c): c for c in reversed(alternatives) if isinstance(c.tag, str)}
        keep = next((forms[name] for name in ALTERNATIVES if name in forms), None)
        for child in list(alternatives):
            if keep is not None and child is not keep:
                remove(child)
    for xref in list(copy.iter("{*}xref")):
        if (xref.get("ref-type") or "") in NOTE_REFS:
            remove(xref)
    for tex in copy.iter("{*}tex-math"):
        tex.text = TEX_DOCUMENT.sub("", xmlio.text_of(tex)).strip().strip("$").strip()
        for child in list(tex):
            tex.remove(child)
    for math in list(copy.iter(f"{{{MATHML_NS}}}math")):
        plain_mathml(math)
    return copy


def plain_mathml(math: Any) -> None:
    """Rewrite a MathML ``math`` element in place as text and sub/sup marks."""
    for el in list(math.iter(f"{{{MATHML_NS}}}annotation", f"{{{MATHML_NS}}}annotation-xml")):
        remove(el)
    for el in math.iter():
        # White space between MathML elements is layout, never content.
        if el.text is not None and not el.text.strip() and len(el):
            el.text = None
        if el is not math and el.tail is not None and not el.tail.strip():
            el.tail = None
    for el in list(math.iter()):
        scripts = SCRIPTS.get(xmlio.local(el)) if isinstance(el.tag, str) else None
        if scripts:
            for child, kind in zip(list(el)[1:], scripts, strict=False):
                child.tag = kind
    math.tag = f"{{{MATHML_NS}}}mrow"  # "math" is what HTML's reader skips


def remove(element: Any) -> None:
    """Remove ``element`` from its parent, keeping its tail text in place (the element read
    itself stays)."""
    parent, previous, tail = element.getparent(), element.getprevious(), element.tail
    if parent is None:
        return
    parent.remove(element)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def events_paragraphs(events: list[tuple[str, str]]) -> list[tuple[str, tuple[Mark, ...]]]:
    """``html_paragraphs`` of content given as ``xmlio.markup`` events."""
    if all(
        kind == "text" for kind, _ in events
    ):  # no markup: its text, as html_paragraphs reads it
        return html_paragraphs(xmlio.escaped("".join(text for _, text in events)))
    return tree_paragraphs(events)


def prose(element: Any, lang: str | Lang, variant: str, kind: str) -> Prose | None:
    """Paragraphs of an abstract or notes; headings (an abstract's or a section's title,
    labels) are not paragraphs of the text. A structured abstract (``<sec>`` children): the
    paragraphs before the sections, then each section's title (a heading) and paragraphs; a
    section with a title and no paragraph keeps its title as a paragraph."""
    secs = list(element.iterchildren("{*}sec"))
    if not secs:
        paras = paragraphs(element, HEADINGS)
        if not paras:
            return None
        lang = resolve(lang, " ".join(v for v, _ in paras))
        return Prose(tuple(Text(v, lang, variant, m) for v, m in paras), kind)
    sections: list[tuple[Text | None, list[tuple[str, tuple[Mark, ...]]]]] = []
    outside = xmlio.copy(element)
    for sec in list(outside.iterchildren("{*}sec")):
        remove(sec)
    paras = paragraphs(outside, HEADINGS)
    if paras:
        sections.append((None, paras))
    for sec in secs:
        title_el = next(sec.iterchildren("{*}title"), None)
        title = None if title_el is None else text(title_el, UND, variant)
        paras = paragraphs(sec, HEADINGS)
        if not paras and title is not None:
            paras, title = [(title.value, title.marks)], None
        if paras:
            sections.append((title, paras))
    if not sections:
        return None
    lang = resolve(lang, " ".join(v for _, paras in sections for v, _ in paras))
    texts: list[Text] = []
    headings: list[Heading] = []
    for title, paras in sections:
        if title is not None:
            headings.append(Heading(len(texts), replaced(title, lang=lang)))
        texts.extend(Text(v, lang, variant, m) for v, m in paras)
    return Prose(tuple(texts), kind, tuple(headings))


#: What an abstract's or notes' paragraphs leave out: headings (its or a section's title, labels).
HEADINGS = frozenset({"title", "label"})


#: A namespace prefix on element names (``jats:p``, ``mml:math``): fragments cut out of a
#: document (a Crossref abstract) use prefixes they do not declare.
_PREFIXED = re.compile(r"<(/?)(?!mml:)[A-Za-z][\w.-]*:")
_FRAGMENT = (
    '<abstract xmlns:mml="http://www.w3.org/1998/Math/MathML" '
    'xmlns:xlink="http://www.w3.org/1999/xlink">{}</abstract>'
)


def jats_prose(
    fragment: str, lang: str | Lang, variant: str = "original", kind: str = "abstract"
) -> Prose | None:
    """The paragraphs of a JATS fragment given as a string (``<jats:title>Abstract</jats:title>
    <jats:p>…</jats:p>``): element prefixes other than MathML's are dropped, headings are not
    paragraphs. A fragment that is not well-formed XML is read as HTML (its tags are dropped,
    its text kept)."""
    try:
        element = xmlio.parse(_FRAGMENT.format(_PREFIXED.sub(r"<\1", fragment)), "abstract")
    except InvalidXML:
        return html_prose(fragment, resolve(lang, fragment), variant, kind)
    return prose(element, lang, variant, kind)
