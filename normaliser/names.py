"""Person names: author-list splitting, eastern/western order, compound surnames.

Han-character names are split family-first (单姓 by default, 复姓 recognised in both scripts);
Latin names are split by the conventions dumps use: "Mingtang Zeng", "ZENG Mingtang",
"Zeng, Mingtang", "Zeng M", "M. T. Zeng", particles such as "van der Waals".
"""

from __future__ import annotations

import dataclasses
import gc
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache, lru_cache, partial

from .record import UND, Contributor, Name, Text
from .text import detect_lang, has_han

#: Hiragana and katakana: a name with them is Japanese.
_KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff]")

COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "诸葛",
        "上官",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "令狐",
        "钟离",
        "端木",
        "赫连",
        "澹台",
        "歐陽",
        "諸葛",
        "東方",
        "長孫",
        "軒轅",
        "鍾離",
        "赫連",
        "司空",
        "万俟",
        "闻人",
        "独孤",
        "南宫",
        "申屠",
        "呼延",
        "西门",
        "百里",
        "东郭",
        "南门",
        "羊舌",
        "微生",
        "公冶",
        "太叔",
        "濮阳",
        "淳于",
        "单于",
        "聞人",
        "獨孤",
        "南宮",
        "西門",
        "東郭",
        "南門",
        "濮陽",
        "單于",
        "左丘",
        "第五",
        "梁丘",
        "谷梁",
        "拓跋",
        "纳兰",
        "完颜",
        # Traditional forms of the compound surnames above that differ from them.
        "司馬",
        "公孫",
        "尉遲",
        "澹臺",
        "萬俟",
        "穀梁",
        "納蘭",
        "完顏",
        "钟离",
    ]
)
#: Han personal names have two to four characters (compound surname included): longer Han
#: text in a name slot is a body (全国信息与文献标准化技术委员会), kept whole.
LONGEST_HAN_NAME = 4
PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "du",
        "le",
        "la",
        "dos",
        "das",
        "do",
        "ter",
        "ten",
        "bin",
        "ibn",
        "al",
        "el",
        "st.",
        "saint",
    ]
)
#: Particles of Romance and German names that, written after full given names in an inverted
#: name (``Souza, Ana Paula de``, ``Musset, Alfred de``, ``Goethe, Johann Wolfgang von``), are
#: the given names' connective, not the surname's: the surname alone is Souza, Musset, Goethe
#: (CSL's dropping particle; ABNT NBR 6023 writes SOUZA, Ana Paula de). Dutch particles (van,
#: der, den, ter, ten) and any particle after initials only (``Jong, G. de``) are the surname's.
DROPPING_PARTICLES = frozenset(["de", "da", "do", "dos", "das", "del", "della", "di", "du", "von"])
_MIDDLE_DOTS = "·・•‧"
_LIST_SPLIT_STRONG = re.compile(r"\s*[;；]\s*")
_LIST_SPLIT_WEAK = re.compile(r"\s*[,，、]\s*")
_AND = re.compile(r"\s*(?:,\s*)?(?:\band\b|&|\bet\b|与|和)\s+", re.IGNORECASE)
_ETAL = re.compile(r"[,，\s]*(?:\bet\.?\s*al\.?|等)\s*$", re.IGNORECASE)
_INITIALS = re.compile(r"^(?:[A-Z]\.?-?){1,3}$")
#: One pinyin syllable without tone (GB/T 16159 spelling; ü as v or u).
_SYLLABLE = re.compile(
    r"^(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|er|in|un|ia"
    r"|ie|iu|ua|uo|ui|ve|ue|a|o|e|i|u|v|ü|üe)$"
)


def split_list(value: str) -> list[str]:
    """Split an author list on ``;`` (then each part keeps its "Family, Given" comma), or on
    commas and 、 when there is no semicolon; "and"/"&" before the last name is a separator."""
    value = _ETAL.sub("", value.strip())
    if not value:
        return []
    if _LIST_SPLIT_STRONG.search(value):
        parts = _LIST_SPLIT_STRONG.split(value)
    else:
        parts = _LIST_SPLIT_WEAK.split(value)
        if (
            len(parts) == 2
            and all(" " not in p and not has_han(p) for p in parts)
            and (_INITIALS.match(parts[1]) or (parts[0][:1].isupper() and parts[1][:1].isupper()))
        ):
            # "Zeng, Mingtang" / "Zeng, M." is one person written family-first.
            parts = [f"{parts[0]}, {parts[1]}"]
    out: list[str] = []
    for part in parts:
        out.extend(p for p in _AND.split(part) if p.strip())
    return [p.strip() for p in out if p.strip()]


def split_han(value: str) -> tuple[str | None, str | None]:
    """曾明堂 → (曾, 明堂); 欧阳文博 → (欧阳, 文博); a lone character is a given-only name."""
    if len(value) >= 3 and value[:2] in COMPOUND_SURNAMES:
        return value[:2], value[2:]
    if len(value) == 1:
        return None, value
    return value[0], value[1:]


def _titlecase(word: str) -> str:
    return "-".join(p[:1].upper() + p[1:].lower() for p in word.split("-"))


@lru_cache(maxsize=8192)
def parse_name(value: str, *, family_first: bool | None = None, japanese: bool = False) -> Name:
    """Parse one person's name as a source writes it.

    ``family_first`` forces the order for Latin names when the source says so (GB/T 7714
    exports); otherwise the order is read from the name itself (comma, capitals, initials).
    ``japanese`` says the record is Japanese (its declared language, kana in its title): a
    kanji name is then ``ja``, cut where the source cuts it (a space, a comma) and else kept
    whole (Japanese family names are one to three kanji, with no table to cut them by: 山田太郎,
    林太郎), never cut by the Chinese surnames; kana in the name says so too (山田はな子).
    Cached (a ``Name`` is frozen): a dump names the same people again and again.
    """
    raw = unicodedata.normalize("NFC", value).strip().strip(",，;；")
    raw = re.sub(r"\s+", " ", raw)
    if has_han(raw) and not re.search(r"[A-Za-z]", raw):
        compact = raw.replace(" ", "")
        lang, _ = detect_lang(compact)
        japanese = japanese or bool(_KANA.search(compact))
        lang = "ja" if japanese else lang if lang.startswith("zh") else "zh"
        if any(dot in compact for dot in _MIDDLE_DOTS):
            return Name(literal=compact, style="eastern", lang=lang)
        head, comma, tail = re.sub(r"\s*[,，]\s*", ",", raw, count=1).partition(",")
        if comma and head and tail and not re.search(r"[\s,，]", head + tail):
            return Name(family=head, given=tail, style="eastern", lang=lang)  # 曾, 明堂
        parts = raw.split(" ")
        if len(parts) == 2:  # "宮地 元彦": written family first, the space says where it ends
            return Name(family=parts[0], given=parts[1], style="eastern", lang=lang)
        if japanese:
            return Name(literal=compact, style="eastern", lang=lang)
        family, given = split_han(compact)
        if family is None:
            return Name(given=given, style="given-only", lang=lang)
        return Name(family=family, given=given, style="eastern", lang=lang)
    if "," in raw:
        family, _, given = (p.strip() for p in raw.partition(","))
        if family and given:
            # "Jong, G. de": a lowercase particle after the given name starts the family name.
            words = given.split(" ")
            cut = len(words)
            while cut > 1 and words[cut - 1] in PARTICLES:
                cut -= 1
            if cut < len(words):
                family = " ".join([*words[cut:], _fix_case(family)])
                return Name(family=family, given=" ".join(words[:cut]), lang=UND)
            return Name(family=_fix_case(family), given=given, lang=UND)
        raw = family or given
    tokens = raw.split(" ")
    if len(tokens) == 1:
        return Name(given=tokens[0], style="given-only", lang=UND)
    caps = [t for t in tokens if len(t) > 1 and t.isupper() and t.replace("-", "").isalpha()]
    if family_first is None:
        if (
            tokens[0] in caps
            and any(t[1:] != t[1:].upper() for t in tokens[1:])
            # "MT Zeng" is initials, "MA Lin" a family name: a syllable is a name, not initials.
            and (not _INITIALS.match(tokens[0]) or _SYLLABLE.match(tokens[0].lower()))
        ):
            family_first = True  # "ZENG Mingtang", "HU Chenji": capitals mark the family name
        elif _INITIALS.match(tokens[-1]) and not _INITIALS.match(tokens[0]):
            family_first = True  # "Zeng M", "Zeng MT"
        else:
            family_first = False
    if family_first:
        return Name(family=_fix_case(tokens[0]), given=" ".join(tokens[1:]), lang=UND)
    # Given-first: the family name starts at the first lowercase particle before the last word.
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1].lower() in PARTICLES:
        start -= 1
    family = " ".join(tokens[start:])
    if tokens[-1].isupper() and len(tokens[-1]) > 1:
        family = " ".join([*tokens[start:-1], _titlecase(tokens[-1])])
    return Name(family=family, given=" ".join(tokens[:start]), lang=UND)


def han_body(value: str) -> bool:
    """Whether Han text in a name slot is longer than a person's name (``LONGEST_HAN_NAME``,
    spaces and commas aside: 欧阳, 文博 is four), so a body's (全国信息与文献标准化技术委员会)."""
    return len(re.sub(r"[\s,，]", "", value)) > LONGEST_HAN_NAME


def han_person(value: str) -> Name | None:
    """A Chinese person's name written whole (欧阳明远, 欧阳 明远) as its parts (欧阳, 明远), by
    the rule every reader of a Han name splits by; None for what is not one to split: a body
    (Han text longer than ``LONGEST_HAN_NAME``: 中国互联网络信息中心), a transliterated name
    (约翰·史密斯), Latin letters, kana, or a lone character."""
    if not has_han(value) or han_body(value) or re.search(r"[A-Za-z]", value):
        return None
    parsed = parse_name(value)
    if parsed.family and parsed.given and parsed.lang.startswith("zh"):
        return parsed
    return None


def kept_particle(value: str) -> Name | None:
    """An inverted Latin name whose given names end in a particle that stays with them, read
    as written (``Souza, Ana Paula de``: family Souza, given ``Ana Paula de``), or None for any
    other name. The particle stays after full given names when it is a dropping particle
    (``DROPPING_PARTICLES``); after initials only (``Jong, G. de``) or a Dutch particle
    (``Berg, Johannes van den``) it is the family name's, as ``parse_name`` reads it."""
    last = value.rsplit(None, 1)[-1:]
    if not last or last[0] not in PARTICLES:
        return None  # most names: no particle ends the given names (and none is kept)
    family, comma, given = (p.strip() for p in re.sub(r"\s+", " ", value).partition(","))
    if not comma or not family or "," in given or has_han(value):
        return None
    words = given.split(" ")
    cut = len(words)
    while cut > 1 and words[cut - 1] in PARTICLES:
        cut -= 1
    if cut == len(words) or not all(w in DROPPING_PARTICLES for w in words[cut:]):
        return None
    if all(_INITIALS.match(w) or not w[:1].isupper() for w in words[:cut]):
        return None
    return Name(family=_fix_case(family), given=given, lang=UND)


def _fix_case(family: str) -> str:
    """All-capital family names (a citation style's emphasis) are written in title case."""
    if family.isupper() and len(family) > 1:
        return " ".join(_titlecase(w) for w in family.split(" "))
    return family


def parse_list(value: str, *, japanese: bool = False) -> list[Name]:
    """Every name in an author list, in order (``japanese``: as ``parse_name``)."""
    return list(_parsed_list(value, japanese))


@lru_cache(maxsize=256)
def _parsed_list(value: str, japanese: bool = False) -> tuple[Name, ...]:
    # Cached: a record's author list is read from its authors line and from its JSON, and
    # compared with the other; a few hundred recent lists are enough for that.
    return tuple(parse_name(part, japanese=japanese) for part in split_list(value))


#: The ways ``format_name`` writes a name.
NAME_FORMS = ("display", "export", "inverted", "bibtex")


def format_name(name: Name, style: str = "display", escape: Callable[[str], str] = str) -> str:
    """``name`` written out, the inverse of ``parse_name`` for each way formats write names:

    - ``display``: as in running text (``Name.display``): ``Mingtang Zeng``, ``曾明堂``.
    - ``export``: as the tagged exports write it: Han names family-first and unspaced, Latin
      names given-first, family-first romanised names as ``ZENG Mingtang``.
    - ``inverted``: as a catalogue heading (a Dublin Core creator): ``Zeng, Mingtang``; Han
      names family-first and unspaced (``曾明堂``), a Japanese one's parts spaced (``林 太郎``:
      its reader keeps an unspaced run whole).
    - ``bibtex``: a BibTeX name: ``Zeng, Mingtang``, with braces where the name must be kept
      whole (a Han name, a several-word literal, a family name holding "and" or a comma);
      ``escape`` escapes each part (LaTeX).

    Raises ``ValueError`` for an unknown style.
    """
    if style == "display":
        return name.display
    if style == "export":
        if name.literal:
            return name.literal
        if name.style == "eastern" and not name.lang.startswith("zh"):
            return " ".join(p for p in ((name.family or "").upper(), name.given) if p)
        return name.display
    if style == "inverted":
        if name.literal:
            return name.literal
        if has_han(name.display) and not re.search(r"[A-Za-z]", name.display):
            japanese = name.lang.split("-", 1)[0] == "ja"
            return (" " if japanese else "").join(p for p in (name.family, name.given) if p)
        if name.family and name.given:
            return f"{name.family}, {name.given}"
        return name.family or name.given or ""
    if style == "bibtex":
        return _bibtex_name(name, escape)
    raise ValueError(f"unknown name style {style!r} ({', '.join(NAME_FORMS)})")


def _bibtex_name(name: Name, esc: Callable[[str], str]) -> str:
    if name.literal:
        if not has_han(name.literal) and not re.search(r"\s", name.literal):
            return esc(name.literal)  # one word reads back as a given-only name
        return "{" + esc(name.literal) + "}"
    family, given = name.family or "", name.given or ""
    if name.style == "eastern" and has_han(family + given):
        return "{" + esc(family + given) + "}"
    if not family:
        return esc(given) if " " not in given else "{" + esc(given) + "}"
    if re.search(r"\s+and\s+", family, re.IGNORECASE) or "," in family:
        family_out = "{" + esc(family) + "}"
    else:
        family_out = esc(family)
    if given:
        return f"{family_out}, {esc(given)}"
    # A lone family name reads back as a one-word name, or (several words) kept whole.
    return "{" + esc(family) + "}" if re.search(r"\s", family) else esc(family)


@lru_cache(maxsize=8192)
def name_key(name: Name) -> str:
    """A comparison key: letters only, case-folded, independent of order and of initials' dots."""
    parts = [name.family or "", name.given or "", name.literal or ""]
    letters = "".join(sorted("".join(ch for ch in p if ch.isalnum()).casefold() for p in parts))
    return letters


#: Surnames whose reading as a surname differs from the character's commonest reading.
SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "單": "shan",
    "区": "ou",
    "區": "ou",
    "仇": "qiu",
    "解": "xie",
    "朴": "piao",
    "樸": "piao",
    "查": "zha",
    "盖": "ge",
    "蓋": "ge",
    "缪": "miao",
    "繆": "miao",
    "乐": "yue",
    "樂": "yue",
    "覃": "qin",
    "种": "chong",
    "種": "chong",
    "翟": "zhai",
    "召": "shao",
    "冼": "xian",
    "员": "yun",
    "員": "yun",
    "秘": "bi",
    "折": "she",
    "牟": "mou",
    "隗": "wei",
    "句": "gou",
    "能": "nai",
    "祭": "zhai",
    "莘": "shen",
    "柏": "bai",
    "薄": "bo",
    "葛": "ge",
    "纪": "ji",
    "紀": "ji",
    "宁": "ning",
    "寧": "ning",
    "任": "ren",
    "华": "hua",
    "華": "hua",
    "沈": "shen",
    "瀋": "shen",
    "石": "shi",
    "曲": "qu",
    "过": "guo",
    "過": "guo",
    "尉迟": "yuchi",
    "尉遲": "yuchi",
    "万俟": "moqi",
    "萬俟": "moqi",
    "单于": "chanyu",
    "單于": "chanyu",
    "长孙": "zhangsun",
    "長孫": "zhangsun",
    "澹台": "tantai",
    "令狐": "linghu",
}


@cache
def _pinyin() -> Callable[[str], list[str]]:
    """pypinyin's ``lazy_pinyin`` in toneless syllables with ``ü``. Imported on first use with the
    garbage collector paused: the import builds dictionaries of some 90,000 entries, and the
    collections it would otherwise trigger midway cost a quarter of its ~160 ms of CPU."""
    paused = gc.isenabled()
    gc.disable()
    try:
        from pypinyin import Style, lazy_pinyin  # its one home is here
    finally:
        if paused:
            gc.enable()
    return partial(lazy_pinyin, style=Style.NORMAL, v_to_u=True)


#: The pypinyin release ``PHRASE_READ`` was derived from (tests/test_names_quick_reading.py
#: derives it again from the installed one).
PHRASE_READ_RELEASE = "0.55.0"
#: The characters that some phrase of pypinyin's phrase dictionary reads otherwise than the
#: character's own first reading (toneless): 长 in 长江, 乐 in 音乐, 行 in 银行 …
PHRASE_READ = frozenset(
    "万不丱么乐乘乜了亲什仇从仔仿会传伧伯伺似伽佛侗侥侧便俟信俩倘偻傀傍僪免六其兹内冒冯凹刨券刹"
    "削剥剿劲勒匙匮卒单南卜卡厦参句叨叶吁合吓吖否吭吱告呗呢呱呲呵呷咋和咖咯咱咳咶咽哕哦哪啁啜"
    "喔喳嗒嗲嗽嘲噱噷嚓嚼囤圈圜圩地坏坻埋埏埔埶堕堡塞壳大夯奇姥娜婑孱宿寻射将尉尨尺尾尿屏属岂"
    "崴差巷干度弄弟強弹强彊得徵徼忪思恶惏惓房扁扎扒扛扞扢折抹拂拓拗择括拶拾挝挟挼捋捰掴掺提揭"
    "摩撮擘擿攒敦数於无景暴曝曾朘朝期术朴杉杓杕枞枸柏柚柞查栅栖校核桔棬椎楛槛槟模欹殖殷殽氏氓"
    "汤沈沓没泊泌泥浍浒涡淜混溃溺漯潦澄澹濩炰烙焯熨燋燵爪牟犍狧猲率玢琢瑱畜番疟痡的盛省眴着瞿"
    "矜石砉碌碡碻磅祕禅秘称稽窨籍粘粥糜系絜綮纚红纤纥纶给络绰绿缉缩缪耆耙聒肋胖脉腊腌膀膻臂臭"
    "般色艾艿芥芫苕苣若茄茜荑荠荤莎莘莞莨莩莫菹落著葚蔓蔚蕃薄藉藏虾蚌蛇蛤蝍螫血行被袷裨裳裼褎"
    "褚褪见觉角觜解识诘说读谁调谷豁豉貉贲贾赚趄路蹊车轧转辗辟还迫遗適邪郄都酖酾重鐀钥铅铛铤镐"
    "长閒阿陂陆降隗隽雀露靓革鞘鞞顿颈颉颤食騃驮骠鸟鹄鹘麇黾齐龈龟"
)


def toneless(reading: str) -> str:
    """A pinyin reading without its tone mark, ü and ê kept (zhōng → zhong, lǜ → lü): pypinyin's
    ``Style.NORMAL`` with ``v_to_u``."""
    bare = unicodedata.normalize("NFD", reading)
    bare = "".join(c for c in bare if not unicodedata.combining(c) or c in "\u0308\u0302")
    return unicodedata.normalize("NFC", bare)


class _SingleReadings:
    """pypinyin's single-character table, ``pinyin_dict.json`` (one ``"code point": "readings",``
    a line), each character's line found and decoded when it is first asked for: decoding the
    whole 790 KB (~15 ms of CPU) for the few characters of a name cost most of the quick path."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._found: dict[str, str | None] = {}

    def get(self, ch: str) -> str | None:
        """The readings of ``ch``, comma-separated (the first pypinyin's own), or None."""
        try:
            return self._found[ch]
        except KeyError:
            pass
        key = b'\n"%d": ' % ord(ch)  # a key begins a line: a string value holds no raw newline
        at = self._data.find(key)
        value = None
        if at >= 0:
            start = at + len(key)
            end = self._data.find(b"\n", start)
            line = self._data[start : end if end >= 0 else len(self._data)].rstrip()
            try:
                decoded = json.loads(line.removesuffix(b","))
            except ValueError:
                decoded = None
            value = decoded if isinstance(decoded, str) else None
        self._found[ch] = value
        return value


@cache
def _single_readings() -> _SingleReadings | None:
    """Each Han character's readings, from pypinyin's own single-character table (found in
    its JSON, against ~130 ms for importing pypinyin, whose phrase dictionary and segmenter a
    name of characters outside ``PHRASE_READ`` does not need); None when the installed pypinyin
    is not the release ``PHRASE_READ`` was derived from, or is laid out otherwise."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("pypinyin")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    home = Path(next(iter(spec.submodule_search_locations)))
    try:
        init = (home / "__init__.py").read_text(encoding="utf-8")
        table = (home / "pinyin_dict.json").read_bytes()
    except OSError:
        return None
    release = re.search(r"^__version__ = ['\"]([^'\"]+)['\"]", init, re.MULTILINE)
    if release is None or release.group(1) != PHRASE_READ_RELEASE or not table.startswith(b"{\n"):
        return None
    return _SingleReadings(table)


def quick_reading(text: str) -> list[str] | None:
    """pypinyin's toneless reading of ``text`` without importing pypinyin, when that is sure to
    be the same: every character has a reading of its own and none is in ``PHRASE_READ`` (so no
    phrase pypinyin's segmenter could find reads it otherwise). None otherwise."""
    if PHRASE_READ.intersection(text):
        return None
    table = _single_readings()
    if table is None:
        return None
    out: list[str] = []
    for ch in text:
        readings = table.get(ch)
        if not isinstance(readings, str) or not readings:
            return None
        out.append(_first_toneless(readings))
    return out


@lru_cache(maxsize=8192)
def _first_toneless(readings: str) -> str:
    return toneless(readings.split(",", 1)[0])


def _syllables(text: str, surname: bool = False) -> list[str] | None:
    """The pinyin syllables of a family (``surname``) or given name, or None when it is not
    all Han characters."""
    found = _reading(text, surname)
    return None if found is None else list(found)


@lru_cache(maxsize=65536)
def _reading(text: str, surname: bool) -> tuple[str, ...] | None:
    # Cached: pypinyin takes about 1.7 ms a name, and a dump repeats its authors' names.
    if surname and text in SURNAME_READINGS:
        return (SURNAME_READINGS[text],)
    if surname and len(text) == 2 and all(ch in SURNAME_READINGS for ch in text):
        return tuple(SURNAME_READINGS[ch] for ch in text)
    if not all(has_han(ch) for ch in text):
        return None
    syllables = quick_reading(text) or _pinyin()(text)
    if surname and syllables and text[0] in SURNAME_READINGS:
        syllables[0] = SURNAME_READINGS[text[0]]
    if len(syllables) != len(text) or any(has_han(s) for s in syllables):
        return None  # a character pypinyin has no reading for (𠮷) comes back as itself
    return tuple(syllables)


def syllable_words(text: str) -> str:
    """Han text in toneless pinyin, one syllable a word (ALA-LC's romanisation of Chinese):
    次按驟變 → ``ci an zhou bian``; Latin letters, digits and punctuation kept as they are, a
    character pypinyin has no reading for kept as itself."""
    out = ""
    for chunk in _pinyin()(text):
        word = chunk.isascii() and chunk.isalpha() and chunk.islower() and has_han(text)
        if out and word and not out.endswith((" ", "(", "\u201c", '"')):
            out += " "
        out += chunk
        if word:
            out += " "
    out = unicodedata.normalize("NFKC", out).replace("。", ".").replace("、", ",")
    return re.sub(r" +([,.;!?)\]])", r"\1", re.sub(r"\s+", " ", out)).strip()


def romanised(text: str) -> str | None:
    """The pinyin of a title or a name as Chinese catalogues write it (NLC's ``$9``): one
    syllable per Han character, lower case, spaced; Latin words and numbers kept, Latin
    letters upper case; punctuation dropped (少年小树之歌 → ``shao nian xiao shu zhi ge``,
    '97中国发展报告 → ``97 zhong guo fa zhan bao gao``). None when ``text`` has no Han
    character, or one pypinyin has no reading for."""
    if not has_han(text):
        return None
    words: list[str] = []
    for chunk in _pinyin()(text):
        if has_han(chunk):
            return None  # a character with no reading (𠮷) comes back as itself
        if chunk.isascii() and chunk.isalpha() and chunk.islower():
            words.append(chunk)  # a syllable
            continue
        words += [w.upper() for w in re.findall(r"[^\W_]+", chunk)]
    return " ".join(words) or None


def romanised_name(name: Name) -> str | None:
    """A Han-character name's pinyin as Chinese catalogues write it (NLC's ``$9``): one
    syllable per character, lower case, spaced, the family name read as a surname (单宏伟 →
    ``shan hong wei``). None when it is not such a name."""
    if name.literal or name.style == "western" or not name.lang.startswith("zh"):
        return None
    family = _syllables(name.family, surname=True) if name.family else []
    given = _syllables(name.given) if name.given else []
    if family is None or given is None or not (family or given):
        return None
    return " ".join(family + given)


def _joined(syllables: list[str]) -> str:
    """GB/T 28039: syllables written together, an apostrophe before a, o, e that start one."""
    out = syllables[0]
    for syllable in syllables[1:]:
        out += ("'" if syllable[:1] in "aoe" else "") + syllable
    return out[:1].upper() + out[1:]


def pinyin(name: Name) -> Name | None:
    """The GB/T 28039 pinyin form of a Han-character name (曾明堂 → Zeng Mingtang, 欧阳文博 →
    Ouyang Wenbo), using surname readings (曾 Zeng, 单 Shan); None when it is not such a name."""
    if name.literal or not name.lang.startswith("zh") or name.style == "western":
        return None
    return _pinyin_name(name.family, name.given)


@lru_cache(maxsize=8192)
def _pinyin_name(family_name: str | None, given_name: str | None) -> Name | None:
    # Cached: a dump repeats its authors, and building the Name costs more than reading it
    # (a Name is immutable: the same one is shared).
    family = _syllables(family_name, surname=True) if family_name else []
    given = _syllables(given_name) if given_name else []
    if family is None or given is None or not (family or given):
        return None
    return Name(
        family=_joined(family) if family else None,
        given=_joined(given) if given else None,
        style="western" if family else "given-only",
        lang="zh-Latn-pinyin",
        variant="transliteration",
    )


def japanese(language: str | None, texts: Sequence[Text] = ()) -> bool:
    """Whether a record is Japanese for its kanji names (``parse_name(japanese=...)``): its
    declared ``language`` is; with none declared, one of its ``texts`` (titles) is tagged ``ja``
    (kana is decisive). Kanji-only text follows the declared language: a record declared
    Chinese with a kana title keeps Chinese names."""
    if language:
        return language.split("-", 1)[0].lower() == "ja"
    return any(t.lang.split("-", 1)[0] == "ja" for t in texts)


#: Languages whose names are written in Han characters of their own (kanji, hanja): pinyin is no
#: reading of them.
_HAN_USERS = frozenset({"ja", "ko"})


def without_generated_pinyin(contributors: tuple[Contributor, ...]) -> tuple[Contributor, ...]:
    """``contributors`` without the pinyin form generated for a Han name that the record's
    declared language has since made Japanese or Korean (``text.follow_declared``: 宮地 元彦 in
    an entry with ``langid = {japanese}`` was read as Chinese and given "Gongdi Yuanyan"); the
    very tuple when there is none. A romanised form the source gave is kept."""
    out: list[Contributor] = []
    for person in contributors:
        first = person.names[0] if person.names else None
        if first is None or first.lang.split("-", 1)[0] not in _HAN_USERS:
            out.append(person)
            continue
        generated = pinyin(dataclasses.replace(first, lang="zh"))
        names = tuple(n for n in person.names if generated is None or n != generated)
        out.append(dataclasses.replace(person, names=names) if names != person.names else person)
    return (
        contributors if all(a is b for a, b in zip(out, contributors, strict=True)) else tuple(out)
    )


# --- One person in two scripts -----------------------------------------------------------------


def _pinyin_parts(name: Name) -> tuple[str, list[str]] | None:
    """A Han name's family pinyin and given-name syllables (曾明堂 → ("zeng", ["ming", "tang"]))."""
    if name.literal or not name.lang.startswith("zh") or name.style == "western":
        return None
    family = _syllables(name.family, surname=True) if name.family else []
    given = _syllables(name.given) if name.given else []
    if family is None or given is None:
        return None
    return "".join(family), given


def _letters(value: str | None) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", value or "") if ch.isalpha()).lower()


def same_person(han: Name, latin: Name) -> bool:
    """Whether ``latin`` is a romanisation of the Han-character name ``han``, in any order and
    spelling dumps use: Zeng Mingtang, Mingtang Zeng, ZENG Ming-Tang, Zeng M T, Zeng MT."""
    parts = _pinyin_parts(han)
    if parts is None or latin.literal or has_han(f"{latin.family or ''}{latin.given or ''}"):
        return False
    family, syllables = parts
    given = "".join(syllables)
    initials = "".join(s[0] for s in syllables)
    for fam, giv in ((latin.family, latin.given), (latin.given, latin.family)):
        f, g = _letters(fam), _letters(giv)
        if f == family and g in (given, initials):
            return True
        if not f and g == family + given:  # "Zengmingtang": one word
            return True
    return False


def pair(primary: Sequence[Name], secondary: Sequence[Name]) -> list[tuple[Name, ...]]:
    """The people of two author lists of one record (the Han-character by-line and its pinyin
    translation, as CNKI and bilingual aggregator records give them), one tuple of names each.

    A secondary name joins the primary name it romanises (``same_person``), searched from the
    same position on; when both lists are as long, a name left over at the same position joins
    too (a heteronym read differently, Wade-Giles, a typo). Joined names become transliterations
    (``zh-Latn-pinyin``, or ``zh-Latn`` when joined by position only, followed then by the
    generated pinyin). A Han name left alone gets its generated pinyin; a secondary name that
    joins no one is a person of its own, after the others. Latin names equal to a primary name
    are the same form said twice and dropped.
    """
    partner: dict[int, int] = {}
    used: set[int] = set()
    n = len(secondary)
    for i, name in enumerate(primary):
        for j in [*range(min(i, n), n), *range(min(i, n))]:
            if j not in used and (
                same_person(name, secondary[j]) or name_key(name) == name_key(secondary[j])
            ):
                partner[i] = j
                used.add(j)
                break
    if len(primary) == n:
        for i, name in enumerate(primary):
            if (
                i not in partner
                and i not in used
                and _pinyin_parts(name) is not None
                and not has_han(f"{secondary[i].family or ''}{secondary[i].given or ''}")
            ):
                partner[i] = i
                used.add(i)
    people: list[tuple[Name, ...]] = []
    for i, name in enumerate(primary):
        j = partner.get(i)
        if j is None:
            generated = pinyin(name)
            people.append((name,) if generated is None else (name, generated))
        elif name_key(name) == name_key(secondary[j]):
            people.append((name,))
        else:
            other = secondary[j]
            parts = _pinyin_parts(name)
            if parts is not None:
                family, given = other.family, other.given
                romanised, syllables = parts
                if _letters(family) in ("".join(syllables), "".join(s[0] for s in syllables)) or (
                    _letters(given) == romanised and _letters(family) != romanised
                ):
                    family, given = given, family  # "Hongwei Dan" read given-first: turn it
                other = Name(
                    family=family,
                    given=given,
                    style=other.style if family else "given-only",
                    # Joined by position only: a romanisation, but maybe not pinyin (Wade-Giles
                    # "Chih-Ming" in Taiwan, Cantonese "Chan" in Hong Kong).
                    lang="zh-Latn-pinyin" if same_person(name, other) else "zh-Latn",
                    variant="transliteration",
                    literal=other.literal,
                )
            generated = pinyin(name) if other.lang == "zh-Latn" else None
            # A romanisation that is not pinyin (Wade-Giles) is kept, and pinyin follows it:
            # catalogues search by pinyin.
            people.append((name, other) if generated is None else (name, other, generated))
    people.extend((secondary[j],) for j in range(n) if j not in used)
    return people
