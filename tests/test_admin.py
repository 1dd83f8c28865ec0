import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.mark.parametrize(("model", "model_admin"), _registered(), ids=lambda v: getattr(v, "__name__", ""))
def test_admin_pages_load_for_every_model(client, admin_user, seed_meeting, model, model_admin):
    client.force_login(admin_user)
    info = (model._meta.app_label, model._meta.model_name)
    changelist = reverse("admin:{}_{}_changelist".format(*info))
    assert client.get(changelist).status_code == 200
    if model_admin.search_fields:
        assert client.get(changelist, {"q": "委员会"}).status_code == 200
    # Notices are read only in the admin (they change through the app's services).
    can_add = model_admin.has_add_permission(_request(admin_user))
    assert client.get(reverse("admin:{}_{}_add".format(*info))).status_code == (200 if can_add else 403)
    obj = model.objects.first()
    if obj is not None:
        assert client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk])).status_code == 200


def test_admin_refuses_a_user_without_staff_status(client, member):
    client.force_login(member)
    response = client.get(reverse("admin:meetings_meeting_changelist"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_admin_shows_notices_and_meeting_status_read_only(client, admin_user, seed_meeting):
    # The duplicate-number refusal the admin used to show is the model's (test_models); the
    # admin no longer writes notices at all, nor a meeting's status.
    from notices.models import Notice

    client.force_login(admin_user)
    notice = Notice.objects.get()
    assert client.post(reverse("admin:notices_notice_add"), {"title": "另一份通知"}).status_code == 403
    response = client.post(reverse("admin:notices_notice_change", args=[notice.pk]), {"title": "改"})
    assert response.status_code == 403
    assert Notice.objects.get().title == notice.title
    page = client.get(reverse("admin:meetings_meeting_change", args=[seed_meeting.pk])).content.decode()
    assert 'name="status"' not in page
