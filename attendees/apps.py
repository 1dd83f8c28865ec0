from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendeesConfig(AppConfig):
    name = "attendees"
    verbose_name = _("出席人员")

    def ready(self):
        from . import services  # noqa: F401  (registers the attendance list with meetings' sitting copy)
