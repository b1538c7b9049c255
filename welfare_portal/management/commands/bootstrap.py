from django.core.management import call_command
from django.core.management.base import BaseCommand

from welfare_portal.models import Role, User

ADMIN_USERNAME = "admin"


class Command(BaseCommand):
    help = "First-run setup for `make run`: a central administrator account and a small demo data set."

    def add_arguments(self, parser):
        parser.add_argument("--demo-size", type=int, default=10000, help="card holders in the demo data set")

    def handle(self, demo_size, **options):
        admin = User.objects.filter(username=ADMIN_USERNAME).first()
        if admin is None:
            _, password = User.objects.create_account(ADMIN_USERNAME, role=Role.CENTRAL)
            self.stdout.write(
                "\nบัญชีผู้ดูแลระบบส่วนกลาง (แสดงครั้งเดียว จดไว้ให้ดี):\n"
                f"  ชื่อผู้ใช้งาน: {ADMIN_USERNAME}\n  รหัสผ่าน:     {password}\n"
                "  ระบบจะให้เปลี่ยนรหัสผ่านเมื่อเข้าสู่ระบบครั้งแรก\n"
            )
        else:
            self.stdout.write(
                f"\nบัญชีผู้ดูแลระบบ '{ADMIN_USERNAME}' มีอยู่แล้ว (ลืมรหัสผ่าน: "
                f".venv/bin/python manage.py changepassword {ADMIN_USERNAME})\n"
            )
        call_command("generate_demo", scale=demo_size, if_empty=True, stdout=self.stdout, stderr=self.stderr)
