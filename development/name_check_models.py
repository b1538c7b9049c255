"""The name check (ตรวจสอบรายชื่อกับรายชื่อของหน่วยงาน): an agency's own list compared with the people
assigned to it, kept so a province can show what it checked (development/name_check.py does the work).

These models live beside development/models.py; `development.models` imports them so that Django registers them
when the app loads (makemigrations, the admin)."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

from cardholders.models import Cardholder
from matching.models import Assignment
from welfare_portal.models import DevelopmentUnit, Province, Role, round_field


class NameCheckGroup(models.TextChoices):
    """The six groups of a check, in the order the page shows them."""

    BOTH = "both", "อยู่ในรายชื่อ และได้รับมอบหมายให้หน่วยงานนี้"
    ASSIGNED_ONLY = "assigned_only", "ได้รับมอบหมายให้หน่วยงานนี้ แต่ไม่อยู่ในรายชื่อ"
    OTHER_AGENCY = "other_agency", "อยู่ในรายชื่อ แต่ได้รับมอบหมายให้หน่วยงานอื่น หรือให้หน่วยงานนี้ในจังหวัดอื่น"
    NOT_ASSIGNED = "not_assigned", "อยู่ในรายชื่อ เป็นผู้มีบัตรฯ แต่ยังไม่ได้รับมอบหมายหน่วยงานพัฒนา"
    NOT_CARDHOLDER = "not_cardholder", "เลขประจำตัวประชาชนถูกต้อง แต่ไม่พบในทะเบียนผู้มีบัตรฯ"
    INVALID = "invalid", "เลขประจำตัวประชาชนไม่ถูกต้อง หรือไม่ได้กรอก"


class NameCheckQuerySet(models.QuerySet):
    def for_user(self, user):
        """Checks this user may read: central every one; a province those of its province; an agency those
        of its agency in its province. Fails closed like welfare_portal.scope."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role == Role.CENTRAL:
            return self.all()
        if user.role == Role.PROVINCE and user.province_id:
            return self.filter(province_id=user.province_id)
        if user.role == Role.UNIT and user.unit_id and user.province_id:
            return self.filter(province_id=user.province_id, unit_id=user.unit_id)
        return self.none()


class NameCheck(models.Model):
    """One check of one file: who, when, which file, against which agency and province, and the counts.
    Its rows (NameCheckRow) are the six name lists."""

    class Status(models.TextChoices):
        QUEUED = "queued", "รอคิว"
        RUNNING = "running", "กำลังตรวจสอบ"
        NEEDS_COLUMN = "needs_column", "รอเลือกคอลัมน์เลขประจำตัวประชาชน"
        DONE = "done", "ตรวจสอบแล้ว"
        REJECTED = "rejected", "อ่านไฟล์ไม่ได้"
        FAILED = "failed", "ระบบขัดข้อง"

    class Channel(models.TextChoices):
        WEB = "web", "หน้าเว็บ"
        COMMAND = "command", "คำสั่ง manage.py check_names"

    ACTIVE = (Status.QUEUED, Status.RUNNING)
    ENDED = (Status.DONE, Status.REJECTED, Status.FAILED)

    round = round_field()
    unit = models.ForeignKey(DevelopmentUnit, on_delete=models.PROTECT, related_name="+", verbose_name="หน่วยงานพัฒนา")
    # None: every province (the command line without --province).
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="จังหวัด"
    )
    original_name = models.CharField("ชื่อไฟล์", max_length=255)
    stored_path = models.CharField(max_length=500)
    channel = models.CharField("ช่องทาง", max_length=10, choices=Channel.choices, default=Channel.WEB)
    status = models.CharField("สถานะ", max_length=20, choices=Status.choices, default=Status.QUEUED)
    message = models.TextField("สาเหตุ", blank=True)
    # Where the national IDs are: the header is the n-th non-blank row of the first sheet (0 the first, -1
    # none: data from the first row), the IDs in column id_column (0 is A). Found from the header, or chosen.
    header_index = models.SmallIntegerField(null=True, blank=True)
    header_row = models.PositiveIntegerField("แถวหัวตาราง", null=True, blank=True)
    id_column = models.PositiveSmallIntegerField("คอลัมน์เลขประจำตัวประชาชน", null=True, blank=True)
    columns = models.JSONField("ชื่อคอลัมน์ของไฟล์", default=list, blank=True)
    # The first rows of the file and a suggested layout, for the user to choose the ID column when the header
    # does not say: {"rows": [[row number, cells], …], "header_index": n, "id_column": n}.
    preview = models.JSONField(default=dict, blank=True)
    rows_read = models.PositiveIntegerField("จำนวนแถวในไฟล์", default=0)
    both = models.PositiveIntegerField(default=0)
    assigned_only = models.PositiveIntegerField(default=0)
    other_agency = models.PositiveIntegerField(default=0)
    not_assigned = models.PositiveIntegerField(default=0)
    not_cardholder = models.PositiveIntegerField(default=0)
    invalid = models.PositiveIntegerField(default=0)
    duplicate_ids = models.PositiveIntegerField("เลขที่ซ้ำกัน", default=0)
    duplicates = models.JSONField(default=list, blank=True)  # [[first row, later rows…], …], the first 200
    # Progress recorded from this check's `both` list: the import jobs it made (preview, confirm, errors).
    import_jobs = models.JSONField(default=list, blank=True)
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="ตรวจสอบซ้ำจาก"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ผู้ตรวจสอบ",
    )
    created_at = models.DateTimeField("ตรวจสอบเมื่อ", auto_now_add=True)
    finished_at = models.DateTimeField("เสร็จเมื่อ", null=True, blank=True)
    # The background work (README, "Background work"): the queued task, its worker and last sign of life.
    task_id = models.CharField(max_length=64, blank=True)
    worker = models.CharField(max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    objects = NameCheckQuerySet.as_manager()

    class Meta:
        db_table = "matching_namecheck"  # the table's name from before the development app
        ordering = ["-created_at", "-id"]
        verbose_name = "การตรวจสอบรายชื่อกับรายชื่อของหน่วยงาน"
        verbose_name_plural = "การตรวจสอบรายชื่อกับรายชื่อของหน่วยงาน"

    def __str__(self):
        return f"#{self.pk} {self.unit} {self.original_name}"

    @property
    def active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def counts(self) -> dict[str, int]:
        return {group: getattr(self, group) for group in NameCheckGroup.values}

    @property
    def summary_line(self) -> str:
        """The last line of `manage.py check_names`: both=N assigned_only=N … invalid=N."""
        return " ".join(f"{group}={count}" for group, count in self.counts.items())


class NameCheckRow(models.Model):
    """One line of one group: a row of the agency's list (its cells as typed), or, for assigned_only, a
    person assigned to the agency whom the list lacks (row_no 0, no cells). People and assignments are
    referred to by id only: a check is a record of its day and must not hold up their deletion."""

    name_check = models.ForeignKey(NameCheck, on_delete=models.CASCADE, related_name="rows", db_index=False)
    row_no = models.PositiveIntegerField("แถวในไฟล์")  # as Excel shows it; 0 when not on the list
    group = models.CharField("กลุ่ม", max_length=20, choices=NameCheckGroup.choices)
    # Why, within the group: the ID's problem (invalid), where the person stands (not_assigned: waiting,
    # delegated, reinterview, not_interviewed), whose they are (other_agency: other_unit, elsewhere).
    detail = models.CharField(max_length=20, blank=True)
    cardholder = models.ForeignKey(
        Cardholder, on_delete=models.DO_NOTHING, null=True, related_name="+", db_constraint=False, db_index=False
    )
    assignment = models.ForeignKey(
        Assignment, on_delete=models.DO_NOTHING, null=True, related_name="+", db_constraint=False, db_index=False
    )
    national_id = models.CharField(max_length=13, blank=True)  # the ID in normal form, when it is valid
    cells = models.JSONField(default=list)
    also_rows = ArrayField(models.PositiveIntegerField(), null=True, blank=True)  # the same ID again on these rows

    class Meta:
        db_table = "matching_namecheckrow"  # raw SQL in name_check.py uses it
        indexes = [models.Index(fields=["name_check", "group", "row_no", "id"], name="name_check_row_list")]

    def __str__(self):
        return f"{self.name_check_id} {self.group} {self.row_no}"
