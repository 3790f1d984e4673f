from django.contrib import admin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created with `lotline create_api_token` (the clear text is shown once); here they are
    listed and revoked (deleted)."""

    list_display = ["name", "user", "scopes", "created_at", "last_used_at"]
    readonly_fields = ["name", "user", "created_at", "last_used_at"]
    fields = ["name", "user", "scopes", "created_at", "last_used_at"]

    def has_add_permission(self, request) -> bool:
        return False
