"""Build GS1 Digital Link URIs (GS1 Digital Link Standard: URI Syntax, release 1.4).

Shape: ``{domain}/{primary key AI}/{value}/{qualifier AI}/{value}...?{attribute AI}={value}&...``, e.g.
``https://id.gs1.org/01/09521234543213/10/ABC123?17=261231``. The Syntax Dictionary's ``dlpkey=`` gives,
per primary key, the allowed qualifiers and their order (for GTIN: 22 CPV, then 10 lot, then 21 serial, or
235 alone); everything else goes in the query string and must carry the ``?`` flag.

Percent-encoding (DL standard §6.1, RFC 3986 §2.3): every character outside the unreserved set
``A-Z a-z 0-9 - . _ ~`` is percent-encoded in path segments and query values, so a lot "ABC/123" becomes
"ABC%2F123" and cannot be mistaken for a path separator.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

from .errors import GS1EncodeError
from .syntax import lookup
from .validate import check_associations, check_value

DEFAULT_DOMAIN = "https://id.gs1.org"

_MESSAGES = {
    "domain": "Digital Link domain must start with https:// or http://, got {domain!r}",
    "no_key": "A Digital Link needs exactly one primary key such as GTIN (01) or SSCC (00); got {keys}",
    "qualifiers": "({ais}) cannot be Digital Link key qualifiers of ({key}) together or in that form",
    "attribute": "AI ({ai}) is not allowed in a GS1 Digital Link",
}


def _segment(value: str) -> str:
    return quote(value, safe="")


def build_digital_link(fields: Mapping[str, str], domain: str = DEFAULT_DOMAIN) -> str:
    """The Digital Link URI for ``fields`` (AI -> value), validated like an element string.

    ``domain`` may carry a path prefix ("https://example.com/dl"); a trailing slash is ignored.
    """
    if not domain.startswith(("https://", "http://")):
        raise GS1EncodeError(_MESSAGES["domain"].format(domain=domain))
    for ai, value in fields.items():
        problem = check_value(ai, value)
        if problem:
            raise GS1EncodeError(problem)
    problem = check_associations(list(fields))
    if problem:
        raise GS1EncodeError(problem)

    keys = [ai for ai in fields if (d := lookup(ai)) is not None and d.dl_primary_key]
    if len(keys) != 1:
        raise GS1EncodeError(_MESSAGES["no_key"].format(keys=", ".join(keys) or "none"))
    key = keys[0]
    definition = lookup(key)
    assert definition is not None
    candidates = {ai for seq in definition.dl_qualifier_sequences for ai in seq}
    qualifiers = [ai for ai in fields if ai in candidates]
    sequence: tuple[str, ...] = ()
    if qualifiers:
        # Use the first alternative sequence that holds every qualifier given ("22,10,21" or "235").
        fitting = [s for s in definition.dl_qualifier_sequences if set(qualifiers) <= set(s)]
        if not fitting:
            raise GS1EncodeError(_MESSAGES["qualifiers"].format(ais=", ".join(qualifiers), key=key))
        sequence = fitting[0]

    path = [key, _segment(fields[key])]
    for ai in sequence:
        if ai in fields:
            path += [ai, _segment(fields[ai])]
    query = []
    for ai, value in fields.items():
        if ai == key or ai in sequence:
            continue
        attribute = lookup(ai)
        if attribute is None or not attribute.dl_attribute:
            raise GS1EncodeError(_MESSAGES["attribute"].format(ai=ai))
        query.append(f"{ai}={_segment(value)}")
    uri = domain.rstrip("/") + "/" + "/".join(path)
    return uri + ("?" + "&".join(query) if query else "")
