"""Recording development progress (form 4.1, the name check's record step): one person in one project."""

import pghistory
from django.db import IntegrityError, transaction

from cardholders.models import Channel
from matching.services import MatchingError
from welfare_portal.audit import AuditChannel

from .models import Progress
from .progress_rules import assignment_problems, progress_problems


class ProgressConflict(MatchingError):
    """Someone else saved this person's progress after the form was opened."""


@transaction.atomic
def progress_record(
    *,
    cardholder,
    assignment,
    unit,
    project,
    province,
    status,
    started_on,
    ended_on,
    user,
    expected_version=None,
    channel=Channel.FORM,
) -> Progress:
    """Create or update one person's progress in one project, in the round of the assignment it reports on
    (issue 15: each round has its own progress; an earlier round's stays as it was). `expected_version` is
    the version the form showed (0 for none yet): a concurrent save makes this one fail loudly instead of
    overwriting it."""
    pghistory.context(channel=AuditChannel(channel).value)
    in_round = {} if assignment is None else {"round_id": assignment.round_id}  # None: refused below
    existing = Progress.objects.select_for_update().filter(cardholder=cardholder, project=project, **in_round).first()
    current_version = existing.version if existing else 0
    if expected_version is not None and expected_version != current_version:
        raise ProgressConflict("มีผู้อื่นบันทึกผลการพัฒนาของบุคคลนี้ก่อนท่าน ระบบแสดงข้อมูลล่าสุดแล้ว กรุณาตรวจสอบและบันทึกอีกครั้ง")
    problems = progress_problems(
        previous=existing.status if existing else None, status=status, started_on=started_on, ended_on=ended_on
    )
    problems |= assignment_problems(assignment, unit_id=unit.pk, province_id=getattr(province, "pk", province))
    if problems:
        raise MatchingError("; ".join(dict.fromkeys(problems.values())))
    fields = {
        "assignment": assignment,
        "unit": unit,
        "development_province": province,
        "status": status,
        "started_on": started_on,
        "ended_on": ended_on,
        "updated_by": user,
        "channel": channel,
    }
    if existing is None:
        try:
            with transaction.atomic():
                return Progress.objects.create(cardholder=cardholder, project=project, **in_round, **fields)
        except IntegrityError:
            # Two first saves at the same moment: the other one won; say so rather than overwrite it.
            raise ProgressConflict("มีผู้อื่นบันทึกผลการพัฒนาของบุคคลนี้ก่อนท่าน กรุณาตรวจสอบและบันทึกอีกครั้ง") from None
    for name, value in fields.items():
        setattr(existing, name, value)
    existing.version += 1
    existing.save()
    return existing
