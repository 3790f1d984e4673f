"""Shared steps of the floor browser tests: type a scan like a wedge scanner, wait for the verdict."""

from __future__ import annotations

GS_KEY = "Control+BracketRight"


def wedge_scan(page, *parts: str) -> None:
    """Type a scan as a keyboard-wedge scanner does; "<GS>" between parts is sent as Ctrl+]."""
    field = page.locator("#scan")
    field.focus()
    for index, part in enumerate(parts):
        if index:
            page.keyboard.press(GS_KEY)
        page.keyboard.type(part)
    page.keyboard.press("Enter")


def verdict(page, before: int, timeout: float = 10_000) -> tuple[str, str]:
    """Wait for the banner's next final verdict (ok / error) after sequence number ``before``."""
    page.wait_for_function(
        """(before) => { const b = document.getElementById('banner');
             return +(b.dataset.seq || 0) > before && ['ok', 'error'].includes(b.dataset.state); }""",
        arg=before,
        timeout=timeout,
    )
    banner = page.locator("#banner")
    return banner.get_attribute("data-state"), banner.inner_text()


def seq(page) -> int:
    return int(page.locator("#banner").get_attribute("data-seq") or 0)


def scan_and_wait(page, *parts: str) -> tuple[str, str]:
    before = seq(page)
    wedge_scan(page, *parts)
    return verdict(page, before)
