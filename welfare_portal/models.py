"""Accounts and the reference data every other app points at: geography, agencies, projects, needs, skills.

Geography uses the DOPA codes as primary keys. A subdistrict code starts with its district code, which
starts with its province code (520101 → 5201 → 52), so "everyone in province 52" is a range over the
indexed subdistrict column, with no join and no copied province column on 14.5 million rows.
"""

import datetime

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction

from .managers import UserManager
from .roles import ROLE_SCOPE, Role  # noqa: F401  (defined with the capabilities; imported from here too)


class Province(models.Model):
    code = models.PositiveSmallIntegerField("รหัสจังหวัด", primary_key=True)
    name_th = models.CharField("ชื่อจังหวัด", max_length=100)
    name_en = models.CharField("ชื่อภาษาอังกฤษ", max_length=100, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "จังหวัด"
        verbose_name_plural = "จังหวัด"

    def __str__(self):
        return self.name_th

    @staticmethod
    def subdistrict_range(code: int) -> tuple[int, int]:
        """Lowest and highest subdistrict code that can belong to the province."""
        return code * 10000, code * 10000 + 9999


class District(models.Model):
    code = models.PositiveIntegerField("รหัสอำเภอ", primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="districts")
    name_th = models.CharField("ชื่ออำเภอ", max_length=100)
    name_en = models.CharField("ชื่อภาษาอังกฤษ", max_length=100, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "อำเภอ"
        verbose_name_plural = "อำเภอ"

    def __str__(self):
        return self.name_th

    @property
    def short_name(self) -> str:
        """The name without its "อำเภอ" or "เขต" prefix, as reports head their rows."""
        for prefix in ("อำเภอ", "เขต"):
            if self.name_th.startswith(prefix):
                return self.name_th[len(prefix) :].strip()
        return self.name_th

    @staticmethod
    def subdistrict_range(code: int) -> tuple[int, int]:
        return code * 100, code * 100 + 99


class Subdistrict(models.Model):
    code = models.PositiveIntegerField("รหัสตำบล", primary_key=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="subdistricts")
    name_th = models.CharField("ชื่อตำบล", max_length=100)
    name_en = models.CharField("ชื่อภาษาอังกฤษ", max_length=100, blank=True)
    postcode = models.CharField("รหัสไปรษณีย์", max_length=5, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "ตำบล"
        verbose_name_plural = "ตำบล"

    def __str__(self):
        return self.name_th

    @property
    def province_code(self) -> int:
        return self.code // 10000


class Source(models.TextChoices):
    SEED = "seed", "เอกสารปี 2561"
    ILLUSTRATIVE = "illustrative", "ตัวอย่าง (แก้ไขได้)"


class DevelopmentUnit(models.Model):
    code = models.CharField("รหัสหน่วยงาน", max_length=20, unique=True)
    name_th = models.CharField("ชื่อหน่วยงาน", max_length=200)
    name_en = models.CharField("ชื่อภาษาอังกฤษ", max_length=200, blank=True)
    source = models.CharField("ที่มา", max_length=20, choices=Source.choices, default=Source.ILLUSTRATIVE)

    class Meta:
        ordering = ["code"]
        verbose_name = "หน่วยงานพัฒนา"
        verbose_name_plural = "หน่วยงานพัฒนา"

    def __str__(self):
        return self.name_th


class Project(models.Model):
    code = models.CharField("รหัสโครงการ", max_length=20, unique=True)
    unit = models.ForeignKey(
        DevelopmentUnit, on_delete=models.PROTECT, related_name="projects", verbose_name="หน่วยงานพัฒนา"
    )
    name_th = models.CharField("ชื่อโครงการ", max_length=300)
    programme = models.CharField("กลุ่มโครงการ", max_length=100, blank=True)
    source = models.CharField("ที่มา", max_length=20, choices=Source.choices, default=Source.ILLUSTRATIVE)

    class Meta:
        ordering = ["code"]
        verbose_name = "โครงการ"
        verbose_name_plural = "โครงการ"

    def __str__(self):
        return self.name_th


class BasicNeed(models.Model):
    code = models.CharField("รหัส", max_length=20, unique=True)
    name_th = models.CharField("สิ่งจำเป็นพื้นฐาน", max_length=200)
    source = models.CharField("ที่มา", max_length=20, choices=Source.choices, default=Source.ILLUSTRATIVE)

    class Meta:
        ordering = ["code"]
        verbose_name = "สิ่งจำเป็นพื้นฐาน"
        verbose_name_plural = "สิ่งจำเป็นพื้นฐาน"

    def __str__(self):
        return self.name_th


class Skill(models.Model):
    code = models.CharField("รหัส", max_length=20, unique=True)
    name_th = models.CharField("ทักษะอาชีพ", max_length=200)
    source = models.CharField("ที่มา", max_length=20, choices=Source.choices, default=Source.ILLUSTRATIVE)

    class Meta:
        ordering = ["code"]
        verbose_name = "ทักษะอาชีพ"
        verbose_name_plural = "ทักษะอาชีพ"

    def __str__(self):
        return self.name_th


class RoundQuerySet(models.QuerySet):
    def current(self) -> "Round":
        """The one current round (a migration makes 2561 current; `create_round --current` moves it)."""
        return self.get(is_current=True)


class RoundManager(models.Manager.from_queryset(RoundQuerySet)):
    use_in_migrations = False

    def create_round(self, code: str, *, name: str, current: bool = False, **due_dates) -> "Round":
        """A new round (รอบการดำเนินงาน), made the current one if asked (the others then stop being it)."""
        round_ = self.model(code=code, name=name, **due_dates)
        round_.full_clean()
        round_.save()
        if current:
            round_.make_current()
        return round_


class Round(models.Model):
    """A round of the measure (รอบการดำเนินงาน), e.g. 2561: its interviews, matching, assignments, progress and
    follow-ups belong to it, and so does its roster (who held a card in it). The register of people is shared.

    Exactly one round is current: every door defaults to it, and the database does too (the round columns
    default to `welfare_current_round()`, so a write that names no round lands in the current one). A closed
    round is read-only on the web."""

    # The steps the 2018 letter gives dates for, in the order of the guideline: (field, what is due).
    STEPS = (
        ("interviews_due", "บันทึกผลการสัมภาษณ์"),
        ("matching_due", "ยืนยันผลการจับคู่"),
        ("progress_due", "รายงานผลการพัฒนา"),
        ("follow_up_feb_due", "AO ติดตามผล รอบเดือนกุมภาพันธ์"),
        ("follow_up_sep_due", "AO ติดตามผล รอบเดือนกันยายน"),
        ("team_records_due", "ทีม ปรจ. บันทึกผล รอบเดือนธันวาคม"),
    )

    id = models.SmallAutoField(primary_key=True)
    code = models.CharField(
        "รหัสรอบ",
        max_length=10,
        unique=True,
        validators=[RegexValidator(r"^[0-9A-Za-z-]+$", "รหัสรอบใช้ได้เฉพาะตัวเลข ตัวอักษรอังกฤษ และขีด (-)")],
        help_text="เช่น 2561",
    )
    name = models.CharField("ชื่อรอบ", max_length=200)
    is_current = models.BooleanField("รอบปัจจุบัน", default=False)
    is_closed = models.BooleanField("ปิดรอบแล้ว (ดูข้อมูลได้อย่างเดียว)", default=False)
    interviews_due = models.DateField("กำหนดบันทึกผลการสัมภาษณ์", null=True, blank=True)
    matching_due = models.DateField("กำหนดยืนยันผลการจับคู่", null=True, blank=True)
    progress_due = models.DateField("กำหนดรายงานผลการพัฒนา", null=True, blank=True)
    follow_up_feb_due = models.DateField("กำหนด AO ติดตามผล รอบเดือนกุมภาพันธ์", null=True, blank=True)
    follow_up_sep_due = models.DateField("กำหนด AO ติดตามผล รอบเดือนกันยายน", null=True, blank=True)
    team_records_due = models.DateField("กำหนดทีม ปรจ. บันทึกผล รอบเดือนธันวาคม", null=True, blank=True)
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)

    objects = RoundManager()

    class Meta:
        ordering = ["code"]
        verbose_name = "รอบการดำเนินงาน"
        verbose_name_plural = "รอบการดำเนินงาน"
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=models.Q(is_current=True), name="one_current_round"
            ),
            models.CheckConstraint(condition=~models.Q(is_current=True, is_closed=True), name="current_round_is_open"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.is_current and self.is_closed:
            raise ValidationError({"is_closed": "รอบปัจจุบันปิดไม่ได้ ตั้งรอบอื่นเป็นรอบปัจจุบันก่อน"})

    def make_current(self) -> None:
        """This round becomes the current one; the one before stops being it (in one transaction)."""
        with transaction.atomic():
            Round.objects.filter(is_current=True).exclude(pk=self.pk).update(is_current=False)
            Round.objects.filter(pk=self.pk).update(is_current=True, is_closed=False)
        self.is_current, self.is_closed = True, False

    @property
    def previous(self) -> "Round | None":
        """The round before this one (by code), for the year-over-year columns."""
        return Round.objects.filter(code__lt=self.code).order_by("-code").first()

    def due_dates(self) -> list[tuple[str, str, "datetime.date"]]:
        """The steps with a due date: (field, what is due, date), in the guideline's order."""
        return [(field, label, getattr(self, field)) for field, label in self.STEPS if getattr(self, field)]


def round_field(**options) -> models.ForeignKey:
    """The round a row belongs to. The database fills in the current round when a write names none (a
    function default, `welfare_current_round()`), so every door defaults to the current round; the doors
    that take a round (`--round`, the round picker) name it. No database check: rounds are never deleted
    (PROTECT), and bulk tables skip the per-row check like their other reference columns."""
    return models.ForeignKey(
        Round,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="รอบการดำเนินงาน",
        db_default=models.Func(function="welfare_current_round", output_field=models.SmallIntegerField()),
        db_constraint=False,
        db_index=False,
        **options,
    )


class User(AbstractUser):
    role = models.CharField("บทบาท", max_length=20, choices=Role.choices, blank=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="จังหวัด"
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="อำเภอ"
    )
    unit = models.ForeignKey(
        DevelopmentUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="หน่วยงานพัฒนา",
    )
    must_change_password = models.BooleanField("ต้องเปลี่ยนรหัสผ่านเมื่อเข้าสู่ระบบ", default=True)

    objects = UserManager()

    class Meta:
        verbose_name = "ผู้ใช้งาน"
        verbose_name_plural = "ผู้ใช้งาน"

    def __str__(self):
        return self.display_name

    def clean(self):
        super().clean()
        if not self.role:
            return
        needed = ROLE_SCOPE[Role(self.role)]
        errors = {}
        for field in ("province", "district", "unit"):
            has = getattr(self, f"{field}_id") is not None
            if field in needed and not has:
                errors[field] = "บทบาทนี้ต้องระบุ" + self._meta.get_field(field).verbose_name
            elif field not in needed and has:
                errors[field] = "บทบาทนี้ไม่ต้องระบุ" + self._meta.get_field(field).verbose_name
        if self.district_id and self.province_id and self.district_id // 100 != self.province_id:
            errors["district"] = "อำเภอนี้ไม่อยู่ในจังหวัดที่เลือก"
        if errors:
            raise ValidationError(errors)

    @property
    def display_name(self) -> str:
        """What the header shows, e.g. "P5200 (ลำปาง)"."""
        place = self.district or self.province
        parts = [str(part) for part in (self.unit, place) if part]
        return f"{self.username} ({' '.join(parts)})" if parts else self.username

    @property
    def is_central(self) -> bool:
        return self.role == Role.CENTRAL


class AccessLog(models.Model):
    """Reads of personal data that auditors need to see: profiles opened, name lists exported, IDs revealed."""

    class Action(models.TextChoices):
        VIEW_PROFILE = "view_profile", "เปิดดูข้อมูลรายบุคคล (1.3)"
        EXPORT_LIST = "export_list", "ส่งออกรายชื่อ"
        REVEAL_ID = "reveal_id", "แสดงเลขประจำตัวประชาชนเต็ม"
        VIEW_PROGRESS = "view_progress", "เปิดแบบรายงานผลการพัฒนา (4.1)"
        SEARCH_ID = "search_id", "ค้นหาด้วยเลขประจำตัวประชาชน"
        PROBE_OUTSIDE = "probe_outside", "ตรวจเลขประจำตัวประชาชนนอกเขตที่รับผิดชอบ"

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name="ผู้ใช้งาน")
    action = models.CharField("การกระทำ", max_length=20, choices=Action.choices)
    # An id, not a foreign key: the log outlives the person's record and sits below the apps that hold people.
    cardholder_id = models.BigIntegerField("รหัสผู้มีบัตรฯ ในระบบ", null=True, blank=True, db_index=True)
    detail = models.CharField("รายละเอียด", max_length=500, blank=True)
    at = models.DateTimeField("เวลา", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = "บันทึกการเข้าถึงข้อมูล"
        verbose_name_plural = "บันทึกการเข้าถึงข้อมูล"

    def __str__(self):
        return f"{self.user} {self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"
