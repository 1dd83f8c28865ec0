"""Writes to the people the minutes name."""

from django.db import transaction

from .models import Person, Post


@transaction.atomic
def person_create(*, name: str, note: str = "", unit: str = "", title: str = "") -> Person:
    """A person the system did not know yet (a guest, an observer), with their post if given."""
    person = Person(name=name.strip(), note=note.strip())
    person.full_clean()
    person.save()
    if title.strip():
        post = Post(person=person, unit=unit.strip(), title=title.strip())
        post.full_clean()
        post.save()
    return person
