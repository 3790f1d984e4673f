"""Spreadsheet import and export (CSV, XLSX): rows → row specs → core services, with dry run and row errors.

Entry points for a view, an API endpoint or the CLI: ``dry_run``, ``commit``, ``export_kind``, ``template``.
"""
