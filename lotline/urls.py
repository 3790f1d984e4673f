"""URL map: the admin, the HTTP API under /api/, and the web app."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("lotline.api.urls")),
    path("", include("lotline.web.urls")),
]

# A busy database met after the view (saving the session) answers 503 like one met inside it.
handler400 = "lotline.web.middleware.bad_request"
handler500 = "lotline.web.middleware.server_error"
