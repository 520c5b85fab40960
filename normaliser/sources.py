"""Opening what a reader is given: a path, bytes, text or a file; gzip/bz2; the encoding.

Readers see a ``Source``: a name for messages, a peekable binary stream, and the encoding chosen
by sniffing (BOM, then strict UTF-8, then GB18030). Lines are decoded one at a time so that one
undecodable line spoils one record, not the dump.
"""

from __future__ import annotations

import bisect
import bz2
import codecs
import gzip
import io
import json
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .errors import InvalidInput
from .record import Note

SNIFF_BYTES = 64 * 1024

SourceLike = str | bytes | os.PathLike[str] | IO[bytes] | IO[str]


@dataclass
class Line:
    """One line of a source: 1-based number, byte offset, decoded text (no line end), the line
    end as written (``"\n"``, ``"\r\n"``, ``"\r"`` or ``""`` at the end of the input), its
    original bytes without the line end (``data``) and the codec that decoded it; a line that
    could not be decoded carries an ``error`` (its text then has U+FFFD)."""

    number: int
    offset: int
    text: str
    error: str | None = None
    end: str = "\n"
    data: bytes | None = None
    encoding: str = "utf-8"
    #: Decoded as GB18030 in a file that is not (a file mixing UTF-8 and GB18030 records): its
    #: record carries the warning a GB18030 file's records carry (``encoding_note``).
    guessed: bool = False

    @property
    def raw(self) -> str:
        """The line as written, line end included."""
        return self.text + self.end

    def original(self) -> bytes:
        """The line's bytes exactly as they were in the input, line end included."""
        body = self.data if self.data is not None else self.text.encode(self.encoding)
        return body + self.end.encode(self.encoding)


def kept(texts: Iterable[str], originals: Iterable[bytes]) -> tuple[str, bytes | None]:
    """A record's text as read and its original bytes, as a ``Reject`` keeps them: the bytes
    only when the text's UTF-8 is not them (a GB18030 input, undecodable bytes)."""
    text, data = "".join(texts), b"".join(originals)
    return text, None if text.encode("utf-8", "surrogatepass") == data else data


def kept_lines(lines: Iterable[Line]) -> tuple[str, bytes | None]:
    """``kept`` for whole lines."""
    lines = list(lines)
    return kept((ln.raw for ln in lines), (ln.original() for ln in lines))


def span(lines: list[Line], start: int, stop: int) -> tuple[int, str, bytes | None]:
    """Where characters ``start`` to ``stop`` of ``lines`` joined as ``"\\n".join(texts) + "\\n"``
    were in the input: their byte offset, their text as written (line ends as they were) and
    their bytes when not that text's UTF-8 (``kept``). A damaged line is taken whole."""
    offset: int | None = None
    texts: list[str] = []
    originals: list[bytes] = []
    cursor = 0
    for line in lines:
        size = len(line.text) + 1
        a, b = max(start - cursor, 0), min(stop - cursor, size)
        cursor += size
        if a >= b:
            if cursor > stop:
                break
            continue
        if line.error:
            a, b = 0, size
        body = line.text[a : min(b, len(line.text))]
        end = line.end if b == size else ""
        data = line.data if line.error and line.data is not None else body.encode(line.encoding)
        if offset is None:
            offset = line.offset + len(line.text[:a].encode(line.encoding))
        texts.append(body + end)
        originals.append(data + end.encode(line.encoding))
    text, kept_data = kept(texts, originals)
    return (offset if offset is not None else (lines[0].offset if lines else 0)), text, kept_data


#: The first bytes of binary files people give by mistake, and what each is.
_MAGIC = (
    (b"PK\x03\x04", "a ZIP archive (an Office document such as .xlsx or .docx is one)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.xls, .doc)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"(\xb5/\xfd", "a Zstandard archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "a program (ELF)"),
)


def binary_kind(head: bytes) -> str | None:
    """What ``head`` (the first bytes of an input) looks like when it is not text: a known
    binary format by its first bytes, or data where NUL bytes are common (more than one byte in
    a hundred: a stray NUL in a text dump spoils a line, not the file) and no UTF-16 byte order
    mark says why."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    start = head[:4096]
    utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if start.count(b"\x00") * 100 > len(start) and not utf16:
        return "binary data (NUL bytes)"
    return None


class Source:
    """A readable input: ``name`` for messages, ``stream`` (binary, peekable), ``encoding``."""

    def __init__(self, name: str, stream: IO[bytes] | io.RawIOBase) -> None:
        self.name = name
        # A buffer as large as the sniffed head: ``peek`` returns at most one buffer.
        self.stream: io.BufferedReader = io.BufferedReader(stream, SNIFF_BYTES)  # type: ignore[arg-type]
        magic = self.stream.peek(3)[:3]
        if magic[:2] == b"\x1f\x8b":
            self.stream = io.BufferedReader(
                _Decompressed(gzip.GzipFile(fileobj=self.stream), name),  # type: ignore[arg-type]
                SNIFF_BYTES,
            )
        elif magic == b"BZh":
            self.stream = io.BufferedReader(
                _Decompressed(bz2.BZ2File(self.stream), name), SNIFF_BYTES
            )
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
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and (
            b"\x00" in head[2:512] or len(head) < 64
        ):
            # Records are mostly ASCII (tags, line ends, digits): in UTF-16 every such character
            # has a zero byte. FF FE before text without one is damage, not a byte-order mark.
            return "utf-16", None
        # UTF-16 without a BOM: four ASCII characters (``<?xm``, ``{"ti``) with a NUL beside
        # each, the way XML (its appendix F) and JSON (RFC 4627) tell it; valid UTF-8 though it
        # is, and never GB18030.
        first = head[:8]
        if len(first) == 8 and not any(first[1::2]) and all(0 < b < 128 for b in first[0::2]):
            return "utf-16-le", None
        if len(first) == 8 and not any(first[0::2]) and all(0 < b < 128 for b in first[1::2]):
            return "utf-16-be", None
        binary = binary_kind(head)
        if binary is not None:
            raise InvalidInput(f"{self.name}: this is not a text file: it looks like {binary}")
        try:
            codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
            return "utf-8", None
        except UnicodeDecodeError:
            pass
        # UTF-8 with a few bad bytes stays UTF-8 (the bad lines are rejected one by one): GB18030
        # text rarely forms valid multi-byte UTF-8 (about one character in ten does), so more
        # valid sequences than twice the broken ones decide it.
        text = codecs.getincrementaldecoder("utf-8")(errors="replace").decode(head, final=False)
        bad = text.count("\ufffd")
        good = sum(1 for ch in text if ord(ch) > 127) - bad
        if good >= 2 * bad:
            return "utf-8", f"{self.name}: UTF-8 with {bad} undecodable byte sequences"
        try:
            codecs.getincrementaldecoder("gb18030")().decode(head, final=False)
        except UnicodeDecodeError:
            # Mostly ASCII with a few bad bytes is a UTF-8 dump with damaged lines, not binary.
            if bad * 50 <= len(text):
                return "utf-8", f"{self.name}: UTF-8 with {bad} undecodable byte sequences"
            mixed = _mixed(head)
            if mixed is not None:
                return mixed, f"{self.name}: UTF-8 and GB18030 lines, each decoded on its own"
            raise InvalidInput(
                f"{self.name}: this is not a text file in UTF-8, UTF-16 or GB18030 (binary "
                "data, or another encoding); give the file as text in a known encoding"
            ) from None
        return "gb18030", f"{self.name}: not UTF-8, decoded as GB18030"

    def lines(self) -> Iterator[Line]:
        """Every line, decoded; an undecodable line carries an ``error`` and replacement text.
        Offsets are exact byte offsets of each line's first character (after a BOM)."""
        if self.encoding in ("utf-16", "utf-16-le", "utf-16-be"):
            wrapper = io.TextIOWrapper(self.stream, encoding=self.encoding, newline="")
            offset = 2 if self.encoding == "utf-16" else 0  # the BOM
            width = "utf-16-le" if self.encoding == "utf-16" else self.encoding
            number = 0
            try:
                for number, chunk in enumerate(wrapper, 1):
                    content = chunk.rstrip("\r\n")
                    end = chunk[len(content) :]
                    yield Line(number, offset, content, end=end, encoding=width)
                    offset += len(chunk.encode(width))
            except UnicodeDecodeError as exc:
                raise InvalidInput(
                    f"{self.name}: not valid UTF-16 after line {number} ({exc.reason}); "
                    "the rest of this input was not read"
                ) from None
            finally:
                # A wrapper that is collected closes its stream, and with it the caller's file
                # (which a batch run still asks where it is).
                wrapper.detach()
            return
        encoding = "utf-8" if self.encoding == "utf-8-sig" else self.encoding
        offset = 0
        number = 0
        for raw in self.stream:
            body = raw.rstrip(b"\r\n")
            end = raw[len(body) :].decode("ascii")
            if offset == 0 and body.startswith(codecs.BOM_UTF8):
                body, offset = body[3:], 3
            text, codec, error = _decoded(body, encoding)
            if error is not None or "\r" not in text:  # the common case: one line, its bytes
                number += 1
                yield Line(number, offset, text, error, end, body, codec, codec != encoding)
                offset += len(body) + len(end)
                continue
            # A lone CR (old Mac exports) also ends a line (an undecodable line stays whole).
            # Neither UTF-8 nor GB18030 has a CR byte inside a character: the bytes split alike.
            parts, pieces = text.split("\r"), body.split(b"\r")
            for i, (part, piece) in enumerate(zip(parts, pieces, strict=True)):
                number += 1
                last = i == len(parts) - 1
                yield Line(
                    number,
                    offset,
                    part,
                    error,
                    end if last else "\r",
                    piece,
                    codec,
                    codec != encoding,
                )
                offset += len(piece) + (len(end) if last else 1)

    def read_text(self) -> str:
        """The whole source as text (for formats that are read whole, such as one XML document)."""
        data = self.stream.read()
        try:
            return data.decode(self.encoding)
        except UnicodeDecodeError as exc:
            raise InvalidInput(
                f"{self.name}: bytes that are not {self.encoding} at {exc.start}"
            ) from None


def _decoded(body: bytes, primary: str) -> tuple[str, str, str | None]:
    """One line's text, the codec that decoded it, and the error when none could.

    A file may mix UTF-8 and GB18030 records (exports appended to one another): each line is
    decoded on its own. In a GB18030 file a line that is valid UTF-8 holding a character beyond
    U+07FF (Han text) is UTF-8: GB18030 text almost never is. In a UTF-8 file a line that is
    not UTF-8 is GB18030 when it decodes as GB18030 to two or more non-ASCII characters and
    holds no valid three-byte UTF-8 sequence (a UTF-8 line of Han text with a damaged byte keeps
    its others, and stays an error that rejects its record)."""
    if primary == "gb18030" and not body.isascii():
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if any(ord(ch) >= 0x800 for ch in text):
                return text, "utf-8", None
    try:
        return body.decode(primary), primary, None
    except UnicodeDecodeError as exc:
        column = exc.start + 1
    if primary == "utf-8" and _gb18030_line(body):
        return body.decode("gb18030"), "gb18030", None
    other = "GB18030" if primary == "utf-8" else "UTF-8"
    error = f"bytes that are not {primary} (nor {other}) at column {column}"
    return body.decode(primary, errors="replace"), primary, error


def _gb18030_line(body: bytes) -> bool:
    try:
        text = body.decode("gb18030")
    except UnicodeDecodeError:
        return False
    as_utf8 = body.decode("utf-8", errors="replace")
    if any(0x800 <= ord(ch) != 0xFFFD for ch in as_utf8):
        return False  # UTF-8 Han text with a damaged byte
    return sum(1 for ch in text if ord(ch) > 127) >= 2


def _mixed(head: bytes) -> str | None:
    """The encoding most lines of ``head`` are in when each complete line is UTF-8 or GB18030
    but the whole is neither (a file of both); None otherwise."""
    lines = head.split(b"\n")
    lines = lines[:-1] if len(lines) > 1 else lines
    counts = {"utf-8": 0, "gb18030": 0}
    for line in lines:
        if line.isascii():
            continue
        _, codec, error = _decoded(line.rstrip(b"\r"), "gb18030")
        if error is not None:
            return None
        counts[codec] += 1
    if not any(counts.values()):
        return None
    return "gb18030" if counts["gb18030"] > counts["utf-8"] else "utf-8"


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

    A ``str`` is text content when it holds a line break or an ISO 2709 field or record
    terminator (``\x1e``, ``\x1d``: a MARC record is one line; no path holds one) or starts
    like a record (``{``, ``[``, ``<``);
    otherwise it is a path, as is any ``os.PathLike``. ``bytes`` are content. A file
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
        "\n" in source
        or "\x1d" in source
        or "\x1e" in source
        or source.lstrip()[:1] in ("{", "[", "<")
        or source == ""
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
#: The deepest nesting of arrays and objects a JSON record may have. Real records nest a few
#: levels; a hostile one nested a thousand deep would exhaust Python's stack in the decoder or in
#: any code that walks the value. Deeper is a reject (``JsonTooDeep``), and reading goes on.
MAX_JSON_DEPTH = 100
_JSON_NESTING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]')


class BareConstant(str):
    """A bare ``NaN``, ``Infinity`` or ``-Infinity`` in JSON: not JSON (though Python writes
    it), so never decoded as a number; readers keep the word as a string, with a note."""

    __slots__ = ()


def bare_constant_note(word: str) -> str:
    """The warning of a bare ``NaN``/``Infinity`` kept as a string."""
    return f"a bare {word} (not JSON) kept as the string {word!r}"


class JsonTooDeep(ValueError):
    """JSON nested deeper than ``MAX_JSON_DEPTH``."""

    def __init__(self, message: str = f"JSON nested deeper than {MAX_JSON_DEPTH} levels") -> None:
        super().__init__(message)  # the message is an argument: pickled to a worker and back


def check_json_depth(text: str, start: int = 0, end: int | None = None) -> None:
    """Raise ``JsonTooDeep`` when the JSON in ``text[start:end]`` nests arrays and objects
    deeper than ``MAX_JSON_DEPTH`` (brackets inside strings do not count). Linear, and free
    for the usual record: one with fewer brackets than the limit is not scanned."""
    end = len(text) if end is None else end
    if text.count("[", start, end) + text.count("{", start, end) <= MAX_JSON_DEPTH:
        return
    depth = 0
    for match in _JSON_NESTING.finditer(text, start, end):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise JsonTooDeep()
        elif token in "]}":
            depth -= 1


_REFILL_LINES = 512
_NEXT_OBJECT = re.compile(r"(\r\n?|\n)[ \t]*\{")


@dataclass
class JsonValue:
    """One top-level JSON value of a source: where it starts (line, byte offset), its text as
    written, and the decoded value, or the ``ValueError`` saying why it is not JSON. ``data``
    holds the original bytes when they are not the text's UTF-8 (a GB18030 input; bytes that
    could not be decoded: the text then has U+FFFD); ``encoding`` is the codec its lines were
    decoded with (None when they were not all decoded with one)."""

    line: int
    offset: int
    raw: str
    value: Any
    data: bytes | None = None
    encoding: str | None = "utf-8"


def json_problem(exc: ValueError) -> ValueError:
    """``exc`` in words that point the right way: a JSON string cut off by the end of its line
    (\"Invalid control character\" at a line end, \"Unterminated string\") is a truncated line."""
    if isinstance(exc, json.JSONDecodeError) and (
        exc.msg.startswith("Unterminated string")
        or (
            exc.msg.startswith("Invalid control character")
            and exc.doc[exc.pos : exc.pos + 1] in "\r\n"
        )
    ):
        return ValueError(
            f"the line ends inside a string: truncated? (line {exc.lineno} column {exc.colno})"
        )
    return exc


def json_values(source: Source, *, strict: bool = True) -> Iterator[JsonValue]:
    """Stream every top-level JSON value: JSON Lines, indented objects one after another, or the
    elements of a top-level array. A value that is not valid JSON (or holds undecodable bytes)
    comes with its ``ValueError``, and reading resumes at the next line starting ``{``.
    ``strict=False`` lets control characters stand unescaped inside strings."""
    decoder = json.JSONDecoder(strict=strict, parse_constant=BareConstant)
    lines = source.lines()
    buffer, pos = "", 0
    starts: list[int] = []  # where each buffered line starts in ``buffer``
    held: list[Line] = []  # the buffered lines
    in_array = False

    def refill() -> bool:
        nonlocal buffer, pos, starts, held
        first = max(0, bisect.bisect_right(starts, pos) - 1)  # keep the line ``pos`` is in
        cut = starts[first] if starts else 0
        starts = [s - cut for s in starts[first:]]
        held = held[first:]
        buffer, pos = buffer[cut:], pos - cut
        size, chunk = len(buffer), []
        for _ in range(_REFILL_LINES):
            item = next(lines, None)
            if item is None:
                break
            starts.append(size)
            held.append(item)
            size += len(item.raw)
            chunk.append(item.raw)
        if not chunk:
            return False
        buffer += "".join(chunk)
        return True

    def located(start: int, end: int, raw: str, value: Any) -> JsonValue:
        first = bisect.bisect_right(starts, start) - 1
        last = max(first, bisect.bisect_left(starts, end) - 1)
        line = held[first]
        spanned = held[first : last + 1]
        bad = next((ln for ln in spanned if ln.error), None)
        if bad is None:
            # The value's bytes: its lines' bytes less what comes before it on its first line
            # and after it on its last (each line in the codec that decoded it).
            stop = start + len(raw)
            head = len(buffer[starts[first] : start].encode(line.encoding))
            tail_line = held[last]
            tail = buffer[stop : starts[last] + len(tail_line.raw)].encode(tail_line.encoding)
            whole = b"".join(ln.original() for ln in spanned)
            data = whole[head : len(whole) - len(tail)]
            codecs = {ln.encoding for ln in spanned}
            return JsonValue(
                line.number,
                line.offset + head,
                raw,
                value,
                kept([raw], [data])[1],
                line.encoding if len(codecs) == 1 else None,
            )
        # Undecodable bytes: the value is refused, its whole lines kept as they were written.
        text, damaged = kept_lines(spanned)
        data = damaged if damaged is not None else text.encode("utf-8")
        cut = len(data) - len(data.rstrip(b"\r\n"))
        text, data = text.rstrip("\r\n"), data[: len(data) - cut]
        error = ValueError(f"line {bad.number}: {bad.error}")
        return JsonValue(line.number, line.offset, text, error, kept([text], [data])[1], None)

    while True:
        skip = " \t\r\n\ufeff" + ("," if in_array else "")
        while pos < len(buffer) and buffer[pos] in skip:
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
            check_json_depth(buffer, pos, end)
        except (RecursionError, JsonTooDeep):
            value, end = JsonTooDeep(), _resync(buffer, pos)
        except json.JSONDecodeError as exc:
            at_end = exc.pos >= len(buffer.rstrip()) or exc.msg.startswith("Unterminated string")
            if at_end and len(buffer) - pos < MAX_JSON_CHARS and refill():
                continue
            end = _resync(buffer, pos)
            while end >= len(buffer) and len(buffer) - pos < MAX_JSON_CHARS and refill():
                end = _resync(buffer, pos)
            value = json_problem(exc)
        yield located(pos, end, buffer[pos:end].rstrip("\r\n"), value)
        pos = end


def _resync(buffer: str, pos: int) -> int:
    """Where the value after a broken one starts: the next line beginning with ``{``."""
    match = _NEXT_OBJECT.search(buffer, pos)
    return match.end(1) if match else len(buffer)


def encoding_note(encoding: str) -> Note | None:
    """The warning every record of a source decoded as ``encoding`` carries: GB18030 is a
    guess made because the bytes are not UTF-8, and a catalogue should know it was made."""
    if encoding != "gb18030":
        return None
    return Note("encoding", "_source", "not UTF-8: decoded as GB18030")
