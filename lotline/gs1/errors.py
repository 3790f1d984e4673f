"""Exceptions raised by lotline.gs1. Both are ValueErrors so callers can catch bad input generically."""


class GS1Error(ValueError):
    """Base class: something about GS1 data is wrong; the message is meant for a person."""


class GS1EncodeError(GS1Error):
    """Data cannot be encoded as a correct GS1 barcode or Digital Link; nothing was produced."""


class GS1ParseError(GS1Error):
    """A scanned string claims to be GS1 data but is malformed."""
