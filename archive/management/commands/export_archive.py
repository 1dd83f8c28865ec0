"""Export archive records as a zipped BagIt bag (RFC 8493): the issued PDFs, their metadata JSON,
SHA-256 and SHA-512 manifests and bag-info. `--year`, `--committee`, or everything."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.bags import BagRefused, bag_export, records_for_export
from cnas_minutes.validators import FIRST_YEAR, last_year, year_in_range


class Command(BaseCommand):
    help = "将归档记录导出为 BagIt 归档包（zip）：--year 年度，--committee 委员会，缺省为全部。"

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="写出的 zip 文件，例如 archive-2020.zip")
        parser.add_argument("--year", type=int, help="只导出这一年度的记录")
        parser.add_argument("--committee", default="", help="只导出这个委员会的记录（名称或其一部分）")

    def handle(self, *args, output, year, committee, **options):
        target = Path(output)
        if not target.parent.resolve().is_dir():
            raise CommandError(f"目录不存在：{target.parent}")
        if year is not None and not year_in_range(year):
            raise CommandError(f"年度应在 {FIRST_YEAR} 至 {last_year()} 之间，而不是 {year}。")
        if "\x00" in committee:
            raise CommandError("委员会名称中不能有空字符（U+0000）。")
        records = records_for_export(year=year, committee=committee.strip())
        try:
            count = bag_export(records, target)
        except BagRefused as refused:
            raise CommandError("\n".join(refused.problems)) from None
        self.stdout.write(f"已导出 {count} 份归档记录：{target}")
