"""Swagger UI served from django-ninja's own static files, so /api/v1/docs works with no internet.

django-ninja renders a CDN page unless "ninja" is in INSTALLED_APPS; rather than depend on that, this page
loads the swagger-ui files that ship inside the ninja package through a small view (docs_asset).
"""

from __future__ import annotations

import json
import mimetypes
from pathlib import Path

import ninja
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from ninja.openapi.docs import Swagger

NINJA_STATIC = Path(ninja.__file__).parent / "static" / "ninja"
ASSETS = {"swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-init.js", "favicon.png", "favicon.svg"}


class OfflineSwagger(Swagger):
    def render_page(self, request: HttpRequest, api, **kwargs) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        # No "validator.swagger.io" badge: it would call out to the internet.
        self.settings["validatorUrl"] = None
        context = {
            "swagger_settings": json.dumps(self.settings, indent=1),
            "api": api,
            "add_csrf": True,
            "asset_base": reverse("api-docs-asset", args=["x"])[:-1],
        }
        return render(request, "api/swagger.html", context)


def docs_asset(request: HttpRequest, name: str) -> FileResponse:
    if name not in ASSETS:
        raise Http404(name)
    content_type, _encoding = mimetypes.guess_type(name)
    response = FileResponse((NINJA_STATIC / name).open("rb"), content_type=content_type)
    response["Cache-Control"] = "max-age=86400"
    return response
