"""Opening what a reader is given: a path, bytes, text or a file; gzip/bz2; the encoding.

Readers see a ``Source``: a name for messages, a peekable binary stream, and the encoding chosen
by sniffing (BOM, then strict UTF-8, then GB18030). Lines are decoded one at a time so that one
undecodable line spoils one record, not the dump.
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import io
import json
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .errors import InvalidInput

SNIFF_BYTES = 64 * 1024

SourceLike = str | bytes | os.PathLike[str] | IO[bytes] | IO[str]


@dataclass
class Line:
    """One line of a source: 1-based number, byte offset, decoded text (no line end)."""

    number: int
    offset: int
    text: str
    error: str | None = None


class Source:
    """A readable input: ``name`` for messages, ``stream`` (binary, peekable), ``encoding``."""

    def __init__(self, name: str, stream: IO[bytes] | io.RawIOBase) -> None:
        self.name = name
        self.stream: io.BufferedReader = (
            stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(stream)  # type: ignore[arg-type]
        )
        magic = self.stream.peek(3)[:3]
        if magic[:2] == b"\x1f\x8b":
            self.stream = io.BufferedReader(
                _Decompressed(gzip.GzipFile(fileobj=self.stream), name)  # type: ignore[arg-type]
            )
        elif magic == b"BZh":
            self.stream = io.BufferedReader(_Decompressed(bz2.BZ2File(self.stream), name))
        self.encoding, self.note = self._sniff_encoding()

    def head(self, size: int = SNIFF_BYTES) -> bytes:
        """Up to ``size`` bytes from the start, without consuming them."""
        data = self.stream.peek(size)
        return data[:size]

    def head_text(self, size: int = SNIFF_BYTES) -> str:
        data = self.head(size)
        return codecs.getincrementaldecoder(self.encoding)(errors="replace").decode(data)

    def _sniff_encoding(self) -> tuple[str, str | None]:
        head = self.head()
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig", None
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16", None
        try:
            codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
            return "utf-8", None
        except UnicodeDecodeError:
            pass
        # UTF-8 with a few bad bytes stays UTF-8 (the bad lines are rejected one by one): GB18030
        # text almost never forms valid multi-byte UTF-8, so many valid sequences decide it.
        text = codecs.getincrementaldecoder("utf-8")(errors="replace").decode(head, final=False)
        bad = text.count("\ufffd")
        good = sum(1 for ch in text if ord(ch) > 127) - bad
        if good >= 4 * bad:
            return "utf-8", f"{self.name}: UTF-8 with {bad} undecodable byte sequences"
        try:
            codecs.getincrementaldecoder("gb18030")().decode(head, final=False)
        except UnicodeDecodeError:
            raise InvalidInput(
                f"{self.name}: neither UTF-8 nor GB18030; give the file in a known encoding"
            ) from None
        return "gb18030", f"{self.name}: not UTF-8, decoded as GB18030"

    def lines(self) -> Iterator[Line]:
        """Every line, decoded; an undecodable line carries an ``error`` and replacement text."""
        if self.encoding == "utf-16":
            wrapper = io.TextIOWrapper(self.stream, encoding="utf-16", newline=None)
            offset = 0
            for number, chunk in enumerate(wrapper, 1):
                yield Line(number, offset, chunk.rstrip("\r\n"))
                offset += len(chunk.encode("utf-16-le"))
            return
        encoding = "utf-8" if self.encoding == "utf-8-sig" else self.encoding
        offset = 0
        for number, raw in enumerate(self.stream, 1):
            body = raw.rstrip(b"\r\n")
            if number == 1 and body.startswith(codecs.BOM_UTF8):
                body = body[3:]
            try:
                text, error = body.decode(encoding), None
            except UnicodeDecodeError as exc:
                text = body.decode(encoding, errors="replace")
                error = f"bytes that are not {encoding} at column {exc.start + 1}"
            # A lone CR (old Mac exports) also ends a line.
            for part in text.split("\r") if "\r" in text else (text,):
                yield Line(number, offset, part, error)
            offset += len(raw)

    def read_text(self) -> str:
        """The whole source as text (for formats that are read whole, such as one XML document)."""
        data = self.stream.read()
        try:
            return data.decode(self.encoding)
        except UnicodeDecodeError as exc:
            raise InvalidInput(
                f"{self.name}: bytes that are not {self.encoding} at {exc.start}"
            ) from None


class _Decompressed(io.RawIOBase):
    """A gzip/bzip2 stream whose corruption (truncated or damaged data) is ``InvalidInput``."""

    def __init__(self, stream: IO[bytes], name: str) -> None:
        self._stream = stream
        self._name = name

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            data = self._stream.read(len(buffer))
        except (EOFError, OSError, ValueError, zlib.error) as exc:
            raise InvalidInput(f"{self._name}: damaged compressed data ({exc})") from None
        buffer[: len(data)] = data
        return len(data)


class _EncodedText(io.RawIOBase):
    """A text file seen as a UTF-8 byte stream, read as it is consumed (not all at once)."""

    def __init__(self, text: IO[str]) -> None:
        self._text = text
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            chunk = self._text.read(8192)
            if not chunk:
                return 0
            self._pending = chunk.encode("utf-8", errors="surrogatepass")
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


@contextmanager
def open_source(source: Any, name: str | None = None) -> Iterator[Source]:
    """Open ``source`` for reading.

    A ``str`` is text content when it holds a line break or starts like a record (``{``, ``[``,
    ``<``); otherwise it is a path, as is any ``os.PathLike``. ``bytes`` are content. A file
    object is read from its current position (text files are encoded back as UTF-8). ``-`` is
    standard input. Raises ``InvalidInput`` for a missing or unreadable file.
    """
    if isinstance(source, Source):
        yield source
        return
    if isinstance(source, bytes):
        yield Source(name or "<bytes>", io.BytesIO(source))
        return
    if isinstance(source, str) and (
        "\n" in source or source.lstrip()[:1] in ("{", "[", "<") or source == ""
    ):
        yield Source(name or "<text>", io.BytesIO(source.encode("utf-8")))
        return
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if str(source) == "-":
            import sys

            yield Source(name or "<stdin>", sys.stdin.buffer)
            return
        try:
            fh = open(path, "rb")  # noqa: SIM115 - closed below, after the caller is done
        except FileNotFoundError:
            raise InvalidInput(f"{path}: no such file") from None
        except IsADirectoryError:
            raise InvalidInput(f"{path}: is a directory") from None
        except OSError as exc:
            raise InvalidInput(f"{path}: cannot be read ({exc.strerror})") from None
        try:
            yield Source(name or str(path), fh)
        finally:
            fh.close()
        return
    if isinstance(source, io.TextIOBase) or hasattr(source, "encoding"):
        yield Source(name or str(getattr(source, "name", "<file>")), _EncodedText(source))
        return
    if hasattr(source, "read"):
        yield Source(name or str(getattr(source, "name", "<file>")), source)
        return
    raise InvalidInput(f"cannot read from a {type(source).__name__}")


MAX_JSON_CHARS = 64 * 1024 * 1024
_REFILL_LINES = 512


def json_values(source: Source) -> Iterator[tuple[int, str, Any]]:
    """Stream every top-level JSON value: JSON Lines, indented objects one after another, or the
    elements of a top-level array. Yields (line, raw text, value); for a value that is not valid
    JSON the third item is the ``ValueError``, and reading resumes at the next line starting ``{``.
    """
    decoder = json.JSONDecoder()
    lines = source.lines()
    buffer, pos, line = "", 0, 1
    in_array = False

    def refill() -> bool:
        nonlocal buffer, pos
        chunk = []
        for _ in range(_REFILL_LINES):
            item = next(lines, None)
            if item is None:
                break
            chunk.append(item.text + "\n")
        if not chunk:
            return False
        buffer, pos = buffer[pos:] + "".join(chunk), 0
        return True

    while True:
        skip = " \t\r\n\ufeff" + ("," if in_array else "")
        while pos < len(buffer) and buffer[pos] in skip:
            line += buffer[pos] == "\n"
            pos += 1
        if pos >= len(buffer):
            if refill():
                continue
            return
        if buffer[pos] == "[" and not in_array:
            in_array, pos = True, pos + 1
            continue
        if buffer[pos] == "]" and in_array:
            in_array, pos = False, pos + 1
            continue
        try:
            value, end = decoder.raw_decode(buffer, pos)
        except RecursionError:
            value, end = ValueError("JSON nested too deeply"), _resync(buffer, pos)
        except json.JSONDecodeError as exc:
            at_end = exc.pos >= len(buffer.rstrip()) or exc.msg.startswith("Unterminated string")
            if at_end and len(buffer) - pos < MAX_JSON_CHARS and refill():
                continue
            end = _resync(buffer, pos)
            while end >= len(buffer) and len(buffer) - pos < MAX_JSON_CHARS and refill():
                end = _resync(buffer, pos)
            value = exc
        raw = buffer[pos:end]
        yield line, raw.rstrip("\n"), value
        line += raw.count("\n")
        pos = end


def _resync(buffer: str, pos: int) -> int:
    """Where the value after a broken one starts: the next line beginning with ``{``."""
    at = pos
    while True:
        nl = buffer.find("\n", at)
        if nl < 0:
            return len(buffer)
        if buffer[nl + 1 : nl + 2].lstrip()[:1] == "{" or buffer[nl + 1 :].lstrip(" \t")[:1] == "{":
            return nl + 1
        at = nl + 1
