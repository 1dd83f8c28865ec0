"""Check the whole archive: every record's package and metadata against their SHA-256 and SHA-512,
every package's signature, and files in the archive's storage that no record names. Reports each
problem by document number and exits 1 when there is any; the run is recorded (the archive page
shows the last one)."""

from django.core.management.base import BaseCommand

from archive.services import PROBLEM_LABELS, fixity_check_run


class Command(BaseCommand):
    help = "核查全部归档记录：摘要、数字签名、缺失或多出的文件；有问题时退出码为 1。"

    def handle(self, *args, **options):
        check = fixity_check_run()
        for problem in check.problems:
            label = PROBLEM_LABELS[problem["kind"]]
            detail = f"：{problem['detail']}" if problem.get("detail") else ""
            self.stderr.write(f"{problem['number'] or '—'}　{label}　{problem['file']}{detail}")
        records_with_problems = len({p["number"] for p in check.problems if p["number"]})
        self.stdout.write(
            f"核查归档记录 {check.checked} 份：{records_with_problems} 份有问题，"
            f"共 {len(check.problems)} 处问题。"
        )
        if check.problems:
            raise SystemExit(1)
