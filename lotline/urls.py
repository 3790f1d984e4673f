"""URL map: the web app and the API mount themselves here when installed."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [path("admin/", admin.site.urls)]
if "lotline.api" in settings.INSTALLED_APPS:
    urlpatterns.append(path("api/", include("lotline.api.urls")))
if "lotline.web" in settings.INSTALLED_APPS:
    urlpatterns.append(path("", include("lotline.web.urls")))
