"""Writes to the people the minutes name."""

import datetime

from django.db import transaction

from .models import Person, Post


@transaction.atomic
def person_create(
    *, name: str, note: str = "", unit: str = "", title: str = "", since: datetime.date | None = None
) -> Person:
    """A person the system did not know yet (a guest, an observer), with their post if given
    (held from `since`, or since a date not known)."""
    person = Person(name=name.strip(), note=note.strip())
    person.full_clean()
    person.save()
    if title.strip():
        post = Post(person=person, unit=unit.strip(), title=title.strip(), starts_on=since)
        post.full_clean()
        post.save()
    return person
