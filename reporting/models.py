"""Summary tables (see summary_sql.py): plain counts keyed by subdistrict, written only by database
triggers and `rebuild_summaries`; the menu pages read them."""

from django.db import models


class SummaryBase(models.Model):
    level = models.IntegerField()  # 1: subdistrict, 100: district, 10000: province (the code's divisor)
    area = models.IntegerField()  # the subdistrict, district or province code
    round = models.SmallIntegerField()  # welfare_portal.Round id: every count is kept per round
    n = models.BigIntegerField(default=0)

    class Meta:
        abstract = True


class SummaryCardholders(SummaryBase):
    class Meta:
        db_table = "summary_cardholders"
        constraints = [models.UniqueConstraint(fields=["round", "level", "area"], name="summary_cardholders_key")]

    def __str__(self):
        return f"{self.level}/{self.area}: {self.n}"


class SummaryInterviewChoice(SummaryBase):
    choice_1 = models.BigIntegerField()
    grp = models.SmallIntegerField()
    n_needs = models.BigIntegerField(default=0)
    n_skill = models.BigIntegerField(default=0)

    class Meta:
        db_table = "summary_interview_choice"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "level", "area", "choice_1", "grp"], name="summary_interview_choice_key"
            )
        ]

    def __str__(self):
        return f"{self.level}/{self.area}/{self.choice_1}/{self.grp}: {self.n}"


class SummaryInterviewNeed(SummaryBase):
    need = models.CharField(max_length=20)  # a BasicNeed code, or "*" for people with any need

    class Meta:
        db_table = "summary_interview_need"
        constraints = [
            models.UniqueConstraint(fields=["round", "level", "area", "need"], name="summary_interview_need_key")
        ]

    def __str__(self):
        return f"{self.level}/{self.area}/{self.need}: {self.n}"


class SummaryInterviewTraining(SummaryBase):
    skill = models.BigIntegerField()  # Skill id, 0 for none

    class Meta:
        db_table = "summary_interview_training"
        constraints = [
            models.UniqueConstraint(fields=["round", "level", "area", "skill"], name="summary_interview_training_key")
        ]

    def __str__(self):
        return f"{self.level}/{self.area}/{self.skill}: {self.n}"


class SummaryAssignmentProject(SummaryBase):
    project = models.BigIntegerField()

    class Meta:
        db_table = "summary_assignment_project"
        constraints = [
            models.UniqueConstraint(fields=["round", "level", "area", "project"], name="summary_assignment_project_key")
        ]

    def __str__(self):
        return f"{self.level}/{self.area}/{self.project}: {self.n}"


class SummaryAssignmentStatus(SummaryBase):
    unit = models.BigIntegerField()
    status = models.CharField(max_length=20)

    class Meta:
        db_table = "summary_assignment_status"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "level", "area", "unit", "status"], name="summary_assignment_status_key"
            )
        ]

    def __str__(self):
        return f"{self.level}/{self.area}/{self.unit}/{self.status}: {self.n}"
