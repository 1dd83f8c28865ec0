"""Restore archive records from a zipped BagIt bag made by export_archive. The whole bag is
validated first (manifests, digests, signatures, numbers already archived); anything wrong is
listed and nothing is written."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.bags import BagRefused, bag_import


class Command(BaseCommand):
    help = "从 BagIt 归档包导入归档记录；先完整校验，有任何问题则一份也不导入。"

    def add_arguments(self, parser):
        parser.add_argument("bag", help="export_archive 写出的 zip 文件")

    def handle(self, *args, bag, **options):
        path = Path(bag)
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        try:
            records = bag_import(path)
        except BagRefused as refused:
            raise CommandError("归档包未通过校验，未导入任何记录：\n" + "\n".join(refused.problems)) from None
        self.stdout.write(f"已导入 {len(records)} 份归档记录。")
