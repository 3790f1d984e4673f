"""Data in and out under /data/: spreadsheet imports, exports, EPCIS and FSMA 204 downloads."""

from django.urls import path

from lotline.web.views import data

urlpatterns = [
    path("", data.index, name="data-index"),
    path("template/<str:kind>.<str:fmt>", data.template_download, name="data-template"),
    path("export/<str:kind>.<str:fmt>", data.export_download, name="data-export"),
    path("import/", data.import_upload, name="data-import"),
    path("import/<uuid:uid>/", data.import_job, name="data-import-job"),
    path("import/<uuid:uid>/progress/", data.import_progress, name="data-import-progress"),
    path("import/<uuid:uid>/commit/", data.import_commit, name="data-import-commit"),
    path("epcis/export/", data.epcis_export_view, name="data-epcis-export"),
    path("epcis/import/", data.epcis_import_view, name="data-epcis-import"),
    path("fsma/", data.fsma_view, name="data-fsma"),
]
