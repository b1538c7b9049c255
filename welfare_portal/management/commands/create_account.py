from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from welfare_portal.models import DevelopmentUnit, District, Province, Role, User


class Command(BaseCommand):
    help = "Create one account of any role; prints its generated password, to be changed at first login."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--province", type=int, help="province code, e.g. 52")
        parser.add_argument("--district", type=int, help="district code, e.g. 5201")
        parser.add_argument("--unit", help="agency code, e.g. CDD")
        parser.add_argument("--password-file", type=Path, help="read the password from this file")

    def handle(self, username, role, province, district, unit, password_file, **options):
        if User.objects.filter(username=username).exists():
            raise CommandError(f"มีบัญชี {username} อยู่แล้ว")
        scope = {}
        if district is not None:
            scope["district"] = self._get(District, code=district, what=f"อำเภอรหัส {district}")
            province = province or scope["district"].province_id
        if province is not None:
            scope["province"] = self._get(Province, code=province, what=f"จังหวัดรหัส {province}")
        if unit is not None:
            scope["unit"] = self._get(DevelopmentUnit, code=unit, what=f"หน่วยงานรหัส {unit}")
        password = None
        if password_file is not None:
            try:
                password = password_file.read_text(encoding="utf-8").splitlines()[0].strip()
            except (OSError, IndexError) as error:
                raise CommandError(f"อ่านรหัสผ่านจากไฟล์ {password_file} ไม่ได้: {error}") from None
        try:
            user, password = User.objects.create_account(username, role=role, password=password, **scope)
        except ValidationError as error:
            raise CommandError("สร้างบัญชีไม่ได้: " + "; ".join(error.messages)) from None
        if password_file is None:
            self.stdout.write(password)
        self.stderr.write(f"สร้างบัญชี {user.display_name} แล้ว ต้องเปลี่ยนรหัสผ่านเมื่อเข้าสู่ระบบครั้งแรก")

    @staticmethod
    def _get(model, what, **lookup):
        try:
            return model.objects.get(**lookup)
        except model.DoesNotExist:
            raise CommandError(f"ไม่พบ{what}") from None
