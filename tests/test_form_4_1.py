import datetime

import pytest
from django.urls import reverse

from development.models import Progress
from development.services import ProgressConflict, progress_record
from matching.models import Assignment
from matching.services import MatchingError, matching_run_confirm, matching_run_create
from welfare_portal.models import DevelopmentUnit, Province, Role

from .conftest import make_user
from .matching_builders import applicant, project


@pytest.fixture
def assigned(db, central):
    person = applicant("CDD01")
    matching_run_confirm(run=matching_run_create(province=Province.objects.get(code=52), user=central), user=central)
    return person


@pytest.fixture
def cdd(db):
    return make_user("cdd52", Role.UNIT, province_id=52, unit=DevelopmentUnit.objects.get(code="CDD"))


def _post(client, person, **over):
    data = {
        "unit": DevelopmentUnit.objects.get(code="CDD").pk,
        "project": project("CDD01").pk,
        "province": 52,
        "status": "in_progress",
        "started_on": "1/7/2561",
        "ended_on": "",
        "version": 0,
    }
    data.update(over)
    return client.post(reverse("progress_form", args=[person.pk]), data)


def test_it_finds_the_person_and_prefills_the_assignment(client, assigned, cdd):
    client.force_login(cdd)
    response = client.post(reverse("menu_page", args=["4.1"]), {"national_id": assigned.national_id_display})
    assert response.url == reverse("progress_form", args=[assigned.pk])
    page = client.get(response.url)
    html = page.content.decode()
    assert "กรมการพัฒนาชุมชน" in html and "โครงการสร้างสัมมาชีพแก่ครัวเรือนยากจน (ทำงานมีนายจ้าง)" in html
    initial = page.context["form"].initial
    assert initial["project"] == project("CDD01").pk and initial["province"] == 52


def test_it_records_start_then_completion(client, assigned, cdd):
    client.force_login(cdd)
    assert _post(client, assigned).status_code == 302
    progress = Progress.objects.get()
    assert progress.status == "in_progress" and progress.started_on == datetime.date(2018, 7, 1)
    assert progress.assignment == Assignment.objects.get() and progress.updated_by == cdd
    _post(client, assigned, status="completed", ended_on="30/9/2561", version=progress.version)
    progress.refresh_from_db()
    assert progress.status == "completed" and progress.ended_on == datetime.date(2018, 9, 30) and progress.version == 2
    assert Progress.objects.count() == 1


@pytest.mark.parametrize(
    "over, field, message",
    [
        ({"status": "completed", "started_on": "", "ended_on": "30/9/2561"}, "started_on", "มีวันที่เริ่ม"),
        ({"status": "completed", "started_on": "1/10/2561", "ended_on": "30/9/2561"}, "ended_on", "ไม่ก่อนวันที่เริ่ม"),
        ({"status": "in_progress", "started_on": ""}, "started_on", "วันที่เริ่ม"),
        ({"status": "in_progress", "ended_on": "30/9/2561"}, "ended_on", "ระบุวันที่เสร็จได้เมื่อ"),
        ({"started_on": "1/7/2018"}, "started_on", "พุทธศักราช"),
        ({"project": "__dsd__"}, "project", "ตัวเลือกไม่ถูกต้อง"),
    ],
)
def test_it_explains_every_refused_entry_next_to_its_field(client, assigned, cdd, over, field, message):
    client.force_login(cdd)
    if over.get("project") == "__dsd__":
        over["project"] = project("DSD01").pk
    response = _post(client, assigned, **over)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field]), response.context["form"].errors
    assert Progress.objects.count() == 0


def test_a_finished_development_cannot_go_back(client, assigned, cdd):
    client.force_login(cdd)
    _post(client, assigned, status="completed", ended_on="30/9/2561")
    response = _post(client, assigned, status="in_progress", version=1)
    assert "ย้อนสถานะกลับไม่ได้" in response.context["form"].errors["status"][0]


def test_two_saves_of_the_same_person_never_lose_one_silently(assigned, cdd, central):
    args = dict(
        cardholder=assigned,
        assignment=Assignment.objects.get(),
        unit=DevelopmentUnit.objects.get(code="CDD"),
        project=project("CDD01"),
        province=Province.objects.get(code=52),
    )
    progress_record(
        **args, status="in_progress", started_on=datetime.date(2018, 7, 1), ended_on=None, user=cdd, expected_version=0
    )
    # A second user opened the form before the first save (version 0) and saves now.
    with pytest.raises(ProgressConflict):
        progress_record(**args, status="notified", started_on=None, ended_on=None, user=central, expected_version=0)
    assert Progress.objects.get().status == "in_progress"


def test_a_conflict_on_the_web_keeps_what_the_user_typed(client, assigned, cdd):
    client.force_login(cdd)
    _post(client, assigned)  # someone else saved first
    response = _post(client, assigned, status="completed", ended_on="30/9/2561", version=0)
    assert response.status_code == 200
    assert "มีผู้อื่นบันทึก" in response.content.decode()
    assert response.context["form"].data["status"] == "completed"
    assert Progress.objects.get().status == "in_progress"


def test_the_service_refuses_impossible_transitions(assigned, cdd):
    with pytest.raises(MatchingError):
        progress_record(
            cardholder=assigned,
            assignment=None,
            unit=DevelopmentUnit.objects.get(code="CDD"),
            project=project("CDD01"),
            province=Province.objects.get(code=52),
            status="completed",
            started_on=None,
            ended_on=datetime.date(2018, 9, 1),
            user=cdd,
        )


def test_an_agency_user_sees_only_its_own_people(client, assigned, db):
    dsd = make_user("dsd52", Role.UNIT, province_id=52, unit=DevelopmentUnit.objects.get(code="DSD"))
    client.force_login(dsd)
    assert client.get(reverse("progress_form", args=[assigned.pk])).status_code == 404
    response = client.post(reverse("menu_page", args=["4.1"]), {"national_id": assigned.national_id})
    assert "ไม่พบผู้มีบัตรฯ รายนี้" in response.content.decode()


def test_an_agency_user_cannot_report_for_another_agency(client, assigned, cdd):
    client.force_login(cdd)
    response = _post(client, assigned, unit=DevelopmentUnit.objects.get(code="DSD").pk)
    assert "unit" in response.context["form"].errors and Progress.objects.count() == 0


def test_an_ao_cannot_open_form_4_1(client, assigned):
    client.force_login(make_user("ao52", Role.AO, province_id=52))
    assert client.get(reverse("progress_form", args=[assigned.pk])).status_code == 403


def test_a_province_cannot_credit_another_agency_or_province_with_a_persons_progress(client, assigned, db):
    province = make_user("P5200x", Role.PROVINCE, province_id=52)
    client.force_login(province)
    dsd = DevelopmentUnit.objects.get(code="DSD")
    form = client.get(reverse("progress_form", args=[assigned.pk])).context["form"]
    assert list(form.fields["unit"].queryset) == [DevelopmentUnit.objects.get(code="CDD")]  # only the assigned
    assert [p.pk for p in form.fields["province"].queryset] == [52]
    other_agency = _post(client, assigned, unit=dsd.pk, project=project("DSD01").pk)
    assert other_agency.status_code == 200 and "ตัวเลือกไม่ถูกต้อง" in other_agency.context["form"].errors["unit"][0]
    other_province = _post(client, assigned, province=50)
    assert other_province.status_code == 200 and other_province.context["form"].errors["province"]
    assert not Progress.objects.exists()
    assert _post(client, assigned).status_code == 302  # the assigned agency, where it develops the person


def test_the_service_refuses_another_agencys_or_provinces_progress(assigned, cdd):
    args = dict(
        cardholder=assigned,
        assignment=Assignment.objects.get(),
        status="in_progress",
        started_on=datetime.date(2018, 7, 1),
        ended_on=None,
        user=cdd,
    )
    with pytest.raises(MatchingError, match="หน่วยงานที่ได้รับมอบหมาย"):
        progress_record(
            **args,
            unit=DevelopmentUnit.objects.get(code="DSD"),
            project=project("DSD01"),
            province=Province.objects.get(code=52),
        )
    with pytest.raises(MatchingError, match="หน่วยงานที่ได้รับมอบหมาย"):
        progress_record(
            **args,
            unit=DevelopmentUnit.objects.get(code="CDD"),
            project=project("CDD01"),
            province=Province.objects.get(code=50),
        )
    assert not Progress.objects.exists()


def test_the_lookup_keeps_the_typed_id_after_an_error(client, cdd, db):
    client.force_login(cdd)
    html = client.post(reverse("menu_page", args=["4.1"]), {"national_id": "1-2345-67890-12-0"}).content.decode()
    assert 'value="1-2345-67890-12-0"' in html and 'aria-invalid="true"' in html


def test_the_profile_links_to_form_4_1_for_who_may_record_it(client, assigned, cdd, province_user):
    link = reverse("progress_form", args=[assigned.pk])
    client.force_login(cdd)
    assert link in client.get(reverse("profile", args=[assigned.pk])).content.decode()
    client.force_login(province_user)
    assert link in client.get(reverse("profile", args=[assigned.pk])).content.decode()
    client.force_login(make_user("ao52", Role.AO, province_id=52))
    assert link not in client.get(reverse("profile", args=[assigned.pk])).content.decode()


def test_the_profile_has_no_4_1_link_without_an_active_assignment(client, province_user):
    person = applicant("CDD01")
    client.force_login(province_user)
    assert (
        reverse("progress_form", args=[person.pk])
        not in client.get(reverse("profile", args=[person.pk])).content.decode()
    )


# ---- rounds (issue 15) ---------------------------------------------------------------------------------


def _second_round():
    """Round 2562 opened as the current one (the database default for new rows from now on)."""
    from welfare_portal.models import Round

    return Round.objects.create_round("2562", name="ปี 2562", current=True)


def _choose_round(client, code):
    from welfare_portal.rounds import SESSION_KEY

    session = client.session
    session[SESSION_KEY] = code
    session.save()


def _match_again(person, code, central):
    """Interviewed again in the current round choosing `code`, and matched by คจจ."""
    from cardholders.services import interview_record

    interview_record(
        cardholder=person,
        interviewed_on=datetime.date(2019, 6, 20),
        group=1,
        choices=[project(code)],
        basic_needs=[],
        skill=None,
        user=None,
    )
    matching_run_confirm(run=matching_run_create(province=Province.objects.get(code=52), user=central), user=central)


@pytest.fixture
def finished_in_2561(client, assigned, cdd):
    """The person's development of 2561, completed (CDD01), then round 2562 opened."""
    client.force_login(cdd)
    assert _post(client, assigned, status="completed", ended_on="30/9/2561").status_code == 302
    _second_round()
    return Progress.objects.get()


def test_form_4_1_in_2562_writes_2562s_progress_and_2561s_stays(client, assigned, cdd, central, finished_in_2561):
    _match_again(assigned, "CDD02", central)
    page = client.get(reverse("progress_form", args=[assigned.pk]))
    assert page.context["form"].initial["project"] == project("CDD02").pk  # 2562's assignment
    assert list(page.context["records"]) == [] and "ปี 2562" in page.content.decode()
    response = _post(client, assigned, project=project("CDD02").pk, started_on="1/7/2562")
    assert response.status_code == 302, response.context["form"].errors
    new = Progress.objects.get(round__code="2562")
    assert (new.project.code, new.status, new.assignment.round.code) == ("CDD02", "in_progress", "2562")
    finished_in_2561.refresh_from_db()
    assert (finished_in_2561.round.code, finished_in_2561.status, finished_in_2561.version) == ("2561", "completed", 1)


def test_form_4_1_opens_for_people_assigned_in_the_chosen_round(client, assigned, cdd, finished_in_2561):
    # Matched in 2561 only: nothing to record in 2562, neither by the form nor by the lookup.
    assert client.get(reverse("progress_form", args=[assigned.pk])).status_code == 404
    response = client.post(reverse("menu_page", args=["4.1"]), {"national_id": assigned.national_id})
    assert "ไม่พบผู้มีบัตรฯ รายนี้" in response.content.decode()
    _choose_round(client, "2561")
    page = client.get(reverse("progress_form", args=[assigned.pk]))
    assert page.status_code == 200 and [r.pk for r in page.context["records"]] == [finished_in_2561.pk]


def test_the_same_project_again_in_2562_starts_afresh(client, assigned, cdd, central, finished_in_2561):
    _match_again(assigned, "CDD01", central)  # CDD01 again, completed in 2561
    response = _post(client, assigned, started_on="1/7/2562")
    assert response.status_code == 302, response.context["form"].errors
    assert sorted(Progress.objects.values_list("round__code", "status")) == [
        ("2561", "completed"),
        ("2562", "in_progress"),
    ]


def test_form_4_1_in_an_earlier_open_round_writes_that_rounds_progress(client, db, cdd, central):
    person = applicant("CDD01")
    matching_run_confirm(run=matching_run_create(province=Province.objects.get(code=52), user=central), user=central)
    _second_round()
    client.force_login(cdd)
    _choose_round(client, "2561")
    assert _post(client, person).status_code == 302
    assert Progress.objects.get().round.code == "2561"


def test_a_closed_round_refuses_a_4_1_post(client, assigned, cdd, finished_in_2561):
    from welfare_portal.models import Round

    Round.objects.filter(code="2561").update(is_closed=True)
    _choose_round(client, "2561")
    page = client.get(reverse("progress_form", args=[assigned.pk])).content.decode()
    assert "รอบนี้ปิดแล้ว" in page and 'data-testid="progress-form"' not in page
    response = _post(client, assigned, status="not_completed", ended_on="30/9/2561", version=finished_in_2561.version)
    assert response.status_code == 403
    finished_in_2561.refresh_from_db()
    assert finished_in_2561.status == "completed" and Progress.objects.count() == 1
