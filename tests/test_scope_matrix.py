"""Every door, tried by people who must not get through: a user of another province, an agency user of
another agency, a user without scope. Each gets 403/404/a redirect, or a page without Lampang's person."""

import datetime

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from cardholders.models import FollowUp, ImportJob
from matching.models import Assignment, Transfer
from matching.services import delegation_create, matching_run_confirm, matching_run_create, progress_record
from welfare_portal.models import DevelopmentUnit, Province, Role, User

from .conftest import make_user
from .matching_builders import applicant, project

SECRET_FIRST_NAME = "ลับเฉพาะลำปาง"


@pytest.fixture
def lampang_world(db, tmp_path, settings):
    """One Lampang person through every stage, and every kind of object a URL can point at."""
    settings.MEDIA_ROOT = tmp_path
    central = make_user("central-setup", Role.CENTRAL)
    lampang = Province.objects.get(code=52)
    person = applicant("CDD01", "DSD01")
    person.first_name = SECRET_FIRST_NAME
    person.save()
    other = applicant("CDD02")
    run = matching_run_create(province=lampang, user=central)
    matching_run_confirm(run=run, user=central)
    assignment = Assignment.objects.get(cardholder=person)
    progress_record(
        cardholder=person, assignment=assignment, unit=assignment.unit, project=assignment.project, province=lampang,
        status="in_progress", started_on=datetime.date(2018, 7, 1), ended_on=None, user=central,
    )  # fmt: skip
    FollowUp.objects.create(
        cardholder=person, round="ao_feb", year=2562, followed_on=datetime.date(2019, 2, 1), outcome="income"
    )
    transfer = Transfer.objects.create(
        assignment=Assignment.objects.get(cardholder=other), from_province=lampang, to_province_id=52, reason="x"
    )
    delegation_create(province=lampang, unit=DevelopmentUnit.objects.get(code="RICE"), user=central)
    p5200 = make_user("P5200-owner", Role.PROVINCE, province_id=52)
    job = ImportJob.objects.create(kind="roster", original_name="lampang.csv", stored_path=str(tmp_path / "x.csv"),
                                   uploaded_by=p5200, status="rejected", errors=[[2, "ชื่อ", SECRET_FIRST_NAME]])  # fmt: skip
    proposal = matching_run_create(province=lampang, user=central)
    return {
        "person": person,
        "assignment": assignment,
        "run": run,
        "proposal": proposal,
        "transfer": transfer,
        "job": job,
    }


def _doors(w):
    """(method, url, data) for every page, export and download that can show or change Lampang data."""
    pk = w["person"].pk
    lampang_query = [{"province": 52}, {"province": 52, "district": 5201}, {"district": 5201}]
    gets = [reverse("home"), reverse("profile", args=[pk]), reverse("person_audit", args=[pk]),
            reverse("progress_form", args=[pk]), reverse("follow_up_new", args=[pk]),
            reverse("import_job", args=[w["job"].pk]), reverse("import_job_status", args=[w["job"].pk]),
            reverse("import_job_errors", args=[w["job"].pk]), reverse("matching_run", args=[w["run"].pk]),
            reverse("assignment_decide", args=[w["assignment"].pk]), reverse("reinterview_queue"),
            reverse("delegated_cases") + "?format=xlsx", reverse("delegated_cases"), reverse("paper_forms") + "?district=5201",
            reverse("matching_home") + "?province=52", reverse("province_result") + "?province=52",
            reverse("admin:cardholders_cardholder_changelist"), reverse("admin:cardholders_cardholder_change", args=[pk]),
            reverse("admin:matching_assignment_changelist")]  # fmt: skip
    for item in ("1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "3.3", "3.4", "3.5", "4.2"):
        for query in lampang_query:
            for extra in ({}, {"format": "csv"}, {"format": "xlsx"}, {"list": "1", "status": "all", "unit": "CDD"},
                          {"list": "1", "project": project("CDD01").pk}):  # fmt: skip
                gets.append(reverse("menu_page", args=[item]) + "?" + urlencode({**query, **extra}))
    posts = [
        (reverse("menu_page", args=["1.3"]), {"national_id": w["person"].national_id}),
        (reverse("menu_page", args=["4.1"]), {"national_id": w["person"].national_id}),
        (reverse("profile", args=[pk]), {"reveal": "1"}),
        (
            reverse("progress_form", args=[pk]),
            {"unit": 1, "project": project("CDD01").pk, "province": 52, "status": "notified", "version": 1},
        ),
        (reverse("follow_up_new", args=[pk]), {"round": "ao_sep", "followed_on": "1/9/2561", "outcome": "income"}),
        (reverse("import_job_confirm", args=[w["job"].pk]), {}),
        (reverse("matching_run_create"), {"province": 52}),
        (reverse("matching_run_confirm", args=[w["proposal"].pk]), {}),
        (
            reverse("assignment_decide", args=[w["assignment"].pk]),
            {"action": "change", "project": project("RICE01").pk, "reason": "x"},
        ),
        (reverse("transfer_answer", args=[w["transfer"].pk]), {"accept": "1"}),
        (reverse("delegation_new"), {"province": 52, "unit": DevelopmentUnit.objects.get(code="CDD").pk}),
        (reverse("paper_forms"), {"district": 5201, "received": [1, 2, 3]}),
        (reverse("delegated_cases"), {"case": [1, 2, 3], "accept": "1"}),
    ]
    return [("get", url, None) for url in gets] + [("post", url, data) for url, data in posts]


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    content = response.content
    if content[:2] == b"PK":  # xlsx: look inside the shared strings
        import io
        import zipfile

        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return " ".join(
                archive.read(n).decode("utf-8", "replace") for n in archive.namelist() if n.endswith(".xml")
            )
    return content.decode("utf-8", "replace")


def _snapshot():
    from cardholders.models import Interview
    from matching.models import DelegatedCase, MatchingRun, Progress

    return (
        Assignment.objects.filter(ended_at__isnull=True).values_list("pk", "project_id", "development_province_id").order_by("pk").__str__(),
        list(Progress.objects.values_list("pk", "status", "version").order_by("pk")),
        FollowUp.objects.count(), MatchingRun.objects.filter(province_id=52, status="confirmed").count(), MatchingRun.objects.filter(province_id=52).count(),
        list(Transfer.objects.values_list("status", flat=True)), list(DelegatedCase.objects.values_list("decision", flat=True)),
        ImportJob.objects.get().status, Interview.objects.filter(paper_form_received_on__isnull=False).count(),
        list(Interview.objects.values_list("pk", flat=True).order_by("pk")),
    )  # fmt: skip


INTRUDERS = {
    "another province": lambda: make_user("P1100-x", Role.PROVINCE, province_id=11),
    "another province's คจจ.": lambda: make_user("kjj11-x", Role.KJJ, province_id=11),
    "another province's AO": lambda: make_user("ao11-x", Role.AO, province_id=11),
    "another district's team": lambda: make_user("team5205-x", Role.DISTRICT_TEAM, province_id=52, district_id=5205),
    "another agency in Lampang": lambda: make_user(
        "dsd52-x", Role.UNIT, province_id=52, unit=DevelopmentUnit.objects.get(code="DSD")
    ),
    "the same agency elsewhere": lambda: make_user(
        "cdd11-x", Role.UNIT, province_id=11, unit=DevelopmentUnit.objects.get(code="CDD")
    ),
    "no scope": lambda: User.objects.create(username="noscope-x", must_change_password=False),
    "a province role without a province": lambda: User.objects.create(
        username="broken-x", role=Role.PROVINCE, must_change_password=False
    ),
}


@pytest.mark.parametrize("intruder", list(INTRUDERS))
def test_no_door_shows_or_changes_another_scopes_people(client, lampang_world, intruder):
    user = INTRUDERS[intruder]()
    client.force_login(user)
    person = lampang_world["person"]
    before = _snapshot()
    for method, url, data in _doors(lampang_world):
        response = client.get(url) if method == "get" else client.post(url, data or {})
        if response.status_code in (302, 403, 404, 405, 501):
            continue
        assert response.status_code == 200, (intruder, url, response.status_code)
        body = _body(response)
        for secret in (SECRET_FIRST_NAME, person.national_id, person.national_id_display, person.national_id_masked):
            assert secret not in body, (intruder, method, url, secret)
    assert _snapshot() == before, intruder


def test_the_owner_does_get_through_the_same_doors(client, lampang_world):
    """The matrix above would pass for a broken site that shows nobody anything; this shows it does not."""
    owner = make_user("P5200-ok", Role.PROVINCE, province_id=52)
    client.force_login(owner)
    person = lampang_world["person"]
    assert SECRET_FIRST_NAME in client.get(reverse("profile", args=[person.pk])).content.decode()
    listing = client.get(reverse("menu_page", args=["1.2"]), {"district": 5201}).content.decode()
    assert SECRET_FIRST_NAME in listing and person.national_id_masked in listing
