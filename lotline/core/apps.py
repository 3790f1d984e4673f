from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lotline.core"
    label = "core"
    verbose_name = _("Traceability core")

    def ready(self) -> None:
        from lotline.core.roles import ensure_roles

        # Permissions exist only after migrate has run post_migrate for auth; groups are set up then.
        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="lotline-roles")
