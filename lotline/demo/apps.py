from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The seeded demo plant and its `load_demo` command (kept out of the core: demo data is not domain)."""

    name = "lotline.demo"
    label = "demo"
    verbose_name = _("Demo plant")
