"""The one font every lotline PDF uses: DejaVu Sans, vendored in lotline/lib/fonts/ (see its README.md).

The PDF base fonts (Helvetica) are WinAnsi only, so "Wrocław" prints as "Wroc■aw" and "Plzeň" as "Plze■".
DejaVu Sans covers Latin Extended, Greek and Cyrillic. Registering a TrueType font parses a 700 kB file, so
it happens once per process (labels are drawn hundreds per second); each PDF then embeds only the glyphs it
uses.
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.lib.fonts import addMapping  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]

FONT_DIR = Path(__file__).with_name("fonts")
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"

_lock = threading.Lock()
_registered = False


def pdf_fonts() -> tuple[str, str]:
    """(regular, bold) ReportLab font names, registered on first use; ``<b>`` in a Paragraph maps to bold."""
    global _registered
    if _registered:
        return REGULAR, BOLD
    with _lock:  # two request threads rendering their first PDF at once register it once
        if not _registered:
            pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf")))
            pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
            # Paragraph markup maps (family, bold, italic) to a font: without this "<b>" cannot find a bold.
            for bold, italic, name in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, REGULAR), (1, 1, BOLD)):
                addMapping(REGULAR, bold, italic, name)
            _registered = True
    return REGULAR, BOLD
