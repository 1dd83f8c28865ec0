from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("归档")

    def ready(self):
        from . import receivers  # noqa: F401  (connects to notices' signals)
