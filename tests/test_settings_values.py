"""LOTLINE_DRILL_TARGET_SECONDS is checked at start-up like the other settings: a value the drill cannot use
(0, negative, more than a day) stops the process with a message naming the setting, instead of passing and
then breaking the first `lotline drill` on the Drill table's CHECK constraint."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from lotline.settings import MAX_DRILL_TARGET_SECONDS, drill_target_seconds

ROOT = Path(__file__).resolve().parents[1]


def start(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Run `manage.py <args>` in a fresh process with these settings (a scratch data folder; no database
    is touched before the settings are read)."""
    environment = {**os.environ, "LOTLINE_DATA_DIR": str(tmp_path), **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("value", ["0", "-5", str(MAX_DRILL_TARGET_SECONDS + 1)])
def test_an_unusable_drill_target_stops_start_up(tmp_path: Path, value: str) -> None:
    done = start(tmp_path, "drill", LOTLINE_DRILL_TARGET_SECONDS=value)
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert f"LOTLINE_DRILL_TARGET_SECONDS={value} is out of range" in done.stderr
    assert "IntegrityError" not in done.stderr


def test_a_drill_target_that_is_not_a_number_stops_start_up(tmp_path: Path) -> None:
    done = start(tmp_path, "check", LOTLINE_DRILL_TARGET_SECONDS="1m")
    assert done.returncode != 0
    assert "LOTLINE_DRILL_TARGET_SECONDS='1m' is not a whole number" in done.stderr


def test_a_usable_drill_target_starts(tmp_path: Path) -> None:
    done = start(tmp_path, "check", LOTLINE_DRILL_TARGET_SECONDS="90")
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("raw", "expected"), [(None, 60), ("", 60), ("1", 1), ("60", 60), (str(MAX_DRILL_TARGET_SECONDS), 86_400)]
)
def test_the_drill_target_range(monkeypatch: pytest.MonkeyPatch, raw: str | None, expected: int) -> None:
    if raw is None:
        monkeypatch.delenv("LOTLINE_DRILL_TARGET_SECONDS", raising=False)
    else:
        monkeypatch.setenv("LOTLINE_DRILL_TARGET_SECONDS", raw)
    assert drill_target_seconds() == expected


@pytest.mark.parametrize("raw", ["0", "-1", "86401", "2147483648"])
def test_the_drill_target_refuses_what_no_drill_can_use(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("LOTLINE_DRILL_TARGET_SECONDS", raw)
    with pytest.raises(ImproperlyConfigured, match="from 1 to 86400"):
        drill_target_seconds()
