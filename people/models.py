"""Organisations and the people named in minutes, with the posts they hold (layer 1)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A body whose committees meet and whose secretariat issues documents (e.g. CNAS)."""

    name = models.CharField(_("全称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    doc_prefix = models.CharField(
        _("发文机关代字"), max_length=20, help_text=_("发文字号的机关代字，如“认可委”。")
    )
    issuer_mark = models.CharField(
        _("发文机关标志"),
        max_length=60,
        blank=True,
        help_text=_("版头上的红色标志；留空则为“全称 + 文件”。"),
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

    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("登录账号"),
    )
    note = models.CharField(
        _("备注"), max_length=200, blank=True, help_text=_("区分同名人员时填写，如所在单位。")
    )

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.note}）" if self.note else self.name

    @property
    def posts_text(self) -> str:
        """The person's current posts, joined as minutes write them: A、B."""
        return "、".join(post.text for post in self.posts.all() if post.is_current)


class Post(models.Model):
    """A post a person holds: a unit (市场监管总局) and a title in it (认证监督管理司司长)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="posts", verbose_name=_("人员"))
    unit = models.CharField(
        _("单位"),
        max_length=100,
        blank=True,
        help_text=_("职务所在单位，如“市场监管总局”“CNAS”。同一句中连续相同的单位只写一次。"),
    )
    title = models.CharField(_("职务"), max_length=100)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_current = models.BooleanField(_("现任"), default=True)

    class Meta:
        verbose_name = _("职务")
        verbose_name_plural = _("职务")
        ordering = ["person", "order", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return f"{self.unit}{self.title}"
