"""The CLI: `lotline import_data KIND FILE --map … --dry-run` with a progress bar; exports to files."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from lotline.core.models import Lot


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_data_with_mapping_dry_run_then_commit(plant, tmp_path):
    sheet = tmp_path / "stock.csv"
    sheet.write_text(
        "Charge;Artikel;Menge;Lieferant;Lieferantencharge;Lieferschein\nK1;STEEL;12,5;STEELCO;X-1;LS-1\n"
    )
    maps = [
        "--map",
        "Charge=lot_number",
        "--map",
        "Artikel=item",
        "--map",
        "Menge=quantity",
        "--map",
        "Lieferant=supplier",
        "--map",
        "Lieferantencharge=supplier_lot",
        "--map",
        "Lieferschein=delivery_ref",
    ]
    out, err = run("import_data", "opening_stock", str(sheet), *maps, "--dry-run")
    assert "1 rows, 0 errors — dry run: would import" in out
    assert err.endswith("] 1/1 rows\n") and "[" + "#" * 40 + "]" in err
    assert not Lot.objects.exists()
    run("import_data", "opening_stock", str(sheet), *maps)
    assert str(Lot.objects.get(number="K1").balances.get().quantity.normalize()) == "12.5"


def test_import_data_reports_row_errors_and_fails(plant, tmp_path):
    sheet = tmp_path / "items.csv"
    sheet.write_text("code,name,kind,unit\nNUT,Nut,raw,furlong\n")
    with pytest.raises(CommandError) as refused:  # a refusal: exit 2, nothing written
        run("import_data", "items", str(sheet))
    assert refused.value.returncode == 2


def test_exports_write_files(plant, tmp_path):
    target = tmp_path / "items.xlsx"
    run("export_data", "items", "--format", "xlsx", "-o", str(target))
    assert target.read_bytes()[:2] == b"PK"
    epcis = tmp_path / "ledger.json"
    run("epcis_export", "-o", str(epcis))
    assert json.loads(epcis.read_text())["type"] == "EPCISDocument"
    out, _err = run("fsma_export", "--gaps")
    assert out == "0 rows with missing KDEs\n"
