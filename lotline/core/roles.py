"""The three roles, as Django groups with permissions (created after every migrate).

- operator: records events (receive, consume, produce, ship) and looks lots up.
- supervisor: also holds and releases, corrects, and sees traces, recalls and reports.
- admin: also manages master data (items, parties, machines…) in the admin site.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

OPERATOR, SUPERVISOR, ADMIN = "operator", "supervisor", "admin"

OPERATOR_PERMS = ["core.record_events"]
SUPERVISOR_PERMS = [*OPERATOR_PERMS, "core.hold_release", "core.correct_events", "core.view_reports"]
MASTER_DATA_MODELS = ["site", "location", "machine", "party", "item", "recipe", "recipeline", "workorder"]
ADMIN_PERMS = [
    *SUPERVISOR_PERMS,
    *[f"core.{action}_{model}" for model in MASTER_DATA_MODELS for action in ("add", "change", "view")],
]
# Label set-up lives in the printing app; its permissions are looked up by name like the rest.
ADMIN_PERMS += [
    *[
        f"printing.{action}_{model}"
        for model in ("labeltemplate", "printer")
        for action in ("add", "change", "view")
    ],
    "printing.view_labelprint",
    *[
        f"planning.{action}_{model}"
        for model in ("routing", "operation", "checkitem")
        for action in ("add", "change", "view")
    ],
]
ROLE_PERMS = {OPERATOR: OPERATOR_PERMS, SUPERVISOR: SUPERVISOR_PERMS, ADMIN: ADMIN_PERMS}


def ensure_roles(**_kwargs: object) -> None:
    """Create or refresh the role groups; extra permissions an admin added by hand are kept."""
    for role, perms in ROLE_PERMS.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                wanted.append(permission)
        group.permissions.add(*wanted)
