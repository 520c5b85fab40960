"""Structured abstracts in text formats: headings written into the paragraphs
(``OBJECTIVE: To analyze …``, ``Objective. To …``, ``【目的】分析…``, ``目的：分析…``) ⇄
``Prose.headings``. A Latin heading is written ``Objective: …``; a Chinese one as the source
wrote it: ``【目的】…``, or ``目的：…`` (its title keeps the colon).

The known headings, in English and Chinese, are the ``abstract-section`` vocabulary of
locales/ (label and ``# alias:`` spellings): a paragraph that starts with a word and a colon
that is no known heading stays as it is.
"""

from __future__ import annotations

import re

from . import vocab
from .record import Heading, Mark, Prose, Text

VOCABULARY = "abstract-section"

#: A heading at the start of a paragraph: 【目的】; a label (one to five words) followed by a
#: colon or a full stop (Objective: / OBJECTIVE. / 目的：).
_BRACKETED = re.compile(r"【\s*([^【】\n]{1,12}?)\s*】\s*")
_LABELLED = re.compile(r"([^\W\d_][^\W\d_ \-]*(?:[ \-/][^\W\d_]+){0,4}?)\s*([:：]|\.(?=\s))\s*")
#: Where a later heading may start inside a paragraph: after a sentence's end (or anywhere, for
#: the bracketed form), with a colon or a full stop (``… primary insomnia. Methods. Sixty …``:
#: a DSpace description's lines, joined); ``_leading`` then wants a known heading, and in the
#: full-stop form one in capitals or title case.
_INLINE = re.compile(
    r"【\s*[^【】\n]{1,12}?\s*】"
    r"|(?<=[.!?。！？;；])\s*(?:[^\W\d_][^\W\d_ \-]*(?:[ \-/][^\W\d_]+){0,4}?)"
    r"\s*(?:[:：]|\.(?=\s))"
)


def heading_code(label: str) -> str | None:
    """The code of a known abstract heading (``OBJECTIVE`` → ``objective``), or None."""
    return vocab.code_for(VOCABULARY, label)


def _leading(value: str) -> tuple[str, int] | None:
    """The heading a paragraph starts with and where its text begins, or None."""
    match = _BRACKETED.match(value)
    if match is None:
        match = _LABELLED.match(value)
        if match is None:
            return None
        label = match.group(1)
        full_stop = match.group(2) == "."
        # "Objective." only in capitals or title case; a colon form in any case but lower.
        if label.islower() or (full_stop and not (label.isupper() or label.istitle())):
            return None
        if _cjk(label) and not full_stop:  # 目的： is kept as written, colon and all
            label += match.group(2)
    else:
        label = match.group(1)
    if heading_code(label) is None or match.end() >= len(value):
        return None
    return label, match.end()


def starts_with_heading(value: str) -> bool:
    """Whether ``structure`` finds a heading at the start of a paragraph that says ``value`` (a
    paragraph for which this is false is kept as it is)."""
    return _leading(value) is not None


def _slice(text: Text, start: int, end: int) -> Text | None:
    """``text.value[start:end]`` stripped, with the marks inside it; None when blank."""
    value = text.value[start:end]
    lead = len(value) - len(value.lstrip())
    value = value.strip()
    if not value:
        return None
    begin = start + lead
    marks = tuple(
        Mark(max(m.start, begin) - begin, min(m.end, begin + len(value)) - begin, m.kind)
        for m in text.marks
        if m.start < begin + len(value) and m.end > begin
    )
    return Text(value, text.lang, text.variant, marks)


def _split(text: Text) -> list[tuple[str | None, Text]]:
    """A paragraph as (heading or None, text) pieces: its leading heading, and the headings
    that follow inside it once it starts with one."""
    found = _leading(text.value)
    if found is None:
        return [(None, text)]
    label, begin = found
    pieces: list[tuple[str | None, Text]] = []
    cut = begin
    for match in _INLINE.finditer(text.value, begin):
        start = match.start() + len(match.group()) - len(match.group().lstrip())
        later = _leading(text.value[start:])
        if later is None:
            continue
        piece = _slice(text, cut, start)
        if piece is not None:
            pieces.append((label, piece))
            label, cut = later[0], start + later[1]
    piece = _slice(text, cut, len(text.value))
    if piece is None:
        return pieces if pieces else [(None, text)]
    pieces.append((label, piece))
    return pieces


def structure(prose: Prose) -> Prose:
    """``prose`` with the headings its paragraphs are written with recognised as headings (a
    paragraph holding several sections becomes one paragraph per section); unchanged when it
    names no known heading or already has headings."""
    if prose.headings:
        return prose
    paragraphs: list[Text] = []
    headings: list[Heading] = []
    for para in prose.paragraphs:
        for label, text in _split(para):
            if label is not None:
                title = Text(label, para.lang, para.variant)
                headings.append(Heading(len(paragraphs), title))
            paragraphs.append(text)
    if not headings:
        return prose
    return Prose(tuple(paragraphs), prose.kind, tuple(headings))


def _cjk(value: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in value)


def written(prose: Prose) -> tuple[Text, ...]:
    """The paragraphs of ``prose`` with each section's title written at the start of its first
    paragraph, as text formats carry it: ``Objective: …``, ``【目的】…``."""
    if not prose.headings:
        return prose.paragraphs
    out = list(prose.paragraphs)
    for heading in prose.headings:
        para = out[heading.start]
        title = heading.title.value.strip()
        label = title.strip("【】").rstrip(":：.").strip()
        if not label:
            continue
        if _cjk(label):  # 目的：… as the source wrote it, else 【目的】…
            prefix = title if title[-1] in ":：" and title[0] != "【" else f"【{label}】"
        else:
            prefix = f"{label}: "
        shift = len(prefix)
        marks = tuple(Mark(m.start + shift, m.end + shift, m.kind) for m in para.marks)
        out[heading.start] = Text(prefix + para.value, para.lang, para.variant, marks)
    return tuple(out)
