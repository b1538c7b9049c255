"""Stages 3 and 4 of the guideline: what the agencies report of each person's development (progress, form
4.1 and the progress file), the name check of an agency's list (4.3), and the follow-ups of AO and ทีม ปรจ.

The tables keep the names they had when these models lived in `matching` and `cardholders` (Meta.db_table):
the raw SQL of the importers, the triggers and the summaries name them."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from cardholders.models import Cardholder, Channel
from matching.models import Assignment, DevelopmentScopedQuerySet
from welfare_portal.audit import track
from welfare_portal.models import DevelopmentUnit, Project, Province, round_field
from welfare_portal.scope import ScopedQuerySet


class ProgressStatus(models.TextChoices):
    NOTIFIED = "notified", "แจ้งผู้มีบัตรฯ แล้ว (ยังไม่เริ่มพัฒนา)"
    IN_PROGRESS = "in_progress", "อยู่ระหว่างการพัฒนา"
    COMPLETED = "completed", "พัฒนาเสร็จแล้ว"
    NOT_COMPLETED = "not_completed", "พัฒนาไม่เสร็จสิ้น"


FINISHED = (ProgressStatus.COMPLETED, ProgressStatus.NOT_COMPLETED)


@track
class Progress(models.Model):
    """What the agency reports for one person in one project (form 4.1 or a progress file)."""

    # Indexed as the first column of one_progress_per_person_and_project.
    cardholder = models.ForeignKey(
        Cardholder, on_delete=models.CASCADE, related_name="progress", verbose_name="ผู้มีบัตรฯ", db_index=False
    )
    round = round_field()
    # Progress is read by person (the unique index below leads with it); the other references carry no
    # index, and no database check but the person's (form 4.1 and the progress import check the reference
    # codes against the reference data and set the assignment to the person's active one as the row is
    # written; assignments are never deleted, only ended, and Django's PROTECT and SET_NULL guard
    # deletions): a progress file of a million rows updates two indexes, not seven, and queues one
    # foreign-key check per row at commit, not six (the assignment's took 1 s of a 100,000-row file).
    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress",
        db_index=False,
        db_constraint=False,
    )
    unit = models.ForeignKey(
        DevelopmentUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="หน่วยงานที่ดำเนินการพัฒนา",
        db_index=False,
        db_constraint=False,
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="โครงการที่ส่งเสริมการพัฒนา",
        db_index=False,
        db_constraint=False,
    )
    development_province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="จังหวัดที่ดำเนินการพัฒนา",
        db_index=False,
        db_constraint=False,
    )
    status = models.CharField("สถานะ", max_length=20, choices=ProgressStatus.choices)
    started_on = models.DateField("วันที่เริ่ม", null=True, blank=True)
    ended_on = models.DateField("วันที่เสร็จ", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    updated_at = models.DateTimeField("บันทึกล่าสุด", auto_now=True)
    channel = models.CharField("ช่องทาง", max_length=10, choices=Channel.choices, default=Channel.FORM)

    objects = DevelopmentScopedQuerySet.as_manager()

    class Meta:
        db_table = "matching_progress"  # the table's name from before the development app (raw SQL uses it)
        verbose_name = "ผลการพัฒนา"
        verbose_name_plural = "ผลการพัฒนา"
        constraints = [
            models.UniqueConstraint(
                fields=["cardholder", "round", "project"], name="one_progress_per_person_and_project"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(started_on__isnull=False, ended_on__gte=models.F("started_on")),
                name="progress_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.cardholder_id} {self.project} {self.get_status_display()}"


class FollowUpPeriod(models.TextChoices):
    AO_FEBRUARY = "ao_feb", "AO รอบเดือนกุมภาพันธ์"
    AO_SEPTEMBER = "ao_sep", "AO รอบเดือนกันยายน"
    TEAM_DECEMBER = "team_dec", "ทีม ปรจ. รอบเดือนธันวาคม"


class FollowUpOutcome(models.TextChoices):
    BETTER_INCOME = "income", "มีรายได้เพิ่มขึ้น"
    EMPLOYED = "employed", "มีงานทำ"
    UNCHANGED = "unchanged", "ยังไม่เปลี่ยนแปลง"
    UNREACHABLE = "unreachable", "ติดต่อไม่ได้"
    OTHER = "other", "อื่น ๆ (ระบุในหมายเหตุ)"


class FollowUpQuerySet(ScopedQuerySet):
    subdistrict_path = "cardholder__subdistrict"


@track
class FollowUp(models.Model):
    """AO follow-ups (February, September) and the ทีม ปรจ. result (December): steps 10-13."""

    cardholder = models.ForeignKey(
        Cardholder, on_delete=models.CASCADE, related_name="follow_ups", verbose_name="ผู้มีบัตรฯ"
    )
    round = round_field()
    period = models.CharField("รอบการติดตาม", max_length=10, choices=FollowUpPeriod.choices)
    year = models.PositiveSmallIntegerField("ปี (พ.ศ.)")
    followed_on = models.DateField("วันที่ติดตาม")
    outcome = models.CharField("ผลการติดตาม", max_length=20, choices=FollowUpOutcome.choices)
    notes = models.TextField("หมายเหตุ", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        db_table = "cardholders_followup"  # the table's name from before the development app
        ordering = ["-followed_on", "-id"]
        verbose_name = "การติดตามผล"
        verbose_name_plural = "การติดตามผล"
        constraints = [
            models.UniqueConstraint(fields=["cardholder", "round", "period", "year"], name="one_follow_up_per_round")
        ]

    def __str__(self):
        return f"{self.cardholder_id} {self.get_period_display()} {self.year}"


# The name check's models (issue 13) live in their own module; imported here so Django registers them.
from .name_check_models import NameCheck, NameCheckGroup, NameCheckRow  # noqa: E402, F401
