import datetime

import factory
from django.contrib.auth import get_user_model

from attendees.models import Attendance, Membership
from meetings.models import Committee, CommitteeTerm, Meeting
from notices.models import IssuingOffice, Notice
from people.models import Organisation, Person, Post
from resolutions.models import Recommendation, Resolution


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-for-tests-only")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = "中国合格评定国家认可委员会"
    short_name = "CNAS"
    doc_prefix = "认可委"


class IssuingOfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IssuingOffice
        django_get_or_create = ["organisation", "code"]

    organisation = factory.SubFactory(OrganisationFactory)
    name = "秘书处"
    code = "秘"


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ["organisation", "name"]

    organisation = factory.SubFactory(OrganisationFactory)
    name = "执行委员会"
    kind = Committee.Kind.EXECUTIVE
    member_title = "执委"


class CommitteeTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeTerm
        django_get_or_create = ["committee", "number"]

    committee = factory.SubFactory(CommitteeFactory)
    number = 4


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    term = factory.SubFactory(CommitteeTermFactory)
    sitting = factory.Sequence(lambda n: n + 10)
    starts_on = datetime.date(2019, 12, 17)
    place = "福建泉州"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"张{n}")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    person = factory.SubFactory(PersonFactory)
    unit = "市场监管总局"
    title = "司长"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    term = factory.SubFactory(CommitteeTermFactory)
    person = factory.SubFactory(PersonFactory)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    category = Attendance.Category.PRESENT
    order = factory.Sequence(lambda n: n)


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resolution

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    proposal = "关于调整委员的提案"
    outcome = Resolution.Outcome.PASSED


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "进一步加强信息化建设。"


class NoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notice

    office = factory.SubFactory(IssuingOfficeFactory)
    meeting = factory.SubFactory(MeetingFactory)
    year = 2020
    sequence = factory.Sequence(lambda n: n + 100)
    title = "关于印发会议纪要的通知"
    recipients = "CNAS执行委员会委员"
    body = "现将会议纪要印发。"
    signatory = "中国合格评定国家认可委员会秘书处"
    date_signed = datetime.date(2020, 3, 9)
    issued_by = "中国合格评定国家认可委员会秘书处"
    date_issued = datetime.date(2020, 3, 9)
