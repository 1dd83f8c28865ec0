"""Render a notice (with the minutes it issues) or a meeting's minutes to a PDF file."""

import re
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.models import Meeting
from minutes.document import render_minutes_pdf
from notices.document import render_notice_pdf
from notices.models import Notice

_NUMBER = re.compile(r"^(?P<prefix>.+?)(?:（(?P<code>[^）]*)）)?〔(?P<year>\d{4})〕(?P<sequence>\d+)号$")


def notice_by_number(number: str) -> Notice | None:
    match = _NUMBER.match(number.strip())
    if not match:
        return None
    return (
        Notice.objects.select_related("office__organisation")
        .filter(
            office__organisation__doc_prefix=match["prefix"],
            office__code=match["code"] or "",
            year=int(match["year"]),
            sequence=int(match["sequence"]),
        )
        .first()
    )


class Command(BaseCommand):
    help = (
        "按发文字号（如“认可委（秘）〔2020〕20号”）输出印发通知及所附纪要的 PDF，或按会议编号输出纪要 PDF。"
    )

    def add_arguments(self, parser):
        parser.add_argument("document", help="发文字号，或会议编号（数字）")
        parser.add_argument("--output", "-o", required=True, help="PDF 文件路径；“-”为标准输出")
        parser.add_argument("--minutes-only", action="store_true", help="只输出纪要")
        parser.add_argument("--archive", action="store_true", help="输出 PDF/A-2b 归档版")

    def handle(self, *args, document, output, minutes_only, archive, **options):
        if document.isdigit():
            meeting = Meeting.objects.filter(pk=int(document)).first()
            if meeting is None:
                raise CommandError(f"没有编号为 {document} 的会议。")
            data = render_minutes_pdf(meeting, archive=archive)
        else:
            notice = notice_by_number(document)
            if notice is None:
                raise CommandError(f"找不到发文字号为“{document}”的通知。")
            if minutes_only:
                data = render_minutes_pdf(notice.meeting, archive=archive)
            else:
                data = render_notice_pdf(notice, archive=archive)
        if output == "-":
            sys.stdout.buffer.write(data)
            return
        try:
            Path(output).write_bytes(data)
        except OSError as exc:
            raise CommandError(f"无法写入 {output}：{exc.strerror}") from exc
        self.stderr.write(f"{output}: {len(data):,} bytes")
