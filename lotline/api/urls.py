"""The API's URL map: /api/v1/ (OpenAPI at /api/v1/openapi.json, interactive docs at /api/v1/docs)."""

from django.urls import path
from ninja import NinjaAPI

from . import errors, events, lots, read, trace, webhooks_api
from .auth import AUTH
from .docs import OfflineSwagger, docs_asset

api = NinjaAPI(
    title="lotline API",
    version="1",
    description="Record receipts, consumption, output and shipments; read lots, work orders, shipments and "
    "the ledger; trace and recall; manage webhooks (docs/api.md). Devices authenticate "
    "with `Authorization: Bearer <token>` (create one with `lotline create_api_token`); browsers use their "
    "session and send the CSRF token. Errors are always `{code, message, field}` (docs/api.md).",
    auth=AUTH,
    urls_namespace="api-v1",
    docs=OfflineSwagger(),
)
errors.install(api)
api.add_router("/events/", events.router)
# The trace before the lot detail: both take lot numbers with "/" in them ({path:number}), and the detail's
# pattern would also match "lots/A-1/trace".
api.add_router("/lots", trace.trace_router)
api.add_router("/lots/", lots.router)
api.add_router("/lots", read.lots_router)
api.add_router("/events", read.events_router)
api.add_router("/work-orders", read.work_orders_router)
api.add_router("/shipments", read.shipments_router)
api.add_router("/recall", trace.recall_router)
api.add_router("/webhooks", webhooks_api.router)

urlpatterns = [
    path("v1/docs-assets/<str:name>", docs_asset, name="api-docs-asset"),
    path("v1/", api.urls),
]
