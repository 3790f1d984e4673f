from django.contrib import admin

from .models import ApiToken, Webhook, WebhookDelivery


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created with `lotline create_api_token` (the clear text is shown once); here they are
    listed and revoked (deleted)."""

    list_display = ["name", "user", "scopes", "created_at", "last_used_at"]
    readonly_fields = ["name", "user", "created_at", "last_used_at"]
    fields = ["name", "user", "scopes", "created_at", "last_used_at"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    """Receivers of lot.held / lot.released / recall_case.created; the secret is shown, never edited here."""

    list_display = ["name", "url", "events", "is_active", "created_at"]
    readonly_fields = ["secret", "created_at", "last_event_id", "last_case_id"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """What was sent where, and how the attempts went (read-only: it is a record)."""

    list_display = [
        "webhook",
        "event",
        "status",
        "attempts",
        "response_status",
        "created_at",
        "next_attempt_at",
    ]
    list_filter = ["status", "event"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
