"""Data in and out under /data/: spreadsheet imports, exports, EPCIS and FSMA 204 downloads."""

urlpatterns: list = []
