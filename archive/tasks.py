"""Background work of the archive, run by the django-tasks worker (`manage.py db_worker`)."""

from django_tasks import task

from . import services
from .models import FixityCheck


@task()
def fixity_check(check_pk: int) -> int:
    """Run the fixity check the archivist asked for on the archive page; the number of problems."""
    check = services.fixity_check_run(check=FixityCheck.objects.get(pk=check_pk))
    return len(check.problems)
