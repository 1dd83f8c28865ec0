"""Notices issued before circulation existed get their recipient list (the term's seats, as a
new notice would), marked as issued before the application circulated anything: members keep
seeing what they saw before (the access rules now go through the list), and a correction of
such a notice has a list to copy. Nothing is sent for them."""

from django.db import migrations

FROZEN = ["issued", "superseded"]


def fill(apps, schema_editor):
    Notice = apps.get_model("notices", "Notice")
    Recipient = apps.get_model("circulation", "Recipient")
    Membership = apps.get_model("attendees", "Membership")
    rows = []
    for notice in Notice.objects.filter(status__in=FROZEN, circulation__isnull=True).select_related("meeting"):
        seen = set()
        seats = Membership.objects.filter(term_id=notice.meeting.term_id).order_by("order", "id")
        for membership in seats:
            person_id = membership.person_id or membership.contact_id
            if person_id is None or person_id in seen:
                continue
            seen.add(person_id)
            rows.append(
                Recipient(notice=notice, person_id=person_id, kind="main", order=len(seen), delivery="before")
            )
    Recipient.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("circulation", "0003_delivery_generation"),
        ("attendees", "0002_membership_contact"),
        ("notices", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
