"""Organisations and the people named in minutes, with the posts they hold (layer 1)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnas_minutes.validators import plausible_date, printable_line


class Organisation(models.Model):
    """A body whose committees meet and whose secretariat issues documents (e.g. CNAS)."""

    name = models.CharField(_("全称"), max_length=100, unique=True, validators=[printable_line])
    short_name = models.CharField(_("简称"), max_length=30, blank=True, validators=[printable_line])
    doc_prefix = models.CharField(
        _("发文机关代字"),
        max_length=20,
        help_text=_("发文字号的机关代字，如“认可委”。"),
        validators=[printable_line],
    )
    issuer_mark = models.CharField(
        _("发文机关标志"),
        max_length=60,
        blank=True,
        help_text=_("版头上的红色标志；留空则为“全称 + 文件”。"),
        validators=[printable_line],
    )

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def issuer_mark_text(self) -> str:
        return self.issuer_mark or f"{self.name}文件"


class Person(models.Model):
    """A person named in minutes: member, guest, observer or delegate."""

    name = models.CharField(_("姓名"), max_length=50, db_index=True, validators=[printable_line])
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("登录账号"),
    )
    note = models.CharField(
        _("备注"),
        max_length=200,
        blank=True,
        help_text=_("区分同名人员时填写，如所在单位。"),
        validators=[printable_line],
    )

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.note}）" if self.note else self.name

    def posts_on(self, date: datetime.date) -> list["Post"]:
        """The posts held on `date`, in their order (from the prefetched posts when there are)."""
        return [post for post in self.posts.all() if post.held_on(date)]

    def posts_text_on(self, date: datetime.date) -> str:
        """The posts held on `date`, joined as minutes write them: A、B."""
        return "、".join(post.text for post in self.posts_on(date))

    @property
    def posts_text(self) -> str:
        """The posts held today (name pickers, lists); the minutes ask for their meeting's date."""
        return self.posts_text_on(timezone.localdate())


class Post(models.Model):
    """A post a person holds: a unit (市场监管总局) and a title in it (认证监督管理司司长)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="posts", verbose_name=_("人员"))
    unit = models.CharField(
        _("单位"),
        max_length=100,
        blank=True,
        help_text=_("职务所在单位，如“市场监管总局”“CNAS”。同一句中连续相同的单位只写一次。"),
        validators=[printable_line],
    )
    title = models.CharField(_("职务"), max_length=100, validators=[printable_line])
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    # A post is held from `starts_on` to `ends_on`, both days included; an open end is unknown
    # or still running. The minutes print the posts held on the meeting's date (王凤清: CNAS主任
    # in 2013, CNAS荣誉主任 in 2019).
    starts_on = models.DateField(
        _("任职起始日期"), null=True, blank=True, help_text=_("不详可留空。"), validators=[plausible_date]
    )
    ends_on = models.DateField(
        _("任职终止日期"), null=True, blank=True, help_text=_("现任留空。"), validators=[plausible_date]
    )

    class Meta:
        verbose_name = _("职务")
        verbose_name_plural = _("职务")
        ordering = ["person", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="post_dates_ordered",
                violation_error_message=_("任职终止日期不能早于起始日期。"),
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return f"{self.unit}{self.title}"

    def held_on(self, date: datetime.date) -> bool:
        return (self.starts_on is None or self.starts_on <= date) and (
            self.ends_on is None or date <= self.ends_on
        )

    @property
    def is_current(self) -> bool:
        return self.held_on(timezone.localdate())

    @classmethod
    def held_on_q(cls, date: datetime.date, prefix: str = "") -> Q:
        """The posts held on `date`, as a filter (`prefix` for a lookup through a relation)."""
        return (Q(**{f"{prefix}starts_on__isnull": True}) | Q(**{f"{prefix}starts_on__lte": date})) & (
            Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": date})
        )
