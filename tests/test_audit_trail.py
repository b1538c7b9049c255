"""What the audit trail records of an assignment: decisions, not the status derived from progress."""

import datetime

import pytest

from development.models import Progress
from development.services import progress_record
from matching.models import Assignment
from matching.services import assignment_change, matching_run_confirm, matching_run_create
from welfare_portal.models import Province

from .matching_builders import applicant, project


@pytest.fixture
def assignment(db, central):
    person = applicant("CDD01", "DSD01")
    matching_run_confirm(run=matching_run_create(province=Province.objects.get(code=52), user=central), user=central)
    return Assignment.objects.active().get(cardholder=person)


def test_progress_is_recorded_once_in_the_progress_trail_not_again_in_the_assignments(assignment, central):
    events = Assignment.pgh_event_model.objects.filter(pgh_obj_id=assignment.pk)
    assert list(events.values_list("pgh_label", flat=True)) == ["insert"]
    progress_record(
        cardholder=assignment.cardholder,
        assignment=assignment,
        unit=assignment.unit,
        project=assignment.project,
        province=assignment.development_province,
        status="in_progress",
        started_on=datetime.date(2018, 7, 1),
        ended_on=None,
        user=central,
    )
    assignment.refresh_from_db()
    assert assignment.progress_status == "in_progress"
    assert list(events.values_list("pgh_label", flat=True)) == ["insert"]
    progress = Progress.objects.get(cardholder=assignment.cardholder)
    assert Progress.pgh_event_model.objects.filter(pgh_obj_id=progress.pk, status="in_progress").exists()

    # A decision on the assignment is an event, and its snapshot shows the status at that moment.
    assignment_change(assignment=assignment, project=project("DSD01"), reason="มติ คจจ.", user=central)
    updates = events.filter(pgh_label="update")
    assert updates.filter(ended_at__isnull=False).exists()
    assert set(updates.values_list("progress_status", flat=True)) == {"in_progress"}


def test_a_newer_interview_is_the_event_not_the_flag_it_takes_from_the_earlier_one(db, tmp_path):
    """A person's latest interview is current. A newer interview is recorded as an insert; clearing the
    earlier one's flag is not a second event (it copied a row per interview into the trail of every new
    round), while a real change to an interview still is one."""
    from cardholders.importers import InterviewImporter
    from cardholders.models import Interview
    from cardholders.services import interview_record

    from .builders import INTERVIEW_HEADER, write_csv

    def trail(interview):
        return list(
            Interview.pgh_event_model.objects.filter(pgh_obj_id=interview.pk)
            .order_by("pgh_id")
            .values_list("pgh_label", "is_current")
        )

    person = applicant("CDD01")  # through the form's service
    earlier = Interview.objects.get(cardholder=person)
    assert trail(earlier) == [("insert", True)]  # written current, as it is

    # A newer one from a file: current from its insert; the earlier one's flag goes without an event.
    newer = [[person.national_id, "1/9/2561", 1, "DSD01", "", "", "", ""]]
    assert InterviewImporter().run(write_csv(tmp_path / "newer.csv", INTERVIEW_HEADER, newer)).created == 1
    earlier.refresh_from_db()
    latest = Interview.objects.get(cardholder=person, is_current=True)
    assert not earlier.is_current and latest.interviewed_on == datetime.date(2018, 9, 1)
    assert trail(earlier) == [("insert", True)]
    assert trail(latest) == [("insert", True)]

    # Through the form: a newer interview takes the flag on its insert; an older one recorded late does not.
    def recorded(day):
        return interview_record(
            cardholder=person,
            interviewed_on=day,
            group=1,
            choices=[project("CDD01")],
            basic_needs=[],
            skill=None,
            user=None,
        )

    newest, late = recorded(datetime.date(2018, 10, 1)), recorded(datetime.date(2018, 7, 1))
    assert trail(newest) == [("insert", True)] and trail(late) == [("insert", False)]
    assert list(Interview.objects.filter(cardholder=person, is_current=True)) == [newest]
    assert trail(latest) == [("insert", True)]

    # The earlier interview corrected (its choice): an event, showing the flag as it is.
    corrected = [[person.national_id, "20/6/2561", 1, "CDD02", "", "", "", ""]]
    assert InterviewImporter().run(write_csv(tmp_path / "corrected.csv", INTERVIEW_HEADER, corrected)).updated == 1
    assert trail(earlier) == [("insert", True), ("update", False)]
