"""EPCIS 2.0 and FSMA 204: pure mappings over ledger events (epcis_model, epcis_json, epcis_xml, fsma) and the
thin Django side that reads the ledger (ledger_source) or records a partner's events (epcis_import)."""
