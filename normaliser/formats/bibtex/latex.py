"""LaTeX as BibTeX values carry it ⇄ plain marked text: accents, escapes, spacing, dashes,
protective braces, ``\\textbf``/``\\textit``/super- and subscripts (also math ``$^{2+}$``).

Reading never lets a LaTeX command through: a command it does not know is dropped (its braced
argument kept) and reported. Writing escapes every character LaTeX treats specially, so that
``decode(encode(t))`` gives ``t`` back, marks included.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ...crosswalk import Crosswalk
from ...record import Mark, Text
from ...text import from_runs

#: Accent commands → the combining character they put on the next letter.
_ACCENTS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "d": "\u0323",
    "b": "\u0331",
    "k": "\u0328",
    "r": "\u030a",
    "t": "\u0361",
}
#: Commands without an argument → the text they stand for.
_SYMBOLS = {
    "ss": "ß",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "o": "ø",
    "O": "Ø",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
    "dag": "†",
    "ddag": "‡",
    "S": "§",
    "P": "¶",
    "copyright": "©",
    "textcopyright": "©",
    "textregistered": "®",
    "texttrademark": "™",
    "textbackslash": "\\",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textunderscore": "_",
    "textbar": "|",
    "textless": "<",
    "textgreater": ">",
    "textquoteleft": "‘",
    "textquoteright": "’",
    "textquotedblleft": "“",
    "textquotedblright": "”",
    "textendash": "–",
    "textemdash": "—",
    "textbullet": "•",
    "textdegree": "°",
    "degree": "°",
    "textperthousand": "‰",
    "texteuro": "€",
    "textyen": "¥",
    "textsterling": "£",
    "pounds": "£",
    "ldots": "…",
    "dots": "…",
    "textellipsis": "…",
    "LaTeX": "LaTeX",
    "TeX": "TeX",
    "BibTeX": "BibTeX",
    "slash": "/",
    # math
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "epsilon": "ε",
    "varepsilon": "ε",
    "zeta": "ζ",
    "eta": "η",
    "theta": "θ",
    "kappa": "κ",
    "lambda": "λ",
    "mu": "μ",
    "nu": "ν",
    "xi": "ξ",
    "pi": "π",
    "rho": "ρ",
    "sigma": "σ",
    "tau": "τ",
    "phi": "φ",
    "varphi": "φ",
    "chi": "χ",
    "psi": "ψ",
    "omega": "ω",
    "Gamma": "Γ",
    "Delta": "Δ",
    "Theta": "Θ",
    "Lambda": "Λ",
    "Pi": "Π",
    "Sigma": "Σ",
    "Phi": "Φ",
    "Psi": "Ψ",
    "Omega": "Ω",
    "times": "×",
    "pm": "±",
    "mp": "∓",
    "cdot": "·",
    "div": "÷",
    "le": "≤",
    "leq": "≤",
    "ge": "≥",
    "geq": "≥",
    "ne": "≠",
    "neq": "≠",
    "approx": "≈",
    "sim": "∼",
    "circ": "°",
    "infty": "∞",
    "to": "→",
    "rightarrow": "→",
    "leftarrow": "←",
    "leftrightarrow": "↔",
    "uparrow": "↑",
    "downarrow": "↓",
    "partial": "∂",
    "prime": "′",
    "textmu": "μ",
    "micro": "µ",
}
#: Spacing and line-breaking commands: all become one space.
_SPACES = frozenset(
    {
        "quad",
        "qquad",
        "enspace",
        "emspace",
        "thinspace",
        "space",
        "hfill",
        "newline",
        "linebreak",
        "nobreakspace",
        "hspace",
        "vspace",
        "smallskip",
        "medskip",
        "bigskip",
    }
)
#: Commands that only typeset their argument (font families, boxes, case protection, links).
_TRANSPARENT = frozenset(
    {
        "textrm",
        "textsf",
        "texttt",
        "textnormal",
        "textup",
        "textsc",
        "textmd",
        "mathrm",
        "mathsf",
        "mathtt",
        "mathnormal",
        "mathcal",
        "mbox",
        "hbox",
        "text",
        "ensuremath",
        "nocite",
        "url",
        "nolinkurl",
        "uppercase",
        "lowercase",
        "MakeUppercase",
        "MakeLowercase",
        "textzh",
        "textcn",
        "foreignlanguage",
    }
)
#: Commands whose argument is marked.
#: Mark kind ⇄ the commands that give it; the first command of a kind is the one written.
_MARK_COMMANDS: Crosswalk[str] = Crosswalk(
    "LaTeX mark commands",
    (
        ("bold", "textbf"),
        ("bold", "mathbf"),
        ("bold", "boldsymbol"),
        ("italic", "textit"),
        ("italic", "emph"),
        ("italic", "mathit"),
        ("italic", "textsl"),
        ("sup", "textsuperscript"),
        ("sub", "textsubscript"),
    ),
    # biblatex's explicit case protection, read; a protected span is written as braces.
    read_only=(("nocase", "NoCaseChange"),),
)
#: Declarations that mark the rest of their group.
_DECLARATIONS = {
    "bf": "bold",
    "bfseries": "bold",
    "it": "italic",
    "itshape": "italic",
    "em": "italic",
    "sl": "italic",
    "slshape": "italic",
}
#: Declarations with no effect on the text.
_IGNORED = frozenset(
    {
        "rm",
        "sf",
        "tt",
        "sc",
        "rmfamily",
        "sffamily",
        "ttfamily",
        "scshape",
        "upshape",
        "mdseries",
        "normalfont",
        "relax",
        "protect",
        "displaystyle",
        "left",
        "right",
        "mathrm",
        "small",
        "footnotesize",
        "large",
        "Large",
        "noindent",
        "centering",
    }
)
#: Escaped characters (``\&``) and control symbols.
_ESCAPES = {
    "&": "&",
    "%": "%",
    "$": "$",
    "#": "#",
    "_": "_",
    "{": "{",
    "}": "}",
    " ": " ",
    ",": " ",
    ";": " ",
    ":": " ",
    ">": " ",
    "!": "",
    "-": "",
    "/": "",
    "@": "",
    "\\": " ",
}
_PAR = "\x00"  # a paragraph break in the run stream
_LETTERS = re.compile(r"[A-Za-z]+")
_NEEDS_WORK = re.compile(r"[\\{}$~`'\-\n]")


@dataclass
class Decoded:
    """Paragraphs of plain text with their marks, and the commands that were not understood."""

    paragraphs: list[tuple[str, tuple[Mark, ...]]]
    unknown: list[str] = field(default_factory=list)


class _Decoder:
    def __init__(self, source: str) -> None:
        self.s = source
        self.pos = 0
        self.runs: list[tuple[str, tuple[int, ...]]] = []
        self.kinds: dict[int, str] = {}
        self.next_id = 0
        self.unknown: list[str] = []

    # --- output --------------------------------------------------------------------------

    def emit(self, text: str, marks: tuple[int, ...]) -> None:
        if text:
            self.runs.append((text, marks))

    def mark(self, kind: str) -> int:
        self.kinds[self.next_id] = kind
        self.next_id += 1
        return self.next_id - 1

    # --- reading -------------------------------------------------------------------------

    def command(self) -> str:
        """Read the command after a backslash: a name of letters, or one character."""
        match = _LETTERS.match(self.s, self.pos)
        if match:
            self.pos = match.end()
            while self.pos < len(self.s) and self.s[self.pos] in " \t":
                self.pos += 1  # spaces after a command word are not text
            return match.group()
        if self.pos >= len(self.s):
            return ""
        self.pos += 1
        return self.s[self.pos - 1]

    def argument_text(self) -> str:
        """The raw text of the next argument: a braced group or one character."""
        while self.pos < len(self.s) and self.s[self.pos] in " \t\n":
            self.pos += 1
        if self.pos >= len(self.s):
            return ""
        if self.s[self.pos] == "{":
            depth, start = 0, self.pos
            while self.pos < len(self.s):
                ch = self.s[self.pos]
                if ch == "\\":
                    self.pos += 2
                    continue
                if ch == "{":
                    depth += 1
                elif ch == "}":
                    depth -= 1
                    if depth == 0:
                        self.pos += 1
                        return self.s[start + 1 : self.pos - 1]
                self.pos += 1
            return self.s[start + 1 :]
        if self.s[self.pos] == "\\":
            start = self.pos
            self.pos += 1
            self.command()
            return self.s[start : self.pos]
        self.pos += 1
        return self.s[self.pos - 1]

    def special(self) -> bool:
        r"""Whether the group opening before ``pos`` is what BibTeX calls a special character:
        it starts with a backslash (``{\"O}``, ``{\ss}``, ``{\&}``), and its case is the
        command's business, not protected."""
        return self.s.startswith("\\", self.pos)

    def skip_optional(self) -> None:
        if self.pos < len(self.s) and self.s[self.pos] == "[":
            end = self.s.find("]", self.pos)
            self.pos = len(self.s) if end < 0 else end + 1

    def nested(self, text: str, marks: tuple[int, ...], math: bool) -> None:
        saved = self.s, self.pos
        self.s, self.pos = text, 0
        self.group(marks, math, closing=None)
        self.s, self.pos = saved

    def group(self, marks: tuple[int, ...], math: bool, closing: str | None) -> None:
        """Decode until ``closing`` (``}`` or ``$``) or the end, emitting runs."""
        s = self.s
        buffer: list[str] = []

        def flush() -> None:
            if buffer:
                self.emit("".join(buffer), marks)
                buffer.clear()

        while self.pos < len(s):
            ch = s[self.pos]
            if closing is not None and ch == closing:
                self.pos += 1
                break
            if ch == "{":
                flush()
                self.pos += 1
                # A brace group protects its case (``{AI}``), unless it is a special character
                # (``{\"O}``, ``{\ss}``), in math, or inside a protected span already.
                inner = marks
                if not (math or self.special() or any(self.kinds[m] == "nocase" for m in marks)):
                    inner = (*marks, self.mark("nocase"))
                self.group(inner, math, "}")
            elif ch == "}":  # unbalanced: a stray closing brace is not text
                self.pos += 1
            elif ch == "\\":
                flush()
                self.pos += 1
                name = self.command()
                declared = self.control(name, marks, math)
                if declared is not None:
                    marks = (*marks, self.mark(declared))
            elif ch == "$" and not math:
                flush()
                self.pos += 1
                if self.s.startswith("$", self.pos):  # $$ display math $$
                    self.pos += 1
                self.group(marks, True, "$")
                if self.s.startswith("$", self.pos):
                    self.pos += 1
            elif math and ch in "^_":
                flush()
                self.pos += 1
                arg = self.argument_text()
                if ch == "^" and arg.strip() in ("\\circ", "{\\circ}", "o"):
                    self.emit("°", marks)
                    continue
                kind = "sup" if ch == "^" else "sub"
                self.nested(arg, (*marks, self.mark(kind)), True)
            elif math and ch in " \t\n":
                self.pos += 1  # math mode ignores spaces
            elif ch == "~" and not math:
                buffer.append(" ")
                self.pos += 1
            elif ch == "-" and not math and s.startswith("--", self.pos):
                if s.startswith("---", self.pos):
                    buffer.append("—")
                    self.pos += 3
                else:
                    buffer.append("–")
                    self.pos += 2
            elif ch == "`" and s.startswith("``", self.pos):
                buffer.append("“")
                self.pos += 2
            elif ch == "'" and s.startswith("''", self.pos):
                buffer.append("”")
                self.pos += 2
            elif ch == "\n" and _blank_line(s, self.pos):
                flush()
                self.emit(_PAR, ())
                while self.pos < len(s) and s[self.pos] in " \t\r\n":
                    self.pos += 1
            else:
                buffer.append(ch)
                self.pos += 1
        flush()

    def control(self, name: str, marks: tuple[int, ...], math: bool) -> str | None:
        """Act on one command; return a mark kind when it is a declaration."""
        if name in _ACCENTS:
            arg = self.argument_text()
            inner = _Decoder(arg)
            inner.group((), math, None)
            base = "".join(text for text, _ in inner.runs)
            base = {"ı": "i", "ȷ": "j"}.get(base, base)
            if base:
                self.emit(unicodedata.normalize("NFC", base[0] + _ACCENTS[name] + base[1:]), marks)
            else:
                self.emit(unicodedata.normalize("NFC", " " + _ACCENTS[name]).strip(), marks)
            return None
        if name in _ESCAPES:
            self.emit(_ESCAPES[name], marks)
            return None
        if name == "par":
            self.emit(_PAR, ())
            return None
        if name in _SYMBOLS:
            self.emit(_SYMBOLS[name], marks)
            if self.s.startswith("{}", self.pos):
                self.pos += 2
            return None
        if name in _SPACES:
            if name in ("hspace", "vspace"):
                self.argument_text()
            self.emit(" ", marks)
            return None
        kind = _MARK_COMMANDS.read(name)
        if kind is not None:
            self.nested(self.argument_text(), (*marks, self.mark(kind)), math)
            return None
        if name in _DECLARATIONS:
            return _DECLARATIONS[name]
        if name in _IGNORED:
            return None
        if name in _TRANSPARENT:
            if name == "foreignlanguage":
                self.argument_text()
            self.nested(self.argument_text(), marks, math)
            return None
        if name == "href":
            self.argument_text()
            self.nested(self.argument_text(), marks, math)
            return None
        if name in ("(", ")", "[", "]", ""):
            return None  # inline math delimiters: the content reads as text
        # An unknown command: its name never reaches the text; a braced argument does.
        self.unknown.append("\\" + name)
        self.skip_optional()
        if self.pos < len(self.s) and self.s[self.pos] == "{":
            self.nested(self.argument_text(), marks, math)
        return None


def _blank_line(s: str, pos: int) -> bool:
    """Whether the line break at ``pos`` starts a blank line (a paragraph break)."""
    nxt = s.find("\n", pos + 1)
    between = s[pos + 1 : nxt] if nxt >= 0 else None
    return between is not None and not between.strip()


#: The deepest brace nesting a value may have (``{``, and ``\\textbf{`` or ``^{`` alike): real
#: values nest a few levels; the decoder recurses once a level, and a hostile value a thousand
#: deep would exhaust Python's stack. ``too_deep`` says when a value is deeper.
MAX_BRACE_DEPTH = 100


def too_deep(value: str) -> bool:
    """Whether ``value`` nests braces deeper than ``MAX_BRACE_DEPTH`` (escaped ``\\{`` does not
    count). Linear, and free for a value with fewer braces than the limit."""
    if value.count("{") <= MAX_BRACE_DEPTH:
        return False
    depth = 0
    for match in _BRACES.finditer(value):
        token = match.group()
        if token == "{":
            depth += 1
            if depth > MAX_BRACE_DEPTH:
                return True
        elif token == "}":
            depth -= 1
    return False


_BRACES = re.compile(r"\\.|[{}]", re.DOTALL)


def decode(value: str) -> Decoded:
    """Decode a BibTeX field value (braces already stripped) into marked paragraphs."""
    if not _NEEDS_WORK.search(value):  # plain text (most Chinese values): nothing to decode
        text, marks = from_runs([(value, ())], {})
        return Decoded([(text, marks)] if text else [])
    decoder = _Decoder(value)
    decoder.group((), False, None)
    paragraphs: list[tuple[str, tuple[Mark, ...]]] = []
    current: list[tuple[str, tuple[int, ...]]] = []
    for run in [*decoder.runs, (_PAR, ())]:
        if run[0] == _PAR:
            text, marks = from_runs(current, decoder.kinds)
            if text:
                paragraphs.append((text, marks))
            current = []
        else:
            current.append(run)
    return Decoded(paragraphs, decoder.unknown)


def plain(value: str) -> tuple[str, list[str]]:
    """Decode to one line of plain text (marks dropped, paragraphs joined by a space)."""
    decoded = decode(value)
    return " ".join(p for p, _ in decoded.paragraphs), decoded.unknown


# --- Writing ----------------------------------------------------------------------------------

#: Character ⇄ its escape: ``escape`` writes them, ``unescape`` reads them (and ``{}``, which
#: ``escape`` puts between ligature characters, as nothing).
_SPECIAL: Crosswalk[str] = Crosswalk(
    "LaTeX escapes",
    (
        ("\\", "\\textbackslash{}"),
        ("{", "\\{"),
        ("}", "\\}"),
        ("$", "\\$"),
        ("&", "\\&"),
        ("%", "\\%"),
        ("#", "\\#"),
        ("_", "\\_"),
        ("~", "\\textasciitilde{}"),
        ("^", "\\textasciicircum{}"),
    ),
    read_only=(("", "{}"),),
)
_LIGATURE_CHARS = "-`'"


def escape(value: str) -> str:
    """Escape ``value`` so that ``decode`` gives it back: special characters, and ``{}``
    between the characters of what LaTeX would read as a dash or a quote ligature."""
    out: list[str] = []
    previous = ""
    for ch in value.replace("\n", " "):
        if ch in _LIGATURE_CHARS and previous == ch:
            out.append("{}")
        out.append(_SPECIAL.write(ch) or ch)
        previous = ch
    return "".join(out)


_UNESCAPE = re.compile(
    "|".join(
        re.escape(spelling)
        for spelling in sorted(
            (s for _, s in (*_SPECIAL, *_SPECIAL.read_only)), key=len, reverse=True
        )
    )
)


def unescape(value: str) -> str:
    """The exact inverse of ``escape`` (white space untouched), for values that are data
    rather than text, such as JSON."""
    return _UNESCAPE.sub(lambda m: _SPECIAL.read(m.group()) or "", value)


def encode(text: Text) -> str:
    """A ``Text`` as LaTeX: its value escaped, its marks as ``\\textbf{…}`` and friends, its
    case-protected spans in braces (``{AI}``). A subtitle is no markup (the writer gives it
    its own field)."""
    marks = [m for m in text.marks if m.kind != "subtitle"]
    if not marks:
        return escape(text.value)
    events: list[tuple[int, int, str]] = []
    for mark in marks:
        # A protected span is a brace group; one that opens on a command opens with an empty
        # group first, so that it is not read as a special character (``{{}\\ss…}``).
        opening = "{" if mark.kind == "nocase" else f"\\{_MARK_COMMANDS.write(mark.kind)}{{"
        events.append((mark.start, 1, opening))
        events.append((mark.end, 0, "}"))
    events.sort(key=lambda e: (e[0], e[1]))
    out: list[str] = []
    pos = 0
    for i, (at, _, tag) in enumerate(events):
        out.append(escape(text.value[pos:at]))
        if tag == "{":
            following = next((t for a, o, t in events[i + 1 :] if a == at and o), None)
            upto = next((a for a, _, _ in events[i + 1 :] if a > at), len(text.value))
            if (following or escape(text.value[at:upto])).startswith("\\"):
                tag = "{{}"
        out.append(tag)
        pos = at
    out.append(escape(text.value[pos:]))
    return "".join(out)
