"""Load the demo meeting (the seed package) and one account per role."""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from archive.services import archive_record_create
from demo.seed import DEMO_MEMBER_PERSON, demo_draft_load, demo_load, demo_planned_load
from meetings import permissions as roles
from notices.services import issued_copy_store
from people.models import Person

# username -> (role group, is_staff, is_superuser, display name)
DEMO_ACCOUNTS = {
    "secretary": (roles.SECRETARY, False, False, "秘书处起草人"),
    "signatory": (roles.SIGNATORY, False, False, "签发人"),
    "member": (roles.MEMBER, False, False, "执行委员会委员"),
    "archivist": (roles.ARCHIVIST, False, False, "档案管理员"),
    # The reference data (organisations, offices, committees, people) is kept in /admin/.
    "admin": (None, True, True, "系统管理员"),
}


def _demo_password() -> tuple[str, bool]:
    """DEMO_PASSWORD when set, else one generated once and kept in var/ (mode 600)."""
    if os.environ.get("DEMO_PASSWORD"):
        password = os.environ["DEMO_PASSWORD"]
        try:
            validate_password(password)
        except ValidationError as error:
            reasons = "".join(error.messages)
            raise CommandError(f"DEMO_PASSWORD 太弱，未建演示账号：{reasons}") from None
        return password, False
    path = settings.VAR_DIR / "demo_password"
    if path.exists():
        return path.read_text().strip(), True
    password = secrets.token_urlsafe(12)
    settings.VAR_DIR.mkdir(exist_ok=True)
    path.write_text(password)
    path.chmod(0o600)
    return password, True


class Command(BaseCommand):
    help = "载入演示数据（CNAS 第四届执行委员会第二次会议）和各角色的演示账号。"

    def add_arguments(self, parser):
        parser.add_argument("--no-accounts", action="store_true", help="只载入会议数据，不建账号。")

    def handle(self, *args, **options):
        # A weak DEMO_PASSWORD stops the command before anything is loaded.
        password, generated = (None, False) if options["no_accounts"] else _demo_password()
        meeting = demo_load()
        self._archive_seed(meeting)
        draft = demo_draft_load()
        planned = demo_planned_load()
        self.stdout.write(
            f"演示会议：{meeting.minutes_title}（已印发，已分发给执行委员会委员）；{draft.minutes_title}（草稿）；"
            f"{planned.full_name}（{planned.starts_on:%Y-%m-%d}，已发会议通知）"
        )
        if options["no_accounts"]:
            return
        self._ensure_accounts(password)
        source = f"生成并保存在 {settings.VAR_DIR / 'demo_password'}" if generated else "取自 DEMO_PASSWORD"
        self.stdout.write(self.style.SUCCESS(f"演示账号（密码{source}）："))
        for username, (*_rest, label) in DEMO_ACCOUNTS.items():
            self.stdout.write(f"  {username:<10} {password}   {label}")

    def _archive_seed(self, meeting) -> None:
        """The issued seed notice with its stored package and its archive record (made after
        the issue commits; made here when the demo is loaded inside a transaction)."""
        notice = meeting.notices.get(status="issued")
        archive_record_create(notice=notice, copy=issued_copy_store(notice=notice))

    @transaction.atomic
    def _ensure_accounts(self, password: str) -> None:
        groups = roles.roles_ensure()
        User = get_user_model()
        for username, (role, is_staff, is_superuser, label) in DEMO_ACCOUNTS.items():
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"is_staff": is_staff, "is_superuser": is_superuser, "first_name": label},
            )
            if user.first_name != label:
                user.first_name = label
                user.save(update_fields=["first_name"])
            if not user.email:  # where circulation emails go (printed by the console backend)
                user.email = f"{username}@example.com"
                user.save(update_fields=["email"])
            if created or not user.check_password(password):
                user.set_password(password)
                user.save(update_fields=["password"])
            if role and not user.groups.filter(pk=groups[role].pk).exists():
                user.groups.add(groups[role])
            if (user.is_staff, user.is_superuser) != (is_staff, is_superuser):
                user.is_staff, user.is_superuser = is_staff, is_superuser
                user.save(update_fields=["is_staff", "is_superuser"])
        member = User.objects.get(username="member")
        person = Person.objects.filter(name=DEMO_MEMBER_PERSON).order_by("id").first()
        if person and person.user_id is None and not Person.objects.filter(user=member).exists():
            person.user = member
            person.save(update_fields=["user"])
