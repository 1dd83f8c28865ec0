from django.apps import AppConfig


class CnasMinutesConfig(AppConfig):
    """The project itself: request-wide behaviour (idle sessions), Chinese length messages."""

    name = "cnas_minutes"
    verbose_name = "CNAS minutes"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import session_stamp_on_login

        user_logged_in.connect(session_stamp_on_login, dispatch_uid="session_stamp_on_login")

        from django.apps import apps

        from .validators import chinese_lengths

        # Every model's CharField checks its max_length with Django's English-worded validator
        # (services and the admin meet it, not only the forms): say the excess in Chinese.
        for model in apps.get_models():
            chinese_lengths(model._meta.concrete_fields)
