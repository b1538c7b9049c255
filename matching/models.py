"""Capacities, delegation, matching runs, confirmed assignments, decisions, transfers and progress."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q

from cardholders.models import Cardholder, Interview
from welfare_portal.audit import track
from welfare_portal.models import DevelopmentUnit, Project, Province, round_field
from welfare_portal.scope import ScopedQuerySet


class Capacity(models.Model):
    """How many people a project can take in a province; no row means unlimited."""

    round = round_field()
    province = models.ForeignKey(Province, on_delete=models.CASCADE, verbose_name="จังหวัด")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, verbose_name="โครงการ")
    seats = models.PositiveIntegerField("จำนวนที่รับได้ (คน)")

    class Meta:
        verbose_name = "จำนวนที่รับได้ของโครงการ"
        verbose_name_plural = "จำนวนที่รับได้ของโครงการ"
        constraints = [
            models.UniqueConstraint(fields=["province", "project", "round"], name="one_capacity_per_province_project")
        ]

    def __str__(self):
        return f"{self.project} ({self.province}): {self.seats}"


class MatchingRun(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "ข้อเสนอ (ยังไม่ยืนยัน)"
        CONFIRMED = "confirmed", "ยืนยันแล้ว"
        SUPERSEDED = "superseded", "ถูกแทนที่ด้วยข้อเสนอใหม่"

    round = round_field()
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+", verbose_name="จังหวัด")
    number = models.PositiveIntegerField("ครั้งที่", default=0)  # 1, 2, … within the province and round
    status = models.CharField("สถานะ", max_length=20, choices=Status.choices, default=Status.PROPOSED)
    tie_rule = models.TextField("กติกาเมื่อที่นั่งไม่พอ")
    candidates = models.PositiveIntegerField("ผู้เข้ารับการจับคู่", default=0)
    matched = models.PositiveIntegerField("จับคู่ได้", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="ผู้ประมวลผล"
    )
    created_at = models.DateTimeField("ประมวลผลเมื่อ", auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ผู้ยืนยัน",
    )
    confirmed_at = models.DateTimeField("ยืนยันเมื่อ", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["province", "number", "round"], name="one_run_number_per_province")
        ]
        verbose_name = "การประมวลผลจับคู่"
        verbose_name_plural = "การประมวลผลจับคู่"

    def __str__(self):
        return f"{self.province} ครั้งที่ {self.number} {self.get_status_display()}"

    @property
    def unmatched(self) -> int:
        return self.candidates - self.matched


class RunEntry(models.Model):
    """One candidate of a run: the project proposed (and at which rank), or none.

    A scratch row of a proposal, written 200k at a time: no database-level foreign keys (their checks
    would cost more than the matching itself). Every value comes from rows joined in the same statement,
    and deletes still cascade through Django."""

    # Indexed as the first column of (run, project).
    run = models.ForeignKey(
        MatchingRun, on_delete=models.CASCADE, related_name="entries", db_constraint=False, db_index=False
    )
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    cardholder = models.ForeignKey(Cardholder, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    project = models.ForeignKey(Project, on_delete=models.PROTECT, null=True, related_name="+", db_constraint=False)
    rank = models.PositiveSmallIntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["run", "project"])]

    def __str__(self):
        return f"{self.run_id}: {self.cardholder_id} → {self.project_id or '-'}"


class MatchingTask(models.Model):
    """A proposal or a confirmation the คจจ. asked for on the web, run on the task queue (matching/tasks.py).

    The services do the work in one transaction together with this row's move to done, so a task that did
    not finish changed nothing. At most one task per province is queued or running at a time."""

    class Kind(models.TextChoices):
        PROPOSE = "propose", "ประมวลผลข้อเสนอการจับคู่"
        CONFIRM = "confirm", "ยืนยันผลการจับคู่"

    class Status(models.TextChoices):
        QUEUED = "queued", "รอคิว"
        RUNNING = "running", "กำลังประมวลผล"
        DONE = "done", "เสร็จแล้ว"
        FAILED = "failed", "ไม่สำเร็จ"

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    kind = models.CharField("งาน", max_length=10, choices=Kind.choices)
    round = round_field()
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+", verbose_name="จังหวัด")
    # The run to confirm; for a proposal, the run it made.
    run = models.ForeignKey(MatchingRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField("สถานะ", max_length=10, choices=Status.choices, default=Status.QUEUED)
    message = models.TextField("ผลหรือสาเหตุที่ไม่สำเร็จ", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="ผู้สั่ง"
    )
    created_at = models.DateTimeField("สั่งเมื่อ", auto_now_add=True)
    finished_at = models.DateTimeField("เสร็จเมื่อ", null=True, blank=True)
    # The queued task, the process running it and its last sign of life (README, "Background work").
    task_id = models.CharField(max_length=64, blank=True)
    worker = models.CharField("เครื่องที่ทำงาน", max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "งานจับคู่ที่สั่งจากหน้าเว็บ"
        verbose_name_plural = "งานจับคู่ที่สั่งจากหน้าเว็บ"
        constraints = [
            models.UniqueConstraint(
                fields=["province"],
                condition=Q(status__in=["queued", "running"]),
                name="one_active_matching_task_per_province",
            )
        ]

    def __str__(self):
        return f"{self.province} {self.get_kind_display()} {self.get_status_display()}"

    @property
    def active(self) -> bool:
        return self.status in self.ACTIVE


class DevelopmentScopedQuerySet(ScopedQuerySet):
    """Rows about a person's development: a province also sees those developed in it; an agency sees its
    own rows in its province."""

    subdistrict_path = "cardholder__subdistrict"

    def extra_scope_q(self, user):
        return Q(development_province_id=user.province_id)

    def unit_q(self, user):
        return Q(unit_id=user.unit_id, development_province_id=user.province_id)


class AssignmentQuerySet(DevelopmentScopedQuerySet):
    def active(self):
        return self.filter(ended_at__isnull=True)


@track(derived=("progress_status",))
class Assignment(models.Model):
    """A confirmed decision of the คจจ.: this person is developed in this project. Final: it ends only when a
    new recorded decision replaces it (ended_at set, `replaced_by` pointing at the new one).

    Matching confirms up to 200k of these in one statement, so the table carries only the database
    checks and indexes that matter: the person and the project are checked; the copies kept for reports
    (agency, home province), the provenance (interview, run, who) and the development province (a
    77-row reference table) are set from checked rows in the same statement and are not re-checked."""

    class Source(models.TextChoices):
        MATCHING = "matching", "การจับคู่ของ คจจ."
        DELEGATION = "delegation", "หน่วยงานที่ได้รับมอบหมายรับเอง"
        DECISION = "decision", "มติ คจจ. เปลี่ยนแปลง"

    class DevelopmentStatus(models.TextChoices):
        """progress_status: what the agency last reported (ProgressStatus): its last development status, else
        notified while it has only told the person, else not started (development/progress_sync.py)."""

        NOT_STARTED = "not_started", "ยังไม่เริ่มพัฒนา"
        NOTIFIED = "notified", "แจ้งผู้มีบัตรฯ แล้ว (ยังไม่เริ่มพัฒนา)"
        IN_PROGRESS = "in_progress", "อยู่ระหว่างการพัฒนา"
        COMPLETED = "completed", "พัฒนาเสร็จแล้ว"
        NOT_COMPLETED = "not_completed", "พัฒนาไม่เสร็จสิ้น"

    cardholder = models.ForeignKey(
        Cardholder, on_delete=models.CASCADE, related_name="assignments", verbose_name="ผู้มีบัตรฯ"
    )
    round = round_field()
    interview = models.ForeignKey(
        Interview,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="+", verbose_name="โครงการ", db_index=False
    )
    unit = models.ForeignKey(
        DevelopmentUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="หน่วยงานพัฒนา",
        db_constraint=False,
        db_index=False,
    )
    rank = models.PositiveSmallIntegerField("ลำดับความต้องการ", null=True, blank=True)
    home_province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="จังหวัดภูมิลำเนา",
        db_constraint=False,
        db_index=False,
    )
    development_province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="จังหวัดที่ดำเนินการพัฒนา",
        db_constraint=False,
        db_index=False,
    )
    source = models.CharField("ที่มา", max_length=20, choices=Source.choices)
    run = models.ForeignKey(
        MatchingRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    reason = models.TextField("เหตุผล", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ผู้ยืนยัน",
        db_constraint=False,
        db_index=False,
    )
    confirmed_at = models.DateTimeField("ยืนยันเมื่อ")
    ended_at = models.DateTimeField("สิ้นสุดเมื่อ", null=True, blank=True)
    # The development status the agency last reported for this person (not_started until it reports a
    # start). Kept by a database trigger on progress, so page 4.2 and its summary need no per-row lookup.
    progress_status = models.CharField(
        "สถานะการพัฒนา",
        max_length=20,
        choices=DevelopmentStatus.choices,
        default=DevelopmentStatus.NOT_STARTED,
        db_default=DevelopmentStatus.NOT_STARTED,
    )
    replaced_by = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaces", verbose_name="แทนที่ด้วย"
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "การมอบหมายหน่วยงานพัฒนา"
        verbose_name_plural = "การมอบหมายหน่วยงานพัฒนา"
        constraints = [
            models.UniqueConstraint(
                fields=["cardholder", "round"],
                condition=Q(ended_at__isnull=True),
                name="one_active_assignment_per_person",
            )
        ]
        # The round comes last in these indexes, never first: while a new round is young its statistics say it
        # has almost no rows, and an index led by the round then looked cheap for "this person's assignment in
        # the round" — a probe that read every assignment of the round, once per person (the second year's
        # matching of 14.5M people ran for hours). Led by their own columns they are never a person probe.
        indexes = [
            models.Index(
                fields=["development_province", "project", "round"],
                condition=Q(ended_at__isnull=True),
                name="active_by_dev_province",
            ),
            models.Index(fields=["home_province", "unit", "round"], name="assignment_home_unit"),
        ]

    def __str__(self):
        return f"{self.cardholder_id} → {self.project}"


class ReinterviewRequest(models.Model):
    """Matched on none of three choices: the AO asks the person again. Open while the failed interview
    is still the person's current one; a new interview closes it by itself."""

    cardholder = models.ForeignKey(Cardholder, on_delete=models.CASCADE, related_name="+")
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class QuerySet(ScopedQuerySet):
        subdistrict_path = "cardholder__subdistrict"

        def open(self):
            # an assignment of the request's own round closes it (the round is the run's)
            active = Assignment.objects.filter(
                cardholder_id=OuterRef("cardholder_id"), round_id=OuterRef("run__round_id"), ended_at__isnull=True
            )
            return self.filter(interview__is_current=True).exclude(Exists(active))

    objects = QuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["interview"], name="one_reinterview_per_interview")]

    def __str__(self):
        return f"สัมภาษณ์ใหม่: {self.cardholder_id}"


class Delegation(models.Model):
    """คจจ. lets an agency take directly everyone whose rank-1 choice is one of its projects."""

    round = round_field()
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+", verbose_name="จังหวัด")
    unit = models.ForeignKey(DevelopmentUnit, on_delete=models.PROTECT, related_name="+", verbose_name="หน่วยงานพัฒนา")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "การมอบหมายให้หน่วยงานรับเอง"
        verbose_name_plural = "การมอบหมายให้หน่วยงานรับเอง"

    def __str__(self):
        return f"{self.unit} ({self.province})"


class DelegatedCase(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", "รอหน่วยงานพิจารณา"
        ACCEPTED = "accepted", "หน่วยงานรับ"
        DECLINED = "declined", "หน่วยงานไม่รับ"

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="cases")
    # A bulk table (a delegation lists a province's people; an agency's file decides 100,000 at once): the
    # interview is indexed by its unique constraint alone, and the decider, as on Assignment, has neither an
    # index nor a database check (every decision rewrote both for each row; users are deactivated, not deleted).
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="+", db_index=False)
    cardholder = models.ForeignKey(Cardholder, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField("ผลการพิจารณา", max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class QuerySet(ScopedQuerySet):
        subdistrict_path = "cardholder__subdistrict"

        def unit_q(self, user):
            return Q(delegation__unit_id=user.unit_id, delegation__province_id=user.province_id)

    objects = QuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["interview"], name="one_delegated_case_per_interview")]

    def __str__(self):
        return f"{self.cardholder_id} ({self.get_decision_display()})"


class Transfer(models.Model):
    """คจจ. sends a person to be developed in another province; that province's คจจ. accepts or declines."""

    class Status(models.TextChoices):
        PENDING = "pending", "รอจังหวัดปลายทางพิจารณา"
        ACCEPTED = "accepted", "จังหวัดปลายทางรับ"
        DECLINED = "declined", "จังหวัดปลายทางไม่รับ"

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="transfers")
    from_province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+", verbose_name="จากจังหวัด")
    to_province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+", verbose_name="ไปจังหวัด")
    reason = models.TextField("เหตุผล")
    status = models.CharField("สถานะ", max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment"], condition=Q(status="pending"), name="one_pending_transfer")
        ]

    def __str__(self):
        return f"{self.assignment_id}: {self.from_province_id} → {self.to_province_id}"
