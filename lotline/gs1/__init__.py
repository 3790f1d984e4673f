"""GS1 barcodes for lotline: check digits, element strings, Digital Link URIs, SSCCs and scan parsing.

Pure Python (no Django): the AI rules come from GS1's Barcode Syntax Dictionary in ``data/``.
"""

from .check_digits import check_digit, has_valid_check_digit, normalize_gtin
from .digital_link import DEFAULT_DOMAIN, build_digital_link
from .element_string import GS, ElementString, encode_element_string
from .errors import GS1EncodeError, GS1Error, GS1ParseError
from .scan import ScanResult, parse_scan
from .sscc import build_sscc
from .validate import check_value, parse_yymmdd

__all__ = [
    "DEFAULT_DOMAIN",
    "GS",
    "ElementString",
    "GS1EncodeError",
    "GS1Error",
    "GS1ParseError",
    "ScanResult",
    "build_digital_link",
    "build_sscc",
    "check_digit",
    "check_value",
    "encode_element_string",
    "has_valid_check_digit",
    "normalize_gtin",
    "parse_scan",
    "parse_yymmdd",
]
