from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from stdnum.th import pin

from welfare_portal.audit import track
from welfare_portal.models import Subdistrict, round_field
from welfare_portal.scope import ScopedQuerySet


class CardholderQuerySet(ScopedQuerySet):
    subdistrict_path = "subdistrict"
    cardholder_path = "pk"


@track
class Cardholder(models.Model):
    # Normal form: the 13 digits, no dashes or spaces (see normalize_national_id). Unique through the
    # constraint below: one index for both exact and prefix lookups.
    national_id = models.CharField("เลขประจำตัวประชาชน", max_length=13)
    title = models.CharField("คำนำหน้า", max_length=50, blank=True)
    first_name = models.CharField("ชื่อ", max_length=100)
    last_name = models.CharField("นามสกุล", max_length=100)
    phone = models.CharField("เบอร์โทรศัพท์", max_length=30, blank=True)
    house_no = models.CharField("บ้านเลขที่", max_length=50, blank=True)
    moo = models.CharField("หมู่ที่", max_length=10, blank=True)
    village = models.CharField("หมู่บ้าน", max_length=100, blank=True)
    # Indexed together with the id below: scope ranges and name-list pages are range scans of one index.
    # No database check either: every write checks the code against the reference data first (the roster
    # import, the forms), subdistricts are never deleted (PROTECT), and the check cost a roster import of
    # 100,000 people a second at commit (one row lock on a subdistrict per person).
    subdistrict = models.ForeignKey(
        Subdistrict, on_delete=models.PROTECT, verbose_name="ตำบล", db_index=False, db_constraint=False
    )
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)
    updated_at = models.DateTimeField("แก้ไขเมื่อ", auto_now=True)

    objects = CardholderQuerySet.as_manager()

    class Meta:
        verbose_name = "ผู้มีบัตรสวัสดิการแห่งรัฐ"
        verbose_name_plural = "ผู้มีบัตรสวัสดิการแห่งรัฐ"
        indexes = [models.Index(fields=["subdistrict", "id"], name="cardholder_area_order")]
        constraints = [
            # unique=True would add a second index of the same 14.5 million IDs for LIKE 'prefix%' (search
            # 1.2); a pattern-ops unique index answers equality, prefixes and ON CONFLICT on any collation.
            models.UniqueConstraint(
                fields=["national_id"], name="one_cardholder_per_national_id", opclasses=["varchar_pattern_ops"]
            )
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.title}{self.first_name} {self.last_name}".strip()

    @property
    def national_id_display(self) -> str:
        return pin.format(self.national_id)

    @property
    def national_id_masked(self) -> str:
        """3-1101-xxxxx-xx-1: enough to tell people apart on a list, not enough to misuse."""
        d = self.national_id
        return f"{d[0]}-{d[1:5]}-xxxxx-xx-{d[12]}"

    def national_id_for(self, *, reveal: bool) -> str:
        return self.national_id_display if reveal else self.national_id_masked


class RosterEntry(models.Model):
    """Who held a card in a round (the round's roster, counted by 1.1): the register of people is shared,
    each round lists its own. `import_roster --round CODE` adds the file's people to that round."""

    round = round_field()
    # Indexed as the first column of one_roster_entry_per_round.
    cardholder = models.ForeignKey(Cardholder, on_delete=models.CASCADE, related_name="roster_entries", db_index=False)

    class Meta:
        verbose_name = "รายชื่อผู้มีบัตรฯ ของรอบ"
        verbose_name_plural = "รายชื่อผู้มีบัตรฯ ของรอบ"
        constraints = [models.UniqueConstraint(fields=["cardholder", "round"], name="one_roster_entry_per_round")]

    def __str__(self):
        return f"{self.round_id}: {self.cardholder_id}"


class Group(models.IntegerChoices):
    VOLUNTEER = 1, "กลุ่มที่ 1 สมัครใจ"
    TARGETED = 2, "กลุ่มที่ 2 เป้าหมาย"


class Channel(models.TextChoices):
    FORM = "form", "บันทึกผ่านแบบฟอร์ม"
    IMPORT = "import", "นำเข้าจากไฟล์"
    ADMIN = "admin", "ผู้ดูแลระบบ"


class InterviewQuerySet(ScopedQuerySet):
    subdistrict_path = "cardholder__subdistrict"

    def current(self):
        return self.filter(is_current=True)


# is_current is kept from the interviews' dates (a person's latest is current): a newer interview's insert is
# the event; clearing the flag of the one it replaces is not a second one (welfare_portal.audit.track).
@track(derived=("is_current",))
class Interview(models.Model):
    """The assessment and personal development plan (แบบประเมินฯ). A person's latest one is current."""

    # Indexed as the first column of one_interview_per_person_and_day.
    cardholder = models.ForeignKey(
        Cardholder, on_delete=models.CASCADE, related_name="interviews", verbose_name="ผู้มีบัตรฯ", db_index=False
    )
    round = round_field()
    interviewed_on = models.DateField("วันที่สัมภาษณ์")
    group = models.PositiveSmallIntegerField("กลุ่ม", choices=Group.choices)
    # Reference columns (projects, skills, accounts) carry no index and no database check: every write
    # checks them against the reference data first (importers, forms), reads go by person or through the
    # summaries (current_choice_1 below), and Django's PROTECT / SET_NULL still guard deletions. A national
    # batch of a million interviews then updates three indexes instead of ten, and queues one foreign-key
    # check per row at commit instead of seven.
    choice_1 = models.ForeignKey(
        "welfare_portal.Project",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="ความต้องการอันดับ 1",
        db_index=False,
        db_constraint=False,
    )
    choice_2 = models.ForeignKey(
        "welfare_portal.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ความต้องการอันดับ 2",
        db_index=False,
        db_constraint=False,
    )
    choice_3 = models.ForeignKey(
        "welfare_portal.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ความต้องการอันดับ 3",
        db_index=False,
        db_constraint=False,
    )
    # Codes of BasicNeed rows (validated on every write); an array keeps imports one COPY and one upsert.
    basic_needs = ArrayField(models.CharField(max_length=20), default=list, blank=True, verbose_name="สิ่งจำเป็นพื้นฐาน")
    skill = models.ForeignKey(
        "welfare_portal.Skill",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="ทักษะอาชีพ",
        db_index=False,
        db_constraint=False,
    )
    is_current = models.BooleanField("แบบประเมินล่าสุด", default=False)
    channel = models.CharField("ช่องทาง", max_length=10, choices=Channel.choices, default=Channel.FORM)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ผู้บันทึก",
        db_index=False,
        db_constraint=False,
    )
    paper_form_received_on = models.DateField("วันที่ได้รับแบบฟอร์มกระดาษ", null=True, blank=True)
    paper_form_received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ผู้รับแบบฟอร์มกระดาษ",
        db_index=False,
        db_constraint=False,
    )
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)
    updated_at = models.DateTimeField("แก้ไขเมื่อ", auto_now=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        verbose_name = "แบบประเมินและแผนการพัฒนารายบุคคล"
        verbose_name_plural = "แบบประเมินและแผนการพัฒนารายบุคคล"
        constraints = [
            models.UniqueConstraint(
                fields=["cardholder", "round", "interviewed_on"], name="one_interview_per_person_and_day"
            ),
            models.UniqueConstraint(
                fields=["cardholder", "round"],
                condition=models.Q(is_current=True),
                name="one_current_interview_per_person",
            ),
            models.CheckConstraint(
                condition=~models.Q(choice_1=models.F("choice_2"))
                & ~models.Q(choice_1=models.F("choice_3"))
                & ~models.Q(choice_2=models.F("choice_3")),
                name="interview_choices_distinct",
            ),
            models.CheckConstraint(
                condition=models.Q(choice_3__isnull=True) | models.Q(choice_2__isnull=False),
                name="interview_choice_3_needs_choice_2",
            ),
        ]
        indexes = [
            models.Index(fields=["choice_1", "round"], condition=models.Q(is_current=True), name="current_choice_1")
        ]

    def __str__(self):
        return f"{self.cardholder_id} {self.interviewed_on}"

    @property
    def choices(self):
        return [choice for choice in (self.choice_1, self.choice_2, self.choice_3) if choice is not None]


class ImportJob(models.Model):
    """One uploaded file on its way in: checked (a preview that writes nothing), then, once the user
    confirms, imported. Runs outside the request; the page polls its progress."""

    class Status(models.TextChoices):
        CHECKING = "checking", "กำลังตรวจสอบไฟล์"
        PREVIEWED = "previewed", "ตรวจสอบแล้ว รอยืนยัน"
        REJECTED = "rejected", "พบข้อผิดพลาด ไม่ได้นำเข้า"
        IMPORTING = "importing", "กำลังนำเข้า"
        DONE = "done", "นำเข้าเรียบร้อย"
        FAILED = "failed", "ระบบขัดข้อง ไม่ได้นำเข้า"

    RUNNING = (Status.CHECKING, Status.IMPORTING)
    ENDED = (Status.REJECTED, Status.DONE, Status.FAILED)

    class Kind(models.TextChoices):
        """The kinds of file (cardholders.importers.IMPORTERS; the development and matching apps add the
        importers of the last two)."""

        ROSTER = "roster", "ทะเบียนผู้มีบัตรฯ"
        INTERVIEWS = "interviews", "ผลการสัมภาษณ์"
        PROGRESS = "progress", "ผลการพัฒนา (แบบแจ้งผลการพัฒนาตนเอง)"
        DELEGATED = "delegated", "ผลการพิจารณารายชื่อที่ได้รับมอบหมาย (หน่วยงานรับเอง)"

    kind = models.CharField("ประเภทข้อมูล", max_length=20, choices=Kind.choices)
    round = round_field()
    original_name = models.CharField("ชื่อไฟล์", max_length=255)
    stored_path = models.CharField(max_length=500)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField("สถานะ", max_length=20, choices=Status.choices, default=Status.CHECKING)
    stage = models.CharField("ขั้นตอน", max_length=100, blank=True)
    done_rows = models.PositiveIntegerField(default=0)
    total_rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    # [row, column, message] triples: the first IMPORT_MAX_ERRORS errors; error_count is all of them.
    errors = models.JSONField(default=list, blank=True)
    # A dry run's first rows as they will be written ([column names, row…], IDs as the uploader sees them).
    preview = models.JSONField("ตัวอย่างข้อมูล", default=list, blank=True)
    error_count = models.PositiveIntegerField("จำนวนข้อผิดพลาดทั้งหมด", default=0)
    # The background work (README, "Background work"): the queued task, the worker running it, and its last
    # sign of life; a running job whose heartbeat stopped lost its worker.
    task_id = models.CharField(max_length=64, blank=True)
    worker = models.CharField("เครื่องที่ทำงาน", max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    failure_message = models.CharField("สาเหตุ", max_length=500, blank=True)
    # When the job reached an end (rejected, done, failed); its stored file is deleted UPLOAD_RETENTION_DAYS
    # later, and stored_path emptied (cardholders/importers/retention.py).
    finished_at = models.DateTimeField("สิ้นสุดเมื่อ", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "งานนำเข้าไฟล์"
        verbose_name_plural = "งานนำเข้าไฟล์"

    def __str__(self):
        return f"{self.get_kind_display()} {self.original_name}"

    @property
    def running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def percent(self) -> int:
        return int(100 * self.done_rows / self.total_rows) if self.total_rows else 0

    @property
    def error_total(self) -> int:
        """Every error the check found (jobs from before error_count hold them all in errors)."""
        return max(self.error_count, len(self.errors))
