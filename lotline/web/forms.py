"""Forms of the floor and desk screens. They parse and check input; the core services decide."""

from __future__ import annotations

import json
import uuid

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lotline.core.models import EventKind, Item, Lot, Machine, Party, WorkOrder
from lotline.core.scanning import interpret_scan
from lotline.core.services import LedgerError
from lotline.lib.quantities import NUMBER

SCAN_ATTRS = {"data-scan": "1", "autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}


class ReceiveForm(forms.Form):
    """Receiving: the supplier's lot may be typed or scanned from their GS1 label (then AI 10 is taken)."""

    event_id = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    supplier = forms.ModelChoiceField(
        Party.objects.filter(role__in=[Party.Role.SUPPLIER, Party.Role.BOTH]),
        label=_("Supplier"),
        to_field_name="code",
        empty_label=_("Choose…"),
    )
    item = forms.ModelChoiceField(
        Item.objects.all(), label=_("Item"), to_field_name="code", empty_label=_("Choose…")
    )
    supplier_lot = forms.CharField(
        label=_("Supplier's lot (scan or type)"), max_length=400, widget=forms.TextInput(attrs=SCAN_ATTRS)
    )
    delivery_ref = forms.CharField(
        label=_("Delivery note"), max_length=60, widget=forms.TextInput(attrs=SCAN_ATTRS)
    )
    quantity = forms.DecimalField(
        label=_("Quantity"),
        min_value=0,
        max_digits=18,
        decimal_places=6,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )
    expires_on = forms.DateField(
        label=_("Expires on (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The quantity is in the item's unit: the page shows it beside the field and follows the item choice.
        self.units = dict(Item.objects.values_list("code", "unit"))
        self.fields["quantity"].widget.attrs["data-units"] = json.dumps(self.units)

    def current_unit(self) -> str:
        code = self["item"].value()
        return self.units.get(str(code), "") if code else ""

    def clean_quantity(self):
        # Django's DecimalField, like Python's Decimal(), also reads "1_000" and other scripts' digits.
        typed = str(self.data.get(self.add_prefix("quantity"), "")).strip().replace(",", ".")
        if typed and not NUMBER.fullmatch(typed):
            raise forms.ValidationError(_("Enter the quantity as a number, like 12.5."))
        return self.cleaned_data["quantity"]

    def clean(self):
        data = super().clean()
        raw = data.get("supplier_lot") or ""
        try:
            scan = interpret_scan(raw)
        except LedgerError as exc:
            self.add_error("supplier_lot", exc.message)
            return data
        if scan.kind != "lot_number":
            if not scan.lot:
                self.add_error("supplier_lot", _("This barcode carries no lot number (AI 10)."))
                return data
            data["supplier_lot"] = scan.lot
            if scan.expiry and not data.get("expires_on"):
                data["expires_on"] = scan.expiry
        else:
            data["supplier_lot"] = raw.strip()
        return data


class LotFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    item = forms.ModelChoiceField(
        Item.objects.all(), label=_("Item"), required=False, to_field_name="code", empty_label=_("All")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("any status")), ("held", _("held (any kind)")), *Lot.Status.choices],
    )
    origin = forms.ChoiceField(
        label=_("Origin"), required=False, choices=[("", _("any origin")), *Lot.Origin.choices]
    )
    machine = forms.ModelChoiceField(
        Machine.objects.all(), label=_("Machine"), required=False, to_field_name="code", empty_label=_("All")
    )
    made_on = forms.DateField(
        label=_("Made or received on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def filter(self, lots):
        # The fields that read cleanly filter; a bad one (a mistyped date, an unknown item) is named on the
        # page by _filter_errors.html rather than silently dropped.
        if not self.is_bound:
            return lots
        self.is_valid()
        data = self.cleaned_data
        if data.get("q"):
            q = data["q"].strip()
            lots = lots.filter(
                Q(number__icontains=q)
                | Q(supplier_lot__icontains=q)
                | Q(delivery__reference__icontains=q)
                | Q(work_order__number__icontains=q)
            )
        if data.get("item"):
            lots = lots.filter(item=data["item"])
        if data.get("status") == "held":
            lots = lots.exclude(status=Lot.Status.RELEASED)
        elif data.get("status"):
            lots = lots.filter(status=data["status"])
        if data.get("origin"):
            lots = lots.filter(origin=data["origin"])
        if data.get("machine"):
            lots = lots.filter(machine=data["machine"])
        if data.get("made_on"):
            # A calendar day in the active time zone (the desk views activate the user's site zone).
            lots = lots.filter(created_at__date=data["made_on"])
        return lots


class WorkOrderFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("any status")), *WorkOrder.Status.choices]
    )

    def filter(self, orders):
        # As LotFilterForm: an unknown status is named on the page, not answered with an empty list.
        if not self.is_bound:
            return orders
        self.is_valid()
        if q := (self.cleaned_data.get("q") or "").strip():
            orders = orders.filter(
                Q(number__icontains=q) | Q(item__code__icontains=q) | Q(customer_ref__icontains=q)
            )
        if status := self.cleaned_data.get("status"):
            orders = orders.filter(status=status)
        return orders


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("any kind")), *EventKind.choices]
    )
    since = forms.DateField(label=_("Since"), required=False)
    # An event and its correction together (the events list links a correction and its original this way).
    event = forms.UUIDField(label=_("Event"), required=False, widget=forms.HiddenInput)

    def filter(self, events):
        if not self.is_bound:
            return events
        self.is_valid()  # as LotFilterForm: what cleans filters, what does not is named on the page
        if uid := self.cleaned_data.get("event"):
            events = events.filter(Q(uid=uid) | Q(corrects__uid=uid))
        if kind := self.cleaned_data.get("kind"):
            events = events.filter(kind=kind)
        if since := self.cleaned_data.get("since"):
            events = events.filter(occurred_at__date__gte=since)
        return events


# What is wrong with a hold, release or correction, in the supervisor's words and naming the field (the
# desk shows these instead of one "say why" for every problem). A missing reason is asked for in the
# words of the action by the view.
REASON_TOO_LONG = _("The reason is %(show_value)s characters long; at most %(limit_value)s fit.")


class StatusChangeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, error_messages={"max_length": REASON_TOO_LONG}
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[(s, s.label) for s in (Lot.Status.ON_HOLD, Lot.Status.QUARANTINED, Lot.Status.RECALLED)],
        error_messages={
            "invalid_choice": _("Status %(value)s is not a hold; choose on hold, quarantined or recalled.")
        },
    )
    reference = forms.CharField(
        label=_("Reference (e.g. complaint, recall case)"),
        max_length=60,
        required=False,
        error_messages={
            "max_length": _("The reference is %(show_value)s characters long; at most %(limit_value)s fit.")
        },
    )


class ReleaseForm(StatusChangeForm):
    """A release sets the status back to released: a status sent with it is not the release's business."""

    status = None


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this event wrong?"), max_length=500, error_messages={"max_length": REASON_TOO_LONG}
    )
