from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CirculationConfig(AppConfig):
    name = "circulation"
    verbose_name = _("分发与回执")

    def ready(self):
        from . import checks, receivers  # noqa: F401  (registers the checks, connects to notices' signals)
