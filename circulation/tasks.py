"""Background work of circulation, run by the django-tasks worker (`manage.py db_worker`)."""

from django_tasks import task

from . import services


@task()
def deliver_notice(recipient_pk: int, generation: int, reminder: bool = False) -> str | None:
    """Email one recipient the issued notice (or a reminder to acknowledge it)."""
    return services.recipient_deliver(recipient_pk, generation, reminder)


@task()
def deliver_invitation(reply_pk: int, generation: int) -> str | None:
    """Email one member the invitation to a meeting with its reply slip."""
    return services.reply_deliver(reply_pk, generation)
