import os
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from welfare_portal.models import Province, Role, User


def province_username(code: int) -> str:
    return f"P{code:02d}00"


class Command(BaseCommand):
    help = (
        "Create the 77 province accounts (P1000 … P9600) with random passwords that must be changed at "
        "first login; write username,password lines to FILE (owner-readable only) or standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="give existing accounts new passwords too")
        parser.add_argument("--output", type=Path, help="write username,password lines here (mode 600)")

    @transaction.atomic
    def handle(self, reset, output, **options):
        existing = {user.username: user for user in User.objects.filter(role=Role.PROVINCE)}
        lines, created, reset_count = [], 0, 0
        for province in Province.objects.order_by("code"):
            username = province_username(province.code)
            user = existing.get(username)
            if user is None:
                _, password = User.objects.create_account(username, role=Role.PROVINCE, province=province)
                created += 1
            elif reset:
                password = User.objects.reset_password(user)
                reset_count += 1
            else:
                continue
            lines.append(f"{username},{password}\n")
        self._write(lines, output)
        left = len(existing) - reset_count
        self.stderr.write(f"สร้างบัญชีใหม่ {created} บัญชี, ตั้งรหัสผ่านใหม่ {reset_count} บัญชี, คงเดิม {left} บัญชี")

    def _write(self, lines, output):
        if output is None:
            self.stdout.write("".join(lines), ending="")
            return
        # Created with mode 600 from the start, so the passwords are never readable by others.
        fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.writelines(lines)
