"""Routings are master data: admins edit them (operations and their checklists inline). History models are
read-only here — they are written by the planning services only."""

from django.contrib import admin

from .models import CheckItem, Operation, PlanChange, Routing, WorkOrderTransition


class OperationInline(admin.TabularInline):
    model = Operation
    extra = 0


@admin.register(Routing)
class RoutingAdmin(admin.ModelAdmin):
    list_display = ["item", "note"]
    inlines = [OperationInline]


class CheckItemInline(admin.TabularInline):
    model = CheckItem
    extra = 0


@admin.register(Operation)
class OperationAdmin(admin.ModelAdmin):
    list_display = [
        "routing",
        "sequence",
        "name",
        "machine",
        "machine_group",
        "setup_minutes",
        "run_minutes_per_unit",
    ]
    inlines = [CheckItemInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WorkOrderTransition)
class WorkOrderTransitionAdmin(ReadOnlyAdmin):
    list_display = ["work_order", "from_status", "to_status", "user", "at"]


@admin.register(PlanChange)
class PlanChangeAdmin(ReadOnlyAdmin):
    list_display = ["work_order", "from_machine", "to_machine", "from_start", "to_start", "user", "at"]
