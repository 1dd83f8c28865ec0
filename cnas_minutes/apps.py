from django.apps import AppConfig


class CnasMinutesConfig(AppConfig):
    """The project itself: request-wide behaviour (idle sessions)."""

    name = "cnas_minutes"
    verbose_name = "CNAS minutes"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import session_stamp_on_login

        user_logged_in.connect(session_stamp_on_login, dispatch_uid="session_stamp_on_login")
