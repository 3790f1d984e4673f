"""Admin: label templates and printers are edited here; label prints and SSCC counters are read-only."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .config import company_prefix_problem
from .models import FIELD_CHOICES, LabelPrint, LabelTemplate, Printer, SsccCounter


class PrefixWarning:
    """Say on the list page what an operator is only told to ask about: the GS1 Company Prefix setting."""

    def changelist_view(self, request, extra_context=None):
        problem = company_prefix_problem()
        if problem:
            messages.warning(
                request, _("Pallet labels cannot be printed: %(problem)s") % {"problem": problem}
            )
        return super().changelist_view(request, extra_context)


class LabelTemplateForm(forms.ModelForm):
    """The fields shown as tick boxes ("shown"), stored in LabelTemplate.fields as a comma-separated list."""

    shown = forms.MultipleChoiceField(
        label=_("fields shown"), choices=FIELD_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = LabelTemplate
        fields = ["item_kind", "symbol", "size", "sheet", "encode_net_weight"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial["shown"] = list(self.instance.field_names)

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        chosen = set(cleaned.get("shown", []))
        # Stored in the label's own order, whatever order the boxes were ticked in.
        self.instance.fields = ",".join(name for name, _label in FIELD_CHOICES if name in chosen)
        return cleaned


@admin.register(LabelTemplate)
class LabelTemplateAdmin(admin.ModelAdmin):
    form = LabelTemplateForm
    list_display = ["item_kind", "symbol", "size", "sheet", "fields", "encode_net_weight"]


@admin.register(Printer)
class PrinterAdmin(admin.ModelAdmin):
    list_display = ["name", "site", "host", "port", "dpi", "size", "is_default"]
    list_filter = ["site"]


@admin.register(LabelPrint)
class LabelPrintAdmin(PrefixWarning, admin.ModelAdmin):
    """The print record: searchable, never edited."""

    list_display = [
        "printed_at",
        "lot",
        "shipment",
        "user",
        "format",
        "printer",
        "copies",
        "is_reprint",
        "reason",
    ]
    list_filter = ["format", "is_reprint", "printer"]
    search_fields = ["lot__number", "shipment__number", "reason", "barcode_data"]
    date_hierarchy = "printed_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SsccCounter)
class SsccCounterAdmin(PrefixWarning, admin.ModelAdmin):
    list_display = ["company_prefix", "extension_digit", "last"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # lowering it would issue an SSCC twice

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
