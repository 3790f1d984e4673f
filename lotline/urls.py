"""URL map: the admin, the HTTP API under /api/, and the web app."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("lotline.api.urls")),
    path("", include("lotline.web.urls")),
]

# A busy database met after the view (saving the session) answers 503 like one met inside it; under /api/
# every error Django answers by itself (no such address, an unreadable body, a crash) is the API's JSON.
handler400 = "lotline.web.middleware.bad_request"
handler403 = "lotline.web.middleware.permission_denied"
handler404 = "lotline.web.middleware.page_not_found"
handler500 = "lotline.web.middleware.server_error"
