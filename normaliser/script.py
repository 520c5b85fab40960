"""Simplified/Traditional conversion: ``convert_script`` gives exactly what
opencc-python-reimplemented gives, at C speed for most of the text, and ``to_script`` converts
every Chinese string of a record.

How the reference converts (``opencc/opencc.py``): the text is cut at separators (white space
and punctuation, never converted); in each piece the longest phrase key found anywhere (leftmost
among equals) is replaced by the first candidate of its value and the text on either side is
converted the same way; what no phrase covers goes through the single-character table; later
dictionaries of the chain (TWVariants, HKVariants) then map single characters. That is greedy
selection of phrase occurrences by (longest, leftmost), not forward maximum matching.

What we do instead, with the same result for every input: translate every character at once with
the composed single-character table, then revisit only the places where a phrase could say
something else. A phrase whose value equals the character-by-character conversion of its key
cannot change the output where it is selected, so only the places where a pair of neighbouring
characters starts that some phrase holds next to (or at) a character it converts differently
("trigger pairs") are looked at. Short texts are translated with ``str.translate`` and their
pairs looked up one by one (``_scalar``, the definition); long ones with numpy gathers over their
UTF-32 code units (``_vector``), which give the same. The reference's choice is greedy by
priority (longer first, then further left), so an occurrence is selected exactly when no
selected occurrence of higher priority overlaps it; that is decided lazily from the
neighbourhood of each trigger. Pieces between separators never interact (no usable key holds a
separator), so the whole text is handled at once.
"""

from __future__ import annotations

import codecs
import dataclasses
import json
import re
import typing
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # numpy is imported where a long text is converted: not at start-up
    import numpy as np
    import numpy.typing as npt

from .errors import BrokenInstallation, UsageError
from .languages import chinese_script, zh_region
from .record import Heading, Name, Note, Prose, Record, Text, may_hold

#: ``target`` → the opencc configuration that converts to it.
CONFIGS = {"hans": "t2s", "hant": "s2t", "tw": "s2tw", "hk": "s2hk"}
#: A regional ``target`` → the opencc configuration that converts Traditional text to it.
REGIONAL = {"tw": "t2tw", "hk": "t2hk"}
#: Surnames that Traditional writes as Simplified does, although OpenCC converts the character
#: by its commoner word (范 → 範 "model", 于 → 於, 余 → 餘, 党 → 黨, 朴 → 樸, 种 → 種, 干 → 幹,
#: 占 → 佔, 台 → 臺): as a family name each stays as written.
SURNAMES_AS_WRITTEN = frozenset("范于余党朴种干占台")
#: ``target`` → the BCP 47 tag of what it writes. Taiwan and Hong Kong standard characters are
#: regional spelling conventions of Traditional script, which BCP 47 marks with a region.
TAGS = {"hans": "zh-Hans", "hant": "zh-Hant", "tw": "zh-Hant-TW", "hk": "zh-Hant-HK"}

# The reference's separators (from OpenCC's PhraseExtract.cpp): text is split at these, and
# they are never converted; a dictionary key holding one can never match.
_SEPARATORS = re.compile(
    r"(\s+|-|,|\.|\?|!|\*|　|，|。|、|；|：|？|！|…|“|”|‘|’|『|』|「|」"
    r"|﹁|﹂|—|－|（|）|《|》|〈|〉|～|．|／|＼|︒|︑|︔|︓|︿|﹀|︹|︺|︙|︐"
    r"|［|﹇|］|﹈|︕|︖|︰|︳|︴|︽|︾|︵|︶|｛|︷|｝|︸|﹃|﹄|【|︻|】|︼)"
)


_ASTRAL_RANGE = "\U00010000-\U0010ffff"
_ASTRAL = re.compile(f"[{_ASTRAL_RANGE}]")
_CODE_POINTS = 0x110000
_utf32_encode, _utf32_decode = codecs.utf_32_le_encode, codecs.utf_32_le_decode
#: From this length on a text is converted with numpy: its calls cost a few microseconds each
#: whatever the length, then far less per character than str.translate and Python loops.
_VECTOR_FROM = 32
#: How many converted short texts each configuration remembers, and up to which length (at
#: most about 2 MB).
_REMEMBERED = 4096
_REMEMBER_UP_TO = 128


@dataclass(frozen=True)
class _Vectors:
    """The tables of ``_Tables`` as numpy arrays indexed by code point, for long texts: one
    gather per table converts every character or finds every trigger pair in C."""

    chars: npt.NDArray[np.uint32]  # code point → converted code point
    first: npt.NDArray[np.uint32]  # code point → its row in ``starts`` (0: begins none)
    second: npt.NDArray[np.uint32]  # code point → its column in ``starts`` (0: ends none)
    starts: npt.NDArray[np.bool_]  # row + column → whether the pair is a trigger pair


@dataclass(frozen=True)
class _Tables:
    """One configuration, compiled: everything ``convert_script`` needs, built once."""

    relevant: re.Pattern[str]  # a character some dictionary of the chain knows
    bmp: list[int]  # code point → converted code point, below U+10000 (str.translate)
    everything: dict[int, int]  # every character conversion, for text with astral characters
    phrases: dict[str, str]  # phrase key → its converted value (first candidate, later stages)
    trie: dict[str, bool]  # every phrase key (True) and every proper prefix of one (False)
    pairs: frozenset[str]  # every two neighbouring characters of a phrase key
    longest: int
    # Two neighbouring characters of a phrase key, one of them where the phrase's value differs
    # from the table: a phrase can change the text only where one of these pairs starts.
    triggers: frozenset[str]
    differing: re.Pattern[str]  # a character of a trigger pair a phrase converts differently
    vectors: _Vectors
    remembered: dict[str, str] = field(default_factory=dict)  # short texts, converted


def _opencc_home() -> Path:
    import opencc  # opencc-python-reimplemented: we read its data files, never run its code

    return Path(opencc.__file__).parent


def _read_dictionary(path: Path) -> dict[str, str]:
    """A dictionary file read the way the reference reads it; values are first candidates."""
    out: dict[str, str] = {}
    try:
        with open(path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                parts = line.strip().split("\t")
                if len(parts) != 2:
                    raise BrokenInstallation(f"opencc dictionary {path.name}:{number} is malformed")
                out[parts[0]] = parts[1].split(" ")[0]
    except OSError as exc:
        raise BrokenInstallation(f"opencc dictionary {path.name} cannot be read: {exc}") from exc
    return out


def _chain(config: str) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The dictionaries of ``config``: the first group (phrases then characters) and the
    single-character stages after it. Any other shape is refused, not approximated."""
    home = _opencc_home()
    try:
        setting = json.loads((home / "config" / f"{config}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BrokenInstallation(f"opencc configuration {config} cannot be read: {exc}") from exc

    def files(node: Any) -> list[str]:
        kind = node.get("type") if isinstance(node, dict) else None
        if kind == "group" and isinstance(node.get("dicts"), list):
            return [name for item in node["dicts"] for name in files(item)]
        if kind == "txt" and isinstance(node.get("file"), str):
            return [node["file"]]
        raise BrokenInstallation(f"opencc configuration {config}: unknown dictionary {node}")

    chain = setting.get("conversion_chain") if isinstance(setting, dict) else None
    if not isinstance(chain, list) or not chain:
        raise BrokenInstallation(f"opencc configuration {config} has no conversion chain")
    stages = [files(step.get("dict") if isinstance(step, dict) else None) for step in chain]
    loaded = [[_read_dictionary(home / "dictionary" / name) for name in stage] for stage in stages]
    first, rest = loaded[0], loaded[1:]
    if len(first) > 2 or any(len(stage) != 1 for stage in rest):
        raise BrokenInstallation(f"opencc configuration {config} has a chain we cannot follow")
    later = [stage[0] for stage in rest]
    if not all(len(key) == 1 for table in (first[-1], *later) for key in table):
        raise BrokenInstallation(f"opencc configuration {config}: a character table has phrases")
    if len(first) == 2 and any(len(key) < 2 for key in first[0]):
        raise BrokenInstallation(f"opencc configuration {config}: a phrase table has characters")
    return first, later


def _class(chars: set[str]) -> str:
    """A character class matching ``chars`` and possibly more: astral characters are matched
    as one range, because re tests a long list of astral literals one by one at every
    character (a thousand times slower); every use here is a pre-check that allows more."""
    bmp = "".join(re.escape(c) for c in sorted(chars) if c <= "\uffff")
    return f"[{bmp}{_ASTRAL_RANGE if any(c > chr(0xFFFF) for c in chars) else ''}]"


@cache
def _tables(config: str) -> _Tables:
    first, later = _chain(config)
    phrase_table = first[0] if len(first) == 2 else {}
    char_table = first[-1]

    def late(text: str) -> str:
        # Later stages convert every character of a piece, whatever an earlier stage wrote.
        for table in later:
            text = "".join(table.get(c, c) for c in text)
        return text

    def separator(c: str) -> bool:
        return _SEPARATORS.fullmatch(c) is not None

    known = {c for table in (*first, *later) for key in table for c in key}
    known = {c for c in known if not separator(c)}
    everything: dict[int, int] = {}
    for c in known:
        converted = late(char_table.get(c, c))
        if len(converted) != 1:
            raise BrokenInstallation(f"opencc configuration {config}: {c} becomes {converted}")
        if converted != c:
            everything[ord(c)] = ord(converted)
    bmp = _identity()[:]
    for code, converted_code in everything.items():
        if code < len(bmp):
            bmp[code] = converted_code

    phrases: dict[str, str] = {}
    trie: dict[str, bool] = {}
    triggers: set[str] = set()
    differing: set[str] = set()
    for key, value in phrase_table.items():
        if any(separator(c) for c in key):
            continue  # the reference splits the text there: this key never matches
        final = late(value)
        if len(final) != len(key):
            raise BrokenInstallation(f"opencc configuration {config}: {key} becomes {final}")
        phrases[key] = final
        trie[key] = True
        for end in range(2, len(key)):
            trie.setdefault(key[:end], False)
        default = key.translate(everything)
        for j, (mine, theirs) in enumerate(zip(final, default, strict=True)):
            # Only where a phrase says something else than the table can it change the text;
            # elsewhere a phrase matters only by blocking the phrases it overlaps.
            if mine != theirs:
                differing.add(key[j])
                triggers.update(key[i : i + 2] for i in (j - 1, j) if 0 <= i < len(key) - 1)
    return _Tables(
        relevant=re.compile(_class(known)),
        bmp=bmp,
        everything=everything,
        phrases=phrases,
        trie=trie,
        pairs=frozenset(key[i : i + 2] for key in phrases for i in range(len(key) - 1)),
        longest=max((len(k) for k in phrases), default=1),
        triggers=frozenset(triggers),
        differing=re.compile(_class(differing) if differing else "(?!)"),
        vectors=_vectors(everything, triggers),
    )


def _vectors(everything: dict[int, int], triggers: set[str]) -> _Vectors:
    """``everything`` and ``triggers`` as arrays over every code point. The pair table has a
    row for each character that begins a trigger pair and a column for each that ends one
    (row and column 0: none), so ``starts[first[a] + second[b]]`` says whether ``ab`` is one."""
    import numpy as np  # its one home is here

    chars = np.arange(_CODE_POINTS, dtype=np.uint32)
    chars[list(everything)] = list(everything.values())
    rows = {c: n for n, c in enumerate(sorted({pair[0] for pair in triggers}), 1)}
    columns = {c: n for n, c in enumerate(sorted({pair[1] for pair in triggers}), 1)}
    width = len(columns) + 1
    first = np.zeros(_CODE_POINTS, dtype=np.uint32)  # calloc: untouched pages cost no memory
    second = np.zeros(_CODE_POINTS, dtype=np.uint32)
    for c, row in rows.items():
        first[ord(c)] = row * width
    for c, column in columns.items():
        second[ord(c)] = column
    starts = np.zeros((len(rows) + 1) * width, dtype=np.bool_)
    starts[[rows[pair[0]] * width + columns[pair[1]] for pair in triggers]] = True
    return _Vectors(chars, first, second, starts)


@lru_cache(maxsize=1)
def _identity() -> list[int]:
    # Shared by every configuration's table: the int objects are made once.
    return list(range(0x10000))


class _Selection:
    """Which phrase occurrences of one text the reference selects, decided lazily.

    The reference picks the longest occurrence (leftmost among equals), then repeats in the text
    on either side: an occurrence is selected exactly when no selected occurrence of higher
    priority (longer, or as long and further left) overlaps it. Deciding one occurrence only
    looks at those of higher priority around it, so most of the text is never examined. An
    occurrence that starts before position q and covers q holds the pair ``value[q-1:q+1]``,
    so scans to the left stop at the first pair no phrase holds.
    """

    def __init__(self, value: str, tables: _Tables) -> None:
        self.value = value
        self.trie = tables.trie
        self.pairs = tables.pairs
        self.longest = tables.longest
        self.found: list[tuple[int, ...] | None] = [None] * len(value)
        self.decided: dict[tuple[int, int], bool] = {}

    def _at(self, p: int) -> tuple[int, ...]:
        """The lengths of the phrase keys found at ``p``, shortest first (memoised)."""
        value, trie = self.value, self.trie
        out = []
        length = 2
        end = len(value) - p
        while length <= end:
            is_key = trie.get(value[p : p + length])
            if is_key is None:
                break
            if is_key:
                out.append(length)
            length += 1
        found = self.found[p] = tuple(out)
        return found

    def _rivals(self, a: int, size: int) -> list[tuple[int, int]]:
        """The occurrences overlapping (a, size) with higher priority: as long and starting
        before it, or longer and starting in it."""
        value, pairs, found = self.value, self.pairs, self.found
        out = []
        p = a - 1
        floor = a - self.longest
        while p > floor and p >= 0 and value[p : p + 2] in pairs:
            lengths = found[p]
            if lengths is None:
                lengths = self._at(p)
            for length in lengths:
                if length >= size and p + length > a:
                    out.append((p, length))
            p -= 1
        end = a + size  # a longer occurrence starting in this one covers ``end - 1`` and ``end``
        p = end - 1
        while p >= a and value[p : p + 2] in pairs:
            lengths = found[p]
            if lengths is None:
                lengths = self._at(p)
            for length in lengths:
                if length > size:
                    out.append((p, length))
            p -= 1
        return out

    def selected(self, occurrence: tuple[int, int]) -> bool:
        decided = self.decided
        rivals: dict[tuple[int, int], list[tuple[int, int]]] = {}
        stack = [occurrence]
        while stack:  # depth-first without recursion: chains of rivals can be long
            current = stack[-1]
            if current in decided:
                stack.pop()
                continue
            mine = rivals.get(current)
            if mine is None:
                mine = rivals[current] = self._rivals(*current)
            pending = [r for r in mine if r not in decided]
            if pending:
                stack.extend(pending)
                continue
            decided[current] = not any(decided[r] for r in mine)
            stack.pop()
        return decided[occurrence]


def _has_rival(value: str, a: int, size: int, tables: _Tables) -> bool:
    """Whether an occurrence overlaps (a, size) with higher priority (``_Selection._rivals``
    without memory, stopping at the first one): the usual answer is no, found cheaply."""
    trie, pairs, n = tables.trie, tables.pairs, len(value)
    p = a - 1
    floor = a - tables.longest
    while p > floor and p >= 0 and value[p : p + 2] in pairs:
        length = max(size, a - p + 1)  # keys are prefix-closed in the trie: start there
        while p + length <= n:
            is_key = trie.get(value[p : p + length])
            if is_key is None:
                break
            if is_key:
                return True
            length += 1
        p -= 1
    end = a + size
    p = end - 1
    while p >= a and value[p : p + 2] in pairs:
        length = size + 1
        while p + length <= n:
            is_key = trie.get(value[p : p + length])
            if is_key is None:
                break
            if is_key:
                return True
            length += 1
        p -= 1
    return False


def _priority(occurrence: tuple[int, int]) -> tuple[int, int]:
    return (-occurrence[1], occurrence[0])


def _scalar(value: str, tables: _Tables) -> tuple[str, list[int]]:
    """The text through the character table, and where trigger pairs start: for short texts."""
    if _ASTRAL.search(value):  # rare: the table for U+10000 and up is a dict, slower
        out = value.translate(tables.everything)
    else:
        out = value.translate(tables.bmp)
    if tables.differing.search(value) is None:  # every trigger pair holds such a character
        return out, []
    triggers = tables.triggers
    return out, [i for i in range(len(value) - 1) if value[i : i + 2] in triggers]


def _vector(value: str, tables: _Tables) -> tuple[str, list[int]]:
    """What ``_scalar`` gives, computed with numpy over UTF-32 code units: for long texts."""
    import numpy as np

    vectors = tables.vectors
    # The codec functions themselves: str.encode would look the codec up by name each time.
    codes = np.frombuffer(_utf32_encode(value, "surrogatepass")[0], dtype=np.uint32)
    out: str = _utf32_decode(vectors.chars.take(codes).tobytes(), "surrogatepass", True)[0]
    pairs = vectors.first.take(codes[:-1])
    pairs += vectors.second.take(codes[1:])
    found: list[int] = vectors.starts.take(pairs).nonzero()[0].tolist()
    return out, found


@lru_cache(maxsize=2)
def _classes(first: frozenset[str], second: frozenset[str]) -> Any:
    """A numpy array over every code point: 1 for the characters of ``first``, 2 for those of
    ``second`` (a character in both counts for ``first``), 0 for any other."""
    import numpy as np

    classes = np.zeros(_CODE_POINTS, dtype=np.uint8)  # calloc: untouched pages cost no memory
    classes[[ord(c) for c in second if len(c) == 1]] = 2
    classes[[ord(c) for c in first if len(c) == 1]] = 1
    return classes


def count_in(value: str, first: frozenset[str], second: frozenset[str]) -> tuple[int, int]:
    """How many characters of ``value`` are in ``first``, and how many of the others are in
    ``second``: one numpy gather and count over its UTF-32 code units (for long texts; a
    Python loop is cheaper below ``_VECTOR_FROM`` characters or so)."""
    import numpy as np

    codes = np.frombuffer(_utf32_encode(value, "surrogatepass")[0], dtype=np.uint32)
    counts = np.bincount(_classes(first, second).take(codes), minlength=3)
    return int(counts[1]), int(counts[2])


def _convert(value: str, tables: _Tables) -> str:
    """``value`` converted. Short texts (names, affiliations, keywords, labels, journal titles
    and descriptions: a dump repeats them) are remembered, up to ``_REMEMBERED`` of them per
    configuration."""
    if value.isascii():
        return value
    if len(value) > _REMEMBER_UP_TO:
        return _converted(value, tables)
    remembered = tables.remembered
    out = remembered.get(value)
    if out is None:
        out = _converted(value, tables)
        if len(remembered) >= _REMEMBERED:
            remembered.clear()  # simpler than least-recently-used, and as good on dumps
        remembered[value] = out
    return out


def _converted(value: str, tables: _Tables) -> str:
    if tables.relevant.search(value) is None:
        return value
    found = (_vector if len(value) >= _VECTOR_FROM else _scalar)(value, tables)
    return _phrases(value, *found, tables)


def _phrases(value: str, out: str, triggers: list[int], tables: _Tables) -> str:
    """``out`` (``value`` through the character table) with the phrases the reference would
    select at the ``triggers`` (where trigger pairs start) put in."""
    if not triggers:
        return out
    phrases = tables.phrases
    trie, pairs, longest, n = tables.trie, tables.pairs, tables.longest, len(value)
    selection: _Selection | None = None
    edits: list[tuple[int, str]] = []
    done = 0
    for t in triggers:
        if t < done:
            continue
        # The occurrences covering t (``Selection.covering``, inlined: this is the hot loop).
        covering = []
        p = t
        while True:
            length = t - p + 1 if t - p > 0 else 2
            while p + length <= n:
                is_key = trie.get(value[p : p + length])
                if is_key is None:
                    break
                if is_key:
                    covering.append((p, length))
                length += 1
            p -= 1
            if p < 0 or t - p >= longest or value[p : p + 2] not in pairs:
                break
        if not covering:
            continue
        chosen: tuple[int, int] | None = None
        if len(covering) == 1:
            a, length = covering[0]
            end = a + length
            # Nothing overlaps it with higher priority when no phrase holds the pair across its
            # start (one starting before it) nor the pair across its end (a longer one in it).
            lone = (a == 0 or value[a - 1 : a + 1] not in pairs) and (
                value[end - 1 : end + 1] not in pairs
            )
            if lone or not _has_rival(value, a, length, tables):
                chosen = covering[0]
        if chosen is None:
            if selection is None:
                selection = _Selection(value, tables)
            covering.sort(key=_priority)
            chosen = next((o for o in covering if selection.selected(o)), None)
            if chosen is None:
                continue
        a, length = chosen
        done = a + length  # at most one selected occurrence covers a position
        final = phrases[value[a:done]]
        if final != out[a:done]:
            edits.append((a, final))
    if not edits:
        return out
    edits.sort()
    pieces = []
    pos = 0
    for a, final in edits:
        pieces.append(out[pos:a])
        pieces.append(final)
        pos = a + len(final)
    pieces.append(out[pos:])
    return "".join(pieces)


def convert_script(value: str, target: str) -> str:
    """Convert ``value`` to ``target``: ``hans`` (OpenCC t2s), ``hant`` (s2t), ``tw`` (s2tw)
    or ``hk`` (s2hk), exactly as ``opencc.OpenCC(config).convert`` does.

    The result always has the length of ``value`` (every conversion the dictionaries make is
    one character for one). Raises ``UsageError`` for an unknown target and
    ``BrokenInstallation`` when opencc's data files are missing or unexpected.
    """
    tables = _BY_TARGET.get(target)
    if tables is None:
        config = CONFIGS.get(target)
        if config is None:
            raise UsageError(f"unknown script {target!r}: choose one of {', '.join(CONFIGS)}")
        tables = _BY_TARGET[target] = _tables(config)
    return _convert(value, tables)


_BY_TARGET: dict[str, _Tables] = {}  # the tables by target, without a cache call per string


# --- Records ---------------------------------------------------------------------------------


@lru_cache(maxsize=1024)  # a dump uses a handful of tags
def _han_chinese(lang: str) -> tuple[str | None, str | None] | None:
    """(script, region) of a Chinese tag written in Han characters (``languages.chinese_script``
    and ``zh_region``), None for any other tag (``en``, ``und``, ``ja``, romanised
    ``zh-Latn-pinyin``)."""
    primary, *subtags = lang.split("-")
    if primary.lower() != "zh":
        return None
    script = chinese_script(lang)
    if script is None and any(len(s) == 4 and s.isalpha() for s in subtags):
        return None  # a script other than Han (zh-Latn-pinyin)
    return script, zh_region(lang)


@lru_cache(maxsize=1024)  # a dump uses a handful of tags
def _needs(lang: str, target: str) -> bool:
    """Whether a text tagged ``lang`` is Chinese not yet written the way ``target`` writes."""
    found = _han_chinese(lang)
    if found is None:
        return False
    script, region = found
    if target == "hans":
        return script != "Hans"
    if target == "hant":
        return script != "Hant"
    return (script, region) != ("Hant", target.upper())


_UNITS = (Text, Prose, Name)


def _is_unit(cls: type) -> bool:
    return cls in _UNITS


@cache
def _walked(cls: type) -> tuple[str, ...]:
    """The fields of the dataclass ``cls`` that can hold a unit, by their declared types: the
    only ones ``to_script`` looks into (identifiers, dates, links, notes never hold text).
    Nothing for any other class."""
    if not dataclasses.is_dataclass(cls):
        return ()
    hints = typing.get_type_hints(cls)
    return tuple(f.name for f in dataclasses.fields(cls) if may_hold(hints[f.name], _is_unit))


_T = typing.TypeVar("_T")


@cache
def _init_fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if f.init)


def _rebuilt(obj: _T, **changes: Any) -> _T:
    """``dataclasses.replace(obj, **changes)`` for the record's classes (every field an
    ordinary, positional one), with their fields listed once per class, not checked per call."""
    cls = type(obj)
    names = _init_fields(typing.cast(type, cls))
    return cls(*[changes[name] if name in changes else getattr(obj, name) for name in names])


class _Converter:
    """One pass of ``to_script`` over a record: converts, and remembers which fields changed."""

    def __init__(self, target: str, keep_original: bool, script_all: bool = True) -> None:
        self.script_all = script_all
        self.target = target
        self.tag = TAGS[target]
        self.keep = keep_original
        self.tables = _tables(CONFIGS[target])
        #: Text already in Traditional characters takes OpenCC's own regional tables (t2tw,
        #: t2hk): Simplified → regional tables read it as Simplified and rewrite characters that
        #: were right (里約熱內盧 → 裏約, 峇里島 → 峇裏島, 台灣 → 臺灣 under tw).
        #: ``script_all`` restyles everything as s2tw/s2hk do, official names included.
        regional = target in REGIONAL and not script_all
        self.traditional = _tables(REGIONAL[target]) if regional else self.tables
        self.fields: set[str] = set()
        self.count = 0

    def _tables_for(self, lang: str) -> _Tables:
        found = _han_chinese(lang)
        return self.traditional if found is not None and found[0] == "Hant" else self.tables

    def _value(self, value: str | None, tables: _Tables) -> str | None:
        return None if value is None else _convert(value, tables)

    def unit(self, item: Any, path: str = "") -> Any:
        """The converted form of a Chinese Text, Prose or Name, or None for anything else (and
        for a name kept as written: see ``_as_written``)."""
        if not isinstance(item, _UNITS) or not _needs(item.lang, self.target):
            return None
        if self._as_written(item, path):
            return None
        variant = "transliteration" if self.keep else None
        tables = self._tables_for(item.lang)
        if isinstance(item, Text):
            value = _convert(item.value, tables)
            if tables is not self.tables:
                value = _tai_as_written(item.value, value)
            # Every conversion is one character for one, so the marks keep their places.
            return Text(value, self.tag, variant or item.variant, item.marks)
        if isinstance(item, Prose):
            paragraphs = tuple(self.unit(p) for p in item.paragraphs)
            first = paragraphs[0]
            headings = tuple(
                Heading(
                    h.start,
                    self.unit(h.title)
                    or dataclasses.replace(h.title, lang=first.lang, variant=first.variant),
                )
                for h in item.headings
            )
            return Prose(paragraphs, item.kind, headings)
        family: str | None = item.family
        given: str | None = item.given
        converted: str | None
        if family and given:
            # Converted as one string, as written: phrases that are whole names
            # (范冰冰, not 範) are found; each part keeps its length.
            whole = _convert(family + given, tables)
            converted, given = whole[: len(family)], whole[len(family) :]
        else:
            converted, given = self._value(family, tables), self._value(given, tables)
        if not (self.target != "hans" and family in SURNAMES_AS_WRITTEN):
            family = converted
        return _rebuilt(
            item,
            family=family,
            given=given,
            literal=self._value(item.literal, tables),
            lang=self.tag,
            variant=variant or item.variant,
        )

    def _as_written(self, item: Any, path: str) -> bool:
        """Whether ``item`` is a journal's title or a body's name the source already gave in
        Traditional characters, which a regional target (``tw``, ``hk``) does not rewrite
        without ``script_all``: 台灣醫學 is the journal's official title, not 臺灣醫學."""
        if self.script_all or self.target not in ("tw", "hk") or path not in _OFFICIAL_NAMES:
            return False
        if path == "contributors.names" and not (isinstance(item, Name) and item.literal):
            return False  # a person's name is converted; a body's (a literal) is not
        found = _han_chinese(item.lang)
        return found is not None and found[0] == "Hant"

    def node(self, obj: Any, path: str) -> Any:
        """``obj`` converted: a unit alone in its field, a tuple, or a dataclass holding them;
        ``obj`` itself when nothing in it changes."""
        if isinstance(obj, tuple):
            return self.items(obj, path) if obj else obj
        if isinstance(obj, _UNITS):
            # Alone in its field: there is no place for the original beside it.
            converted = self.unit(obj, path)
            if converted is None or converted == obj:
                return obj
            self._changed(path)
            return converted
        changes = self.changes(obj, path)
        return _rebuilt(obj, **changes) if changes else obj

    def changes(self, obj: Any, path: str) -> dict[str, Any]:
        """The converted fields of a dataclass (by name), only those that changed; nothing for
        strings, numbers and ``extras``, which are kept verbatim, never converted."""
        out = {}
        cls: type = type(obj)
        for name in _walked(cls):
            value = getattr(obj, name)
            if value is not None:
                new = self.node(value, f"{path}.{name}" if path else name)
                if new is not value:
                    out[name] = new
        return out

    def items(self, items: tuple[Any, ...], path: str) -> tuple[Any, ...]:
        out: list[Any] = []
        changed = False
        for item in items:
            converted = self.unit(item, path)
            if converted is None:
                new = item if isinstance(item, _UNITS) else self.node(item, path)
                changed = changed or new is not item
                out.append(new)
            elif self.keep:
                out.append(item)
                # A form written alike in both scripts (曾家豪, 金融研究) is its original already,
                # and a form the field already holds (钟 beside 鍾) is not added a second time.
                said = _content(converted)
                if all(
                    type(other) is not type(converted) or _content(other) != said
                    for other in (*items, *out)
                ):
                    out.append(converted)
                    self._changed(path)
                    changed = True
            else:
                out.append(converted)
                if converted != item:
                    self._changed(path)
                changed = True
        return tuple(out) if changed else items

    def _changed(self, path: str) -> None:
        self.fields.add(path)
        self.count += 1


def _tai_as_written(original: str, converted: str) -> str:
    """``converted`` with 臺 and 台 where Traditional ``original`` has them: both are Traditional
    characters, and the one a source chose is most often a place's name as it writes it (臺灣,
    臺北 under OpenCC's t2hk would become 台灣, 台北). Conversions are one character for one."""
    if len(original) != len(converted) or not ("臺" in original or "台" in original):
        return converted
    return "".join(
        o if o in _TAI and c in _TAI else c for o, c in zip(original, converted, strict=True)
    )


_TAI = frozenset("臺台")


def _content(unit: Any) -> Any:
    """What a Text, Prose or Name says, without its tag and variant."""
    if isinstance(unit, Name):
        return (unit.family, unit.given, unit.literal)
    if isinstance(unit, Prose):
        return tuple(p.value for p in unit.paragraphs)
    return unit.value


#: Fields holding names a source gives as they are officially written: journal titles and the
#: names of bodies (publishers, grantors, conferences, affiliations, corporate contributors).
_OFFICIAL_NAMES = frozenset(
    {
        "journal.titles",
        "journal.abbreviations",
        "journal.publishers",
        "publisher.names",
        "degree.grantors",
        "conference.names",
        "affiliations",
        "contributors.affiliations",
        "contributors.names",
    }
)


def to_script(
    record: Record, target: str, *, keep_original: bool = False, script_all: bool = False
) -> Record:
    """Convert every Chinese text of ``record`` to ``target`` (``hans``, ``hant``, ``tw``,
    ``hk``, as ``convert_script``) and tag it with the script it is now written in.

    Titles, abstracts, keywords, affiliations, names (family, given, literal), journal titles,
    abbreviations, publishers and descriptions, vocabulary labels: every ``Text``, ``Prose`` and
    ``Name`` whose tag says Chinese in Han characters not yet written as ``target`` writes it.
    Romanised and non-Chinese text and ``extras`` are left alone. With ``keep_original`` the
    original stays where it was and the conversion follows it as a ``transliteration`` (a
    change of script, as pinyin is); without, the conversion takes the original's place and
    variant. A note of kind ``derived`` says which fields were converted. Idempotent. Raises
    ``UsageError`` for an unknown target.

    A regional target (``tw``, ``hk``) leaves a journal's title and a body's name that the source
    already gave in Traditional characters as written (台灣醫學 stays, not 臺灣醫學): the
    regional standard characters are a house style, an official name is not restyled. Text
    already Traditional takes OpenCC's t2tw / t2hk, keeping the 臺 or 台 the source chose (a
    place's name as it writes it), not s2tw / s2hk, which read it as Simplified (里約 → 裏約).
    ``script_all`` converts official names too, and everything as s2tw / s2hk do.
    """
    if target not in CONFIGS:
        raise UsageError(f"unknown script {target!r}: choose one of {', '.join(CONFIGS)}")
    converter = _Converter(target, keep_original, script_all)
    changes = converter.changes(record, "")
    if not converter.count:
        return record
    language = record.language
    if not keep_original and language and _needs(language, target):
        language = converter.tag
    config = CONFIGS[target]
    if target in REGIONAL and not script_all:
        config += f"; {REGIONAL[target]} for text already Traditional"
    kept = "; originals kept as variants" if keep_original else ""
    note = Note(
        "derived",
        ", ".join(sorted(converter.fields)),
        f"{converter.count} Chinese texts converted to {converter.tag} (OpenCC {config}){kept}",
    )
    return _rebuilt(record, **changes, language=language, notes=(*record.notes, note))
