"""Every spelling of a language, both ways: what records write (``Japanese``, ``日文``, ``chi``,
``zho``, ``zh_CN``, ``简体中文``, ``langid = {schinese}``) ⇄ the BCP 47 tag the record holds.

``parse(spelling)`` reads any of them: English and Chinese language names, ISO 639-1, 639-2/B,
639-2/T and 639-3 codes, BibTeX/babel/polyglossia langids, POSIX locales (``en_US``,
``zh_CN.UTF-8``) and BCP 47 tags. Chinese is tagged by script everywhere in a record, so a
spelling that names the script gives it (``简体中文``, ``schinese`` → ``zh-Hans``) and so does a
region (``zh-CN`` → ``zh-Hans``; ``zh-TW``, ``zh-HK``, ``zh-MO`` → ``zh-Hant``); plain Chinese is
``zh``, and the reader takes its script from the text.

``spell(tag, target)`` writes a tag the way a format does: ``bcp47`` (JATS, DC with
``language_codes=bcp47``), ``iso639-2b`` (``chi``, ``eng``: the tagged reference-manager
formats), ``iso639-3`` (``zho``: OpenAIRE's dc:language) or ``langid`` (BibTeX).

Each mapping is a ``Crosswalk``: the first pair of a tag is the spelling written.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .crosswalk import CASE, Crosswalk

UND = "und"


def case_tag(tag: str) -> str:
    """A BCP 47 tag in the case the standard gives each subtag (``EN`` → ``en``, ``zh-hans`` →
    ``zh-Hans``, ``pt-br`` → ``pt-BR``): tags are case-insensitive, and a record writes each one
    way. After a singleton (``x-``, an extension) every subtag is lower case."""
    primary, *rest = tag.split("-")
    subtags = [primary.lower()]
    extension = len(primary) == 1
    for sub in rest:
        extension = extension or len(sub) == 1
        if len(sub) == 4 and sub.isalpha() and not extension:
            subtags.append(sub.title())
        elif len(sub) == 2 and sub.isalpha() and not extension:
            subtags.append(sub.upper())
        else:
            subtags.append(sub.lower())
    return "-".join(subtags)


def _name_fold(value: str) -> str:
    """Names and langids compared without case, width or white space (``Simplified Chinese``,
    ``simplifiedchinese``, ``USenglish``)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)).casefold()


# --- ISO 639 ---------------------------------------------------------------------------------

#: (ISO 639-1 / BCP 47 primary subtag, ISO 639-2/B, ISO 639-2/T = ISO 639-3).
_ISO_639 = (
    ("en", "eng", "eng"),
    ("zh", "chi", "zho"),
    ("ja", "jpn", "jpn"),
    ("ko", "kor", "kor"),
    ("de", "ger", "deu"),
    ("fr", "fre", "fra"),
    ("es", "spa", "spa"),
    ("ru", "rus", "rus"),
    ("it", "ita", "ita"),
    ("pt", "por", "por"),
    ("nl", "dut", "nld"),
    ("sv", "swe", "swe"),
    ("da", "dan", "dan"),
    ("no", "nor", "nor"),
    ("nb", "nob", "nob"),
    ("nn", "nno", "nno"),
    ("fi", "fin", "fin"),
    ("is", "ice", "isl"),
    ("pl", "pol", "pol"),
    ("cs", "cze", "ces"),
    ("sk", "slo", "slk"),
    ("sl", "slv", "slv"),
    ("hr", "hrv", "hrv"),
    ("sr", "srp", "srp"),
    ("bg", "bul", "bul"),
    ("mk", "mac", "mkd"),
    ("uk", "ukr", "ukr"),
    ("be", "bel", "bel"),
    ("hu", "hun", "hun"),
    ("ro", "rum", "ron"),
    ("el", "gre", "ell"),
    ("tr", "tur", "tur"),
    ("et", "est", "est"),
    ("lv", "lav", "lav"),
    ("lt", "lit", "lit"),
    ("ga", "gle", "gle"),
    ("cy", "wel", "cym"),
    ("eu", "baq", "eus"),
    ("ca", "cat", "cat"),
    ("gl", "glg", "glg"),
    ("sq", "alb", "sqi"),
    ("hy", "arm", "hye"),
    ("ka", "geo", "kat"),
    ("ar", "ara", "ara"),
    ("fa", "per", "fas"),
    ("he", "heb", "heb"),
    ("ur", "urd", "urd"),
    ("hi", "hin", "hin"),
    ("bn", "ben", "ben"),
    ("ta", "tam", "tam"),
    ("th", "tha", "tha"),
    ("lo", "lao", "lao"),
    ("km", "khm", "khm"),
    ("my", "bur", "mya"),
    ("vi", "vie", "vie"),
    ("id", "ind", "ind"),
    ("ms", "may", "msa"),
    ("tl", "tgl", "tgl"),
    ("kk", "kaz", "kaz"),
    ("uz", "uzb", "uzb"),
    ("az", "aze", "aze"),
    ("mn", "mon", "mon"),
    ("bo", "tib", "bod"),
    ("ug", "uig", "uig"),
    ("la", "lat", "lat"),
    ("eo", "epo", "epo"),
    ("af", "afr", "afr"),
    ("sw", "swa", "swa"),
    ("und", "und", "und"),
)

#: BCP 47 primary subtag ⇄ ISO 639-2/B (``chi``, ``ger``), the 639-2/T form read too.
ISO_639_2B: Crosswalk[str] = Crosswalk(
    "ISO 639-2/B",
    [(two, b) for two, b, _ in _ISO_639] + [(two, t) for two, b, t in _ISO_639 if t != b],
    fold=CASE,
)
#: BCP 47 primary subtag ⇄ ISO 639-3 (``zho``, ``deu``), the 639-2/B form read too.
ISO_639_3: Crosswalk[str] = Crosswalk(
    "ISO 639-3",
    [(two, t) for two, _, t in _ISO_639] + [(two, b) for two, b, t in _ISO_639 if t != b],
    fold=CASE,
)

# --- Names -----------------------------------------------------------------------------------

#: Language names in English and Chinese as exports write them (RIS ``LA  - Japanese``,
#: NoteExpress ``{Language}: 日文``, dc:language ``English``).
NAMES: Crosswalk[str] = Crosswalk(
    "language names",
    (
        *(("en", n) for n in ("English", "英文", "英语", "英語")),
        *(("zh", n) for n in ("Chinese", "中文", "汉语", "漢語", "华文", "華文", "中文文献")),
        *(
            ("zh-Hans", n)
            for n in (
                "Simplified Chinese",
                "Chinese (Simplified)",
                "Chinese, Simplified",
                "简体中文",
                "簡體中文",
                "中文简体",
                "中文(简体)",
                "简体",
                "簡體",
            )
        ),
        *(
            ("zh-Hant", n)
            for n in (
                "Traditional Chinese",
                "Chinese (Traditional)",
                "Chinese, Traditional",
                "繁体中文",
                "繁體中文",
                "中文繁体",
                "中文(繁體)",
                "繁体",
                "繁體",
            )
        ),
        *(("ja", n) for n in ("Japanese", "日文", "日语", "日語")),
        *(("ko", n) for n in ("Korean", "韩文", "韓文", "韩语", "韓語", "朝鲜语", "朝鮮語")),
        *(("ru", n) for n in ("Russian", "俄文", "俄语", "俄語")),
        *(("de", n) for n in ("German", "德文", "德语", "德語")),
        *(("fr", n) for n in ("French", "法文", "法语", "法語")),
        *(("es", n) for n in ("Spanish", "西班牙文", "西班牙语", "西班牙語")),
        *(("it", n) for n in ("Italian", "意大利文", "意大利语", "義大利文")),
        *(("pt", n) for n in ("Portuguese", "葡萄牙文", "葡萄牙语", "葡萄牙語")),
        *(("nl", n) for n in ("Dutch", "荷兰文", "荷兰语", "荷蘭文")),
        *(("sv", n) for n in ("Swedish", "瑞典文", "瑞典语")),
        *(("da", n) for n in ("Danish", "丹麦文", "丹麦语")),
        *(("no", n) for n in ("Norwegian", "挪威文", "挪威语")),
        *(("fi", n) for n in ("Finnish", "芬兰文", "芬兰语")),
        *(("pl", n) for n in ("Polish", "波兰文", "波兰语")),
        *(("cs", n) for n in ("Czech", "捷克文", "捷克语")),
        *(("hu", n) for n in ("Hungarian", "匈牙利文", "匈牙利语")),
        *(("ro", n) for n in ("Romanian", "罗马尼亚文", "罗马尼亚语")),
        *(("el", n) for n in ("Greek", "希腊文", "希腊语", "希臘文")),
        *(("tr", n) for n in ("Turkish", "土耳其文", "土耳其语")),
        *(("uk", n) for n in ("Ukrainian", "乌克兰文", "乌克兰语")),
        *(("ar", n) for n in ("Arabic", "阿拉伯文", "阿拉伯语")),
        *(("fa", n) for n in ("Persian", "Farsi", "波斯文", "波斯语")),
        *(("he", n) for n in ("Hebrew", "希伯来文", "希伯来语")),
        *(("hi", n) for n in ("Hindi", "印地文", "印地语")),
        *(("th", n) for n in ("Thai", "泰文", "泰语")),
        *(("vi", n) for n in ("Vietnamese", "越南文", "越南语")),
        *(("id", n) for n in ("Indonesian", "印尼文", "印度尼西亚语")),
        *(("ms", n) for n in ("Malay", "马来文", "马来语")),
        *(("la", n) for n in ("Latin", "拉丁文", "拉丁语")),
        *(("mn", n) for n in ("Mongolian", "蒙古文", "蒙古语")),
        *(("bo", n) for n in ("Tibetan", "藏文", "藏语")),
        *(("ug", n) for n in ("Uyghur", "Uighur", "维吾尔文", "维吾尔语")),
    ),
    fold=_name_fold,
)

#: BibTeX ``langid`` (babel and polyglossia names); regional varieties keep their region.
LANGIDS: Crosswalk[str] = Crosswalk(
    "BibTeX langid",
    (
        ("en", "english"),
        ("en-US", "american"),
        ("en-US", "USenglish"),
        ("en-GB", "british"),
        ("en-GB", "UKenglish"),
        ("en-AU", "australian"),
        ("en-CA", "canadian"),
        ("en-NZ", "newzealand"),
        ("zh", "chinese"),
        ("zh-Hans", "schinese"),
        ("zh-Hans", "simplifiedchinese"),
        ("zh-Hant", "tchinese"),
        ("zh-Hant", "traditionalchinese"),
        ("ja", "japanese"),
        ("ko", "korean"),
        ("de", "german"),
        ("de", "ngerman"),
        ("de-AT", "austrian"),
        ("de-AT", "naustrian"),
        ("de-CH", "swissgerman"),
        ("de-CH", "nswissgerman"),
        ("fr", "french"),
        ("fr", "francais"),
        ("es", "spanish"),
        ("it", "italian"),
        ("ru", "russian"),
        ("pt", "portuguese"),
        ("pt", "portuges"),
        ("pt-BR", "brazilian"),
        ("pt-BR", "brazil"),
        ("nl", "dutch"),
        ("sv", "swedish"),
        ("da", "danish"),
        ("nb", "norsk"),
        ("nn", "nynorsk"),
        ("no", "norwegian"),
        ("fi", "finnish"),
        ("is", "icelandic"),
        ("pl", "polish"),
        ("cs", "czech"),
        ("sk", "slovak"),
        ("sl", "slovene"),
        ("sl", "slovenian"),
        ("hr", "croatian"),
        ("sr", "serbian"),
        ("bg", "bulgarian"),
        ("uk", "ukrainian"),
        ("hu", "hungarian"),
        ("hu", "magyar"),
        ("ro", "romanian"),
        ("el", "greek"),
        ("tr", "turkish"),
        ("et", "estonian"),
        ("lv", "latvian"),
        ("lt", "lithuanian"),
        ("ga", "irish"),
        ("cy", "welsh"),
        ("eu", "basque"),
        ("ca", "catalan"),
        ("gl", "galician"),
        ("ar", "arabic"),
        ("fa", "persian"),
        ("fa", "farsi"),
        ("he", "hebrew"),
        ("hi", "hindi"),
        ("th", "thai"),
        ("vi", "vietnamese"),
        ("id", "indonesian"),
        ("id", "bahasai"),
        ("ms", "malay"),
        ("ms", "bahasam"),
        ("la", "latin"),
    ),
    fold=_name_fold,
)

# --- Regions and scripts -----------------------------------------------------------------------

#: The script a region implies for Chinese when a tag has none (CLDR likely subtags, DOMAIN §4.2).
ZH_REGION_SCRIPT = {
    "CN": "Hans",
    "SG": "Hans",
    "MY": "Hans",
    "TW": "Hant",
    "HK": "Hant",
    "MO": "Hant",
}


def zh_region(tag: str) -> str | None:
    """The region of a Chinese tag that names one whose script is known (``TW`` of ``zh-TW``
    and ``zh-Hant-TW``), else None."""
    primary, *subtags = tag.split("-")
    if primary.lower() != "zh":
        return None
    return next((s.upper() for s in subtags if s.upper() in ZH_REGION_SCRIPT), None)


def chinese_script(tag: str) -> str | None:
    """The script (``Hans``, ``Hant``) a Chinese tag says: its script subtag, else the one its
    region implies (``zh-TW`` is Traditional: CLDR likely subtags, DOMAIN §4.2); None for
    another language, a romanisation (``zh-Latn-pinyin``) or plain ``zh``."""
    primary, *subtags = tag.split("-")
    if primary.lower() != "zh":
        return None
    script = next((s.title() for s in subtags if len(s) == 4 and s.isalpha()), None)
    if script is None:
        region = zh_region(tag)
        script = ZH_REGION_SCRIPT[region] if region else None
    return script if script in ("Hans", "Hant") else None


#: A well-formed tag (BCP 47's shape; a POSIX locale once its ``_`` is a ``-``).
_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_LOCALE = re.compile(r"(?P<tag>[A-Za-z]{2,3}(?:_[A-Za-z0-9]{2,8})+)(?:\.[\w-]+)?(?:@\w+)?")


@lru_cache(maxsize=1024)  # a pure function of the spelling; records repeat a few spellings
def parse(spelling: str) -> str | None:
    """The BCP 47 tag of any spelling of a language (see the module docstring), or None when it
    names none this module knows. A well-formed tag keeps its subtags (``nl``, ``en-US``,
    ``pt-BR``) except that an ISO 639-2/3 code becomes its two-letter form where one exists
    (``eng`` → ``en``) and Chinese gets the script its region implies (``zh-CN`` → ``zh-Hans``)."""
    text = spelling.strip()
    if not text:
        return None
    for table in (NAMES, LANGIDS):
        found = table.read(text)
        if found is not None:
            return found
    locale = _LOCALE.fullmatch(text)
    if locale:
        text = locale.group("tag").replace("_", "-")
    if not _TAG.fullmatch(text):
        return None
    primary, *subtags = case_tag(text).split("-")
    if len(primary) == 3:
        primary = ISO_639_3.read(primary) or primary
    if primary == "zh":
        region = next((s for s in subtags if s in ZH_REGION_SCRIPT), None)
        if region and not any(len(s) == 4 and s.isalpha() for s in subtags):
            subtags = [ZH_REGION_SCRIPT[region]] + [s for s in subtags if s != region]
        elif region:
            subtags = [s for s in subtags if s != region]
    return "-".join([primary, *subtags])


@lru_cache(maxsize=1024)  # a pure function of the spelling, asked of every dc:language
def is_code(spelling: str) -> bool:
    """Whether ``spelling`` is a code (a BCP 47 tag or an ISO 639 code, in any case), not a
    name, a langid or a POSIX locale: a source that writes a code said it the standard way."""
    text = spelling.strip()
    return (
        bool(_TAG.fullmatch(text)) and text not in NAMES and text not in LANGIDS and "_" not in text
    )


#: What ``spell`` writes for each target.
TARGETS = ("bcp47", "iso639-2b", "iso639-3", "langid")


def spell(tag: str, target: str) -> str:
    """``tag`` as ``target`` writes it (one of ``TARGETS``); a tag the target has no spelling
    for is written as the tag itself, which ``parse`` reads back.

    ISO 639 codes name the language alone (``zh-Hans`` → ``chi``/``zho``: the text carries the
    script). A langid names a language or a regional variety, never a script: ``en-US`` →
    ``american``, ``zh-Hans`` → ``chinese``."""
    if target == "bcp47":
        return tag
    primary, *subtags = tag.split("-")
    if target == "iso639-2b":
        return ISO_639_2B.write(primary.lower()) or tag
    if target == "iso639-3":
        return ISO_639_3.write(primary.lower()) or tag
    if target == "langid":
        variety = "-".join([primary, *(s for s in subtags if not (len(s) == 4 and s.isalpha()))])
        return LANGIDS.write(variety) or LANGIDS.write(primary) or tag
    raise ValueError(f"unknown language target {target!r}: one of {', '.join(TARGETS)}")


__all__ = [
    "ISO_639_2B",
    "ISO_639_3",
    "LANGIDS",
    "NAMES",
    "TARGETS",
    "UND",
    "ZH_REGION_SCRIPT",
    "case_tag",
    "is_code",
    "parse",
    "spell",
]
