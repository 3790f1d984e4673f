"""URL map: the admin, the HTTP API under /api/, and the web app."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("lotline.api.urls")),
    path("", include("lotline.web.urls")),
]
