import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.mark.parametrize(("model", "model_admin"), _registered(), ids=lambda v: getattr(v, "__name__", ""))
def test_admin_pages_load_for_every_model(client, archivist, seed_meeting, model, model_admin):
    client.force_login(archivist)
    info = (model._meta.app_label, model._meta.model_name)
    changelist = reverse("admin:{}_{}_changelist".format(*info))
    assert client.get(changelist).status_code == 200
    if model_admin.search_fields:
        assert client.get(changelist, {"q": "委员会"}).status_code == 200
    assert client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200
    obj = model.objects.first()
    if obj is not None:
        assert client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk])).status_code == 200


def test_admin_refuses_a_user_without_staff_status(client, member):
    client.force_login(member)
    response = client.get(reverse("admin:meetings_meeting_changelist"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_admin_rejects_duplicate_document_number_in_chinese(client, archivist, seed_meeting):
    from meetings.models import Notice

    client.force_login(archivist)
    notice = Notice.objects.get()
    data = {
        "office": notice.office_id,
        "year": 2020,
        "sequence": 20,
        "meeting": seed_meeting.pk,
        "title": "另一份通知",
        "recipients": "全体委员",
        "body": "正文",
        "closing_phrase": "特此通知。",
        "signatory": "秘书处",
        "date_signed": "2020-03-10",
        "issued_by": "秘书处",
        "date_issued": "2020-03-10",
        "status": "draft",
    }
    response = client.post(reverse("admin:meetings_notice_add"), data)
    assert response.status_code == 200
    assert "该发文字号已被使用" in response.content.decode()
    assert Notice.objects.count() == 1
