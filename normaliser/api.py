"""The library API: ``read`` records from any source, ``write`` them in any format, ``convert``."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any, Literal

from . import formats
from .errors import UsageError
from .record import Deletion, Record, Reject, Text, rebuild
from .script import CONFIGS as _CONFIGS
from .script import to_script
from .sources import encoding_note, open_source
from .text import detect_lang, squeeze, strip_illegal

Errors = Literal["raise", "yield", "skip"]
#: The scripts ``--script`` converts to (besides ``keep``).
SCRIPTS = tuple(_CONFIGS)


def read(
    source: Any,
    format: str | None = None,
    *,
    strict: bool = False,
    errors: Errors = "raise",
    script: str = "keep",
    keep_original_script: bool = False,
    script_all: bool = False,
) -> Iterator[Any]:
    """Yield the Records in ``source`` (a path, ``bytes``, text, or a file object).

    The format is sniffed when not given. A record that cannot be read raises its
    ``InvalidRecord`` (``errors="raise"``), is yielded as a ``Reject`` holding its original
    text (``errors="yield"``), or is passed over (``errors="skip"``). A record the source says
    is deleted (an OAI-PMH ``status="deleted"`` header) is no record and no error: it is yielded
    as a ``Deletion`` with ``errors="yield"`` and passed over otherwise. ``strict`` makes unknown
    source fields an error instead of ``extras``. ``script`` (``keep``, ``hans``, ``hant``,
    ``tw``, ``hk``) converts every Chinese text of every record with OpenCC, keeping the
    original beside it with ``keep_original_script``; with ``tw`` or ``hk``, journal titles and
    names of bodies the source gave in Traditional characters are kept as written unless
    ``script_all``. Raises ``InvalidInput`` for an unreadable
    source and ``UnknownFormat`` when the format cannot be told.
    """
    if errors not in ("raise", "yield", "skip"):
        raise UsageError(f"errors must be 'raise', 'yield' or 'skip', not {errors!r}")
    transform = script_transform(script, keep_original_script, script_all)
    with open_source(source) as src:
        fmt = formats.get(format) if format else formats.sniff(src.head_text(), src.name)
        # Every record of a source that had to be decoded as GB18030 says so (a warning).
        decoded = encoding_note(src.encoding)
        for item in fmt.read(src, strict=strict):
            if isinstance(item, Deletion):
                if errors == "yield":
                    yield item
                continue
            if decoded is not None and isinstance(item, Record):
                item = replace(item, notes=(*item.notes, decoded))
            if transform is not None and isinstance(item, Record):
                item = transform(item)
            if isinstance(item, Reject):
                if errors == "raise":
                    raise item.error.located(item.source, item.record, item.line)
                if errors == "yield":
                    yield item
                continue
            yield item


def write(records: Record | Iterable[Record], format: str, **options: Any) -> str:
    """Serialise ``records`` (one Record or many) as a document of ``format``.

    ``options`` are the format's writer options, named as on the command line (``--jats-version``
    is ``jats_version``): ``json``: ``pretty``; ``jats``: ``jats_version`` (``"1.3"``,
    ``"1.4"``), ``jats_tagset`` (``"archiving"``, ``"publishing"``), ``validate``; ``dc`` and
    ``qdc``: ``language_codes`` (``"iso639-3"``, ``"bcp47"``), ``info_uris``, ``validate``
    (``normaliser.FORMATS[name].options`` declares them). An option the format does not take,
    or a value it does not know, raises ``UsageError`` naming the valid ones.
    """
    fmt = formats.get(format)
    if not fmt.writes:
        raise UsageError(f"format {format!r} can be read but not written")
    if isinstance(records, Record):
        records = [records]
    out = io.StringIO()
    fmt.write(records, out, **options)
    return out.getvalue()


def convert(
    source: Any,
    to: str,
    *,
    from_: str | None = None,
    strict: bool = False,
    script: str = "keep",
    keep_original_script: bool = False,
    script_all: bool = False,
    **options: Any,
) -> str:
    """Read every record of ``source`` and write them as ``to``; a bad record raises.
    ``script``, ``keep_original_script`` and ``script_all`` are ``read``'s."""
    records = read(
        source,
        from_,
        strict=strict,
        script=script,
        keep_original_script=keep_original_script,
        script_all=script_all,
    )
    return write(records, to, **options)


def script_transform(
    script: str, keep_original: bool = False, script_all: bool = False
) -> Callable[[Record], Record] | None:
    """The per-record conversion of ``--script`` (None for ``keep``): a picklable callable, so
    that parallel workers can apply it. Raises ``UsageError`` for an unknown script."""
    if script == "keep":
        return None
    if script not in SCRIPTS:
        raise UsageError(f"unknown script {script!r} (known: keep, {', '.join(SCRIPTS)})")
    return functools.partial(
        to_script, target=script, keep_original=keep_original, script_all=script_all
    )


def normalise(record: Record) -> Record:
    """Clean a Record built by hand or by another tool, the way the readers clean theirs:
    white space squeezed, characters XML cannot carry removed, unknown languages detected from
    the script. Idempotent: ``normalise(normalise(r)) == normalise(r)``."""
    return rebuild(record, _clean, unique=True)


def _clean(text: Text) -> Text:
    value = squeeze(strip_illegal(text.value)[0])
    lang = text.lang if text.lang != "und" else detect_lang(value, None)[0]
    if value == text.value and lang == text.lang:
        return text
    if text.marks and value != text.value:
        return replace(text, lang=lang)
    return replace(text, value=value, lang=lang)
