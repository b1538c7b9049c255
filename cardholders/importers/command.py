"""The shared shape of the import commands (docs/README.md, "Every import command")."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from welfare_portal.rounds import add_round_argument, round_from_option


class ImportCommand(BaseCommand):
    importer_class = None

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=".xlsx or .csv file")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        add_round_argument(parser)

    def handle(self, file, dry_run, round, **options):
        round_ = round_from_option(round)
        if not file.exists():
            self.stderr.write(f"ไม่พบไฟล์ {file}")
            sys.exit(1)
        progress = self._progress if self.stderr.isatty() else None
        importer = self.importer_class(round=round_, **({"progress": progress} if progress else {}))
        result = importer.run(file, dry_run=dry_run)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            note = f" ({result.errors_note})" if result.errors_note else ""
            self.stderr.write(f"นำเข้าไม่สำเร็จ: พบข้อผิดพลาด {result.error_count:,} รายการ{note} ไม่มีข้อมูลใดถูกบันทึก")
            sys.exit(1)
        self.stdout.write(result.summary)

    def _progress(self, stage, done, total):
        self.stderr.write(f"\r{stage} {done:,}/{total:,}", ending="")
        if done == total:
            self.stderr.write("")
