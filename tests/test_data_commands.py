"""The data-exchange and token commands refuse with exit 2 and one plain line (docs/cli.md, "Exit codes"),
never exit 1 or a traceback: create_api_token, epcis_import, epcis_export, export_data, fsma_export,
send_webhooks."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lotline.api.models import ApiToken
from lotline.core.models import Event, Item


def refused(*args: str) -> tuple[str, str]:
    """(the one refusal line, what went to stdout before it); the exit code must be 2."""
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command(*args, stdout=out, stderr=io.StringIO())
    assert error.value.returncode == 2
    return str(error.value), out.getvalue()


# -- create_api_token ----------------------------------------------------------------------------------------


def test_create_api_token_refusals_exit_2(plant):
    """An unknown user exited 1 with "No user 'nobody'."; a bad scope with ApiToken's untranslated words."""
    assert refused("create_api_token", "nobody", "scanner") == ("No user nobody.", "")
    assert refused("create_api_token", "olga", "scanner", "--scopes", "read,fly") == (
        "Unknown scopes fly; use one or more of read, record, admin.",
        "",
    )
    assert refused("create_api_token", "olga", "scanner", "--scopes", " , ") == (
        "Unknown scopes ''; use one or more of read, record, admin.",
        "",
    )
    too_long = "Give the token a name of 1 to 100 characters (what it is for)."
    assert refused("create_api_token", "olga", "x" * 101) == (too_long, "")
    assert refused("create_api_token", "olga", "  ") == (too_long, "")
    assert not ApiToken.objects.exists()


def test_create_api_token_stores_each_scope_once(plant):
    """ "read, read, read, …" would not fit the 40-character column (a database error on PostgreSQL)."""
    out = io.StringIO()
    call_command("create_api_token", "olga", "scanner", "--scopes", "record, read," * 5, stdout=out)
    assert out.getvalue().startswith("llt_")
    assert ApiToken.objects.get().scopes == "read,record"


# -- epcis_import --------------------------------------------------------------------------------------------


def test_epcis_import_refusals_exit_2(plant, tmp_path):
    """A missing file exited 1; an unknown --site or --user silently meant the default site or no user."""
    assert refused("epcis_import", str(tmp_path / "none.json")) == (f"No file {tmp_path / 'none.json'}.", "")
    document = tmp_path / "doc.json"
    document.write_text("{}")
    assert refused("epcis_import", str(document), "--site", "NOPE") == ("No site NOPE.", "")
    assert refused("epcis_import", str(document), "--user", "nobody") == ("No user nobody.", "")


def test_an_invalid_epcis_document_exits_2_with_its_errors_listed(plant, tmp_path):
    """It printed the errors and a summary, then exited 1 (SystemExit)."""
    document = tmp_path / "doc.json"
    document.write_text("{}")
    line, out = refused("epcis_import", str(document))
    reasons = out.splitlines()  # the schema's, one line each
    assert len(reasons) > 1 and all(reason.strip() for reason in reasons)
    assert line == f"0 events, {len(reasons)} errors — refused, nothing written."
    assert not Event.objects.exists()


def test_a_valid_epcis_document_imports_with_a_summary(plant, tmp_path):
    document = tmp_path / "ledger.json"
    call_command("epcis_export", "-o", str(document))
    out = io.StringIO()
    call_command("epcis_import", str(document), stdout=out)
    assert out.getvalue() == "0 events: 0 recorded, 0 already recorded, 0 skipped, 0 errors\n"


# -- epcis_export, fsma_export, export_data ------------------------------------------------------------------


@pytest.mark.parametrize("command", ["epcis_export", "fsma_export"])
def test_export_times_are_refused_in_plain_words(plant, command):
    """A time without a zone exited 1; a malformed one was a ValueError traceback."""
    assert refused(command, "--since", "2026-03-01T00:00") == (
        "--since 2026-03-01T00:00 has no time zone; give one, e.g. 2026-03-01T00:00+00:00.",
        "",
    )
    assert refused(command, "--until", "yesterday") == (
        "--until takes an ISO date and time with its zone (2026-03-01T00:00+01:00), not yesterday.",
        "",
    )
    assert refused(command, "--since", "0001-01-01T00:30+01:00") == (
        "“since”: 0001-01-01T00:30:00+01:00 lies outside the years 1970–2100.",
        "",
    )


def test_epcis_export_refuses_an_unknown_site(plant):
    """It wrote an empty document, as if the site had no events."""
    assert refused("epcis_export", "--site", "NOPE") == ("No site NOPE.", "")


@pytest.mark.parametrize(
    "args",
    [["epcis_export"], ["export_data", "items"], ["fsma_export"], ["export_data", "items", "--template"]],
    ids=["epcis_export", "export_data", "fsma_export", "template"],
)
def test_a_file_that_cannot_be_written_is_refused(plant, tmp_path, args):
    """An OSError traceback before."""
    target = tmp_path / "missing-folder" / "out.csv"
    assert refused(*args, "-o", str(target)) == (f"Cannot write {target}: No such file or directory.", "")


def test_fsma_gaps_count_their_rows(plant, capsys):
    Item.objects.filter(code="STEEL").update(is_food=True)
    call_command("fsma_export", "--gaps")
    assert capsys.readouterr().out == "0 rows with missing KDEs\n"


# -- send_webhooks -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("interval", ["0", "-1", "nan"])
def test_send_webhooks_refuses_an_interval_it_cannot_sleep(plant, interval):
    """time.sleep(-1) was a ValueError traceback after the first round."""
    line, _out = refused("send_webhooks", "--loop", "--interval", interval)
    assert line == f"--interval takes a number of seconds above zero, not {float(interval)}."


# -- the real process ----------------------------------------------------------------------------------------


def test_the_process_exits_2_with_one_line_on_stderr(tmp_path):
    """What a script sees: exit status 2 and a single "CommandError: …" line — it was exit 1."""
    lotline = Path(sys.executable).with_name("lotline")
    env = {**os.environ, "LOTLINE_DATA_DIR": str(tmp_path)}
    env.pop("LOTLINE_DATABASE_URL", None)  # no database is needed to refuse a time without a zone
    done = subprocess.run(
        [str(lotline), "epcis_export", "--since", "2026-03-01T00:00"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "CommandError: --since 2026-03-01T00:00 has no time zone; give one, e.g. 2026-03-01T00:00+00:00.\n"
    )
