"""One interface for every label output: ``renderer.render(labels, spec) -> bytes``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from .content import LabelContent, LabelSpec
from .pdf import render_pdf
from .zpl import render_zpl


class LabelRenderer(Protocol):
    """Turns labels into a printable document."""

    media_type: str
    file_extension: str

    def render(self, labels: Iterable[LabelContent], spec: LabelSpec) -> bytes: ...


@dataclass(frozen=True)
class PdfRenderer:
    """PDF for office printers (sheets) and label printers with a driver (one label per page)."""

    media_type: str = "application/pdf"
    file_extension: str = "pdf"

    def render(self, labels: Iterable[LabelContent], spec: LabelSpec) -> bytes:
        return render_pdf(labels, spec)


@dataclass(frozen=True)
class ZplRenderer:
    """ZPL II for Zebra printers at ``dpi`` (203 or 300)."""

    dpi: int = 203
    media_type: str = "application/vnd.zebra-zpl"
    file_extension: str = "zpl"

    def render(self, labels: Iterable[LabelContent], spec: LabelSpec) -> bytes:
        return render_zpl(labels, spec, self.dpi).encode("ascii")
