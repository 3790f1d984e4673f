"""The GS1 Application Identifier table, read from the GS1 Barcode Syntax Dictionary.

The dictionary (``data/gs1-syntax-dictionary.txt``, see ``data/README.md``) is GS1's machine-readable
version of the AI table in the GS1 General Specifications §3. One line per AI (or AI range), e.g.::

    01   *?  N14,csum,gcppos2   ex=255,37 dlpkey=22,10,21|235   # GTIN
    10    ?  X..20              req=01,02,03,8006,8026          # BATCH/LOT

Flags: ``*`` = predefined length, so no FNC1 separator is needed after it; ``?`` = allowed as a Digital
Link query attribute. Components: N (digits), X (CSET 82), Y (CSET 39), Z (base64url), with a fixed length
(``N14``) or a maximum (``X..20``), optionally followed by linter names (``csum`` check digit, ``yymmd0``
date where day 00 is allowed). ``req=`` lists alternatives that must accompany the AI (``01+21`` means both),
``ex=`` AIs that must not; ``nn``/``n`` in those patterns stand for any digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DICTIONARY_PATH = Path(__file__).parent / "data" / "gs1-syntax-dictionary.txt"

# GS1 General Specifications §7.11, figure 7.11-1: the 82 characters allowed in alphanumeric AIs.
CSET_82 = frozenset("!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")
# §7.11, figure 7.11-2: the 39-character set (used by CPID, AI 8010).
CSET_39 = frozenset("#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
CSET_64 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")
CHARSETS: dict[str, frozenset[str]] = {
    "N": frozenset("0123456789"),
    "X": CSET_82,
    "Y": CSET_39,
    "Z": CSET_64,
}

_FLAG_CHARS = set("*!?\"$%&'()+,-./:;<=>@[\\]^_`{|}~")
_COMPONENT_RE = re.compile(r"^([NXYZ])(\.\.)?(\d+)$")


@dataclass(frozen=True)
class Component:
    """One part of an AI's data field, e.g. ``N14,csum`` or ``[X..17]``."""

    charset: str
    min_length: int
    max_length: int
    optional: bool
    linters: tuple[str, ...]


@dataclass(frozen=True)
class AIDefinition:
    """What the Syntax Dictionary says about one Application Identifier."""

    ai: str
    title: str
    predefined_length: bool  # "*" flag: never followed by FNC1/GS
    dl_attribute: bool  # "?" flag: may appear in a Digital Link query string
    components: tuple[Component, ...]
    requires: tuple[tuple[str, ...], ...]  # any one group; every pattern of the group must be present
    excludes: tuple[str, ...]
    dl_primary_key: bool
    dl_qualifier_sequences: tuple[tuple[str, ...], ...]

    @property
    def max_length(self) -> int:
        return sum(c.max_length for c in self.components)


def matches_pattern(ai: str, pattern: str) -> bool:
    """``310n`` matches 3100..3109, ``31nn`` matches 3100..3199 (dictionary convention)."""
    return len(ai) == len(pattern) and all(
        p == a or (p == "n" and a.isdigit()) for p, a in zip(pattern, ai, strict=True)
    )


def _parse_component(token: str) -> Component:
    optional = token.startswith("[")
    if optional:
        # "[N3],iso3166" or "[X..17]": the bracket closes before the linters.
        token = token[1:].replace("]", "", 1)
    spec, *linters = token.split(",")
    m = _COMPONENT_RE.match(spec)
    if m is None:
        raise ValueError(f"unreadable component {token!r} in the GS1 syntax dictionary")
    charset, variable, length = m.group(1), m.group(2), int(m.group(3))
    return Component(
        charset=charset,
        min_length=1 if variable else length,
        max_length=length,
        optional=optional,
        linters=tuple(linters),
    )


def _expand_ais(token: str) -> list[str]:
    if "-" not in token:
        return [token]
    first, last = token.split("-")
    return [str(n).zfill(len(first)) for n in range(int(first), int(last) + 1)]


def _parse_line(line: str) -> list[AIDefinition]:
    body, _, title = line.partition("#")
    tokens = body.split()
    ais = _expand_ais(tokens.pop(0))
    flags = ""
    if tokens and all(c in _FLAG_CHARS for c in tokens[0]):
        flags = tokens.pop(0)
    components: list[Component] = []
    requires: tuple[tuple[str, ...], ...] = ()
    excludes: tuple[str, ...] = ()
    dl_primary_key = False
    sequences: tuple[tuple[str, ...], ...] = ()
    for token in tokens:
        if token.startswith("req="):
            requires = tuple(tuple(g.split("+")) for g in token[4:].split(","))
        elif token.startswith("ex="):
            excludes = tuple(token[3:].split(","))
        elif token == "dlpkey" or token.startswith("dlpkey="):
            dl_primary_key = True
            if "=" in token:
                sequences = tuple(tuple(s.split(",")) for s in token[7:].split("|"))
        elif "=" in token or token.isalpha() and token.islower():
            continue  # other attributes (none used by lotline yet)
        else:
            components.append(_parse_component(token))
    return [
        AIDefinition(
            ai=ai,
            title=title.strip(),
            predefined_length="*" in flags,
            dl_attribute="?" in flags,
            components=tuple(components),
            requires=requires,
            excludes=excludes,
            dl_primary_key=dl_primary_key,
            dl_qualifier_sequences=sequences,
        )
        for ai in ais
    ]


@cache
def ai_table() -> dict[str, AIDefinition]:
    """All AIs of the dictionary, keyed by AI ("01", "3103", ...). Read once per process."""
    table: dict[str, AIDefinition] = {}
    for raw in DICTIONARY_PATH.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        for definition in _parse_line(line):
            table[definition.ai] = definition
    return table


def lookup(ai: str) -> AIDefinition | None:
    """The definition of ``ai``, or None when GS1 has not defined it."""
    return ai_table().get(ai)


def match_ai_prefix(data: str) -> AIDefinition | None:
    """The AI at the start of ``data``. AIs are prefix-free (§3.2), so at most one of 2, 3, 4 digits fits."""
    for length in (2, 3, 4):
        definition = ai_table().get(data[:length])
        if definition is not None:
            return definition
    return None
