import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cardholders.models import ImportJob, Interview
from matching.models import Assignment, DelegatedCase, Delegation, MatchingRun, Transfer
from matching.services import delegation_create, matching_run_confirm, matching_run_create
from welfare_portal.models import DevelopmentUnit, Province, Role

from .conftest import make_user
from .matching_builders import applicant, project


@pytest.fixture
def kjj(db):
    return make_user("kjj52", Role.KJJ, province_id=52)


def test_a_kjj_proposes_sees_the_table_and_confirms(client, kjj):
    applicant("CDD01", "DSD01")
    client.force_login(kjj)
    home = client.get(reverse("matching_home")).content.decode()
    assert "ผู้ที่ได้รับการสัมภาษณ์ก่อนได้รับการจับคู่ก่อน" in home
    response = client.post(reverse("matching_run_create"))
    run = MatchingRun.objects.get()
    assert response.url == reverse("matching_run", args=[run.pk])
    page = client.get(response.url)
    assert page.context["rows"][0]["r1"] == 1 and "ยืนยันผลการจับคู่" in page.content.decode()
    step = client.get(reverse("matching_run_confirm", args=[run.pk])).content.decode()
    assert "ยืนยันมอบหมาย 1 คน" in step and Assignment.objects.count() == 0
    client.post(reverse("matching_run_confirm", args=[run.pk]), {"matched": "1"})
    assert Assignment.objects.count() == 1


def test_a_confirmation_without_the_count_it_named_only_asks_again(client, kjj):
    applicant("CDD01")
    run = matching_run_create(province=kjj.province, user=kjj)
    client.force_login(kjj)
    page = client.post(reverse("matching_run_confirm", args=[run.pk]), {"matched": "5"}).content.decode()
    assert "ยืนยันมอบหมาย 1 คน" in page and Assignment.objects.count() == 0


def test_the_proposal_lists_its_people_with_ids_masked_for_the_kjj(client, kjj):
    matched, unmatched = applicant("CDD01"), applicant("RICE01")
    from matching.models import Capacity

    Capacity.objects.create(province_id=52, project=project("RICE01"), seats=0)
    run = matching_run_create(province=kjj.province, user=kjj)
    client.force_login(kjj)
    html = client.get(reverse("matching_run", args=[run.pk])).content.decode()
    assert matched.full_name in html and unmatched.full_name in html
    assert matched.national_id_masked in html and matched.national_id not in html
    assert "ส่งให้ AO สัมภาษณ์ใหม่" in html
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("matching_run", args=[run.pk]), {"format": "xlsx"}).content)
    ).active
    cells = [str(c) for row in sheet.values for c in row if c is not None]
    assert matched.national_id_masked in cells and matched.national_id not in "".join(cells)
    csv = b"".join(client.get(reverse("matching_run", args=[run.pk]), {"format": "csv"}).streaming_content).decode()
    assert unmatched.full_name in csv


def test_the_proposal_list_is_paged(client, kjj):
    for _ in range(55):
        applicant("CDD01")
    run = matching_run_create(province=kjj.province, user=kjj)
    client.force_login(kjj)
    page = client.get(reverse("matching_run", args=[run.pk]))
    assert len(page.context["people"]) == 50 and "แสดงลำดับที่ 1–50 จาก 55 คน" in page.content.decode()
    nxt = client.get(reverse("matching_run", args=[run.pk]), {"cursor": page.context["page"].next_cursor, "go": "next"})
    assert len(nxt.context["people"]) == 5 and nxt.context["people"][0][0][0] == 51


def test_runs_are_numbered_within_their_province(client, kjj):
    applicant("CDD01")
    bangkok = Province.objects.get(code=10)
    matching_run_create(province=bangkok, user=None)
    matching_run_create(province=kjj.province, user=kjj)
    second = matching_run_create(province=kjj.province, user=kjj)
    assert second.number == 2
    client.force_login(kjj)
    html = client.get(reverse("matching_run", args=[second.pk])).content.decode()
    assert "ผลการจับคู่ครั้งที่ 2 จังหวัดลำปาง" in html


def test_a_delegation_shows_who_it_will_hand_over_before_it_is_made(client, kjj):
    first, other = applicant("CDD01"), applicant("RICE01")
    cdd = DevelopmentUnit.objects.get(code="CDD")
    client.force_login(kjj)
    preview = client.get(reverse("delegation_new"), {"unit": cdd.pk})
    html = preview.content.decode()
    assert first.full_name in html and other.full_name not in html and "ยืนยันมอบหมาย 1 คน" in html
    assert first.national_id_masked in html and not DelegatedCase.objects.exists()
    seen = preview.context["fingerprint"]
    # The same count of other people is not the list the คจจ. saw (meanwhile the first person's interview
    # stopped being current and another person chose CDD): nothing is delegated, the new list is shown.
    Interview.objects.filter(cardholder=first).update(is_current=False)
    second = applicant("CDD02")
    changed = client.post(reverse("delegation_new"), {"unit": cdd.pk, "count": "1", "fingerprint": seen})
    assert "รายชื่อเปลี่ยนไป" in changed.content.decode() and not DelegatedCase.objects.exists()
    assert second.full_name in changed.content.decode()
    confirm = changed.context["fingerprint"]
    client.post(reverse("delegation_new"), {"unit": cdd.pk, "count": "1", "fingerprint": confirm})
    assert list(DelegatedCase.objects.values_list("cardholder_id", flat=True)) == [second.pk]
    # A second click on the same confirmation delegates nothing more and makes no empty delegation.
    twice = client.post(reverse("delegation_new"), {"unit": cdd.pk, "count": "1", "fingerprint": confirm})
    assert "รายชื่อเปลี่ยนไป" in twice.content.decode() and Delegation.objects.count() == 1
    again = client.get(reverse("delegation_new"), {"unit": cdd.pk}).content.decode()
    assert "ไม่มีผู้ที่จะมอบหมาย" in again and first.full_name not in again


def test_another_provinces_kjj_cannot_see_or_confirm(client, kjj):
    applicant("CDD01")
    run = matching_run_create(province=Province.objects.get(code=52), user=kjj)
    client.force_login(make_user("kjj11", Role.KJJ, province_id=11))
    assert client.get(reverse("matching_run", args=[run.pk])).status_code == 404
    assert client.post(reverse("matching_run_confirm", args=[run.pk]), {"matched": "1"}).status_code == 404
    assert Assignment.objects.count() == 0


def test_a_province_user_cannot_run_matching(client, province_user):
    client.force_login(province_user)
    assert client.get(reverse("matching_home")).status_code == 403
    assert client.post(reverse("matching_run_create")).status_code == 403


def test_a_kjj_records_a_new_decision_from_the_profile(client, kjj):
    person = applicant("CDD01")
    matching_run_confirm(run=matching_run_create(province=kjj.province, user=kjj), user=kjj)
    assignment = Assignment.objects.get()
    client.force_login(kjj)
    html = client.get(reverse("profile", args=[person.pk])).content.decode()
    assert reverse("assignment_decide", args=[assignment.pk]) in html
    response = client.post(
        reverse("assignment_decide", args=[assignment.pk]),
        {"action": "change", "change-project": project("RICE01").pk, "change-reason": ""},
    )
    assert response.context["change"].errors == {"reason": ["กรุณากรอกเหตุผลหรือเลขที่มติ"]}
    client.post(
        reverse("assignment_decide", args=[assignment.pk]),
        {"action": "change", "change-project": project("RICE01").pk, "change-reason": "มติที่ 3/2561"},
    )
    html = client.get(reverse("profile", args=[person.pk])).content.decode()
    assert "มติที่ 3/2561" in html and "ถูกแทนที่" in html and "kjj52" in html


def test_the_receiving_kjj_accepts_a_transfer_on_the_web(client, kjj):
    applicant("CDD01")
    matching_run_confirm(run=matching_run_create(province=kjj.province, user=kjj), user=kjj)
    assignment = Assignment.objects.get()
    client.force_login(kjj)
    client.post(
        reverse("assignment_decide", args=[assignment.pk]),
        {"action": "transfer", "transfer-to_province": 10, "transfer-reason": "ย้ายที่ทำงาน"},
    )
    transfer = Transfer.objects.get()
    client.force_login(make_user("kjj10", Role.KJJ, province_id=10))
    assert "ย้ายที่ทำงาน" in client.get(reverse("matching_home")).content.decode()
    client.post(reverse("transfer_answer", args=[transfer.pk]), {"accept": "1"})
    assert Assignment.objects.active().get().development_province_id == 10
    # Lampang's คจจ. cannot answer for Bangkok
    other = Transfer.objects.create(
        assignment=Assignment.objects.active().get(), from_province_id=10, to_province_id=11, reason="x"
    )
    client.force_login(kjj)
    assert client.post(reverse("transfer_answer", args=[other.pk]), {"accept": "1"}).status_code == 404


def test_an_ao_sees_the_reinterview_queue_of_its_province(client, kjj):
    from matching.models import Capacity

    Capacity.objects.create(province_id=52, project=project("CDD01"), seats=0)
    person = applicant("CDD01")
    applicant("CDD01", subdistrict=110101)
    matching_run_confirm(run=matching_run_create(province=kjj.province, user=kjj), user=kjj)
    matching_run_confirm(run=matching_run_create(province=Province.objects.get(code=11), user=kjj), user=kjj)
    client.force_login(make_user("ao52", Role.AO, province_id=52))
    page = client.get(reverse("reinterview_queue"))
    assert [r.cardholder_id for r, _ in page.context["rows"]] == [person.pk]
    html = page.content.decode()
    assert person.national_id_masked in html and person.national_id not in html
    assert "ครั้งที่ 1" in html and f"?person={person.pk}" in html


def test_the_destination_province_has_no_default_and_excludes_the_province_itself(client, kjj):
    applicant("CDD01")
    matching_run_confirm(run=matching_run_create(province=kjj.province, user=kjj), user=kjj)
    assignment = Assignment.objects.get()
    client.force_login(kjj)
    page = client.get(reverse("assignment_decide", args=[assignment.pk]))
    field = page.context["transfer"]["to_province"]
    html = str(field)
    assert '<option value="" selected>- โปรดเลือก -</option>' in html
    assert 'value="52"' not in html and 'value="10"' in html
    response = client.post(
        reverse("assignment_decide", args=[assignment.pk]), {"action": "transfer", "transfer-reason": "ย้าย"}
    )
    assert response.context["transfer"].errors == {"to_province": ["กรุณาเลือกจังหวัดปลายทาง"]}
    assert not Transfer.objects.exists()
    refused = client.post(
        reverse("assignment_decide", args=[assignment.pk]),
        {"action": "transfer", "transfer-to_province": 52, "transfer-reason": "ย้าย"},
    )
    assert refused.context["transfer"].errors == {"to_province": ["ตัวเลือกไม่ถูกต้อง กรุณาเลือกใหม่"]}


def test_an_agency_accepts_on_the_web_and_by_excel(client, kjj):
    first, second, third = applicant("CDD01", "DSD01"), applicant("CDD01", "DSD01"), applicant("CDD02")
    delegation_create(province=kjj.province, unit=DevelopmentUnit.objects.get(code="CDD"), user=kjj)
    agency = make_user("cdd52", Role.UNIT, province_id=52, unit=DevelopmentUnit.objects.get(code="CDD"))
    client.force_login(agency)
    case = DelegatedCase.objects.get(cardholder=first)
    # Digits that are not decimal ("²" passes str.isdigit, then int() fails) are ignored, not a 500.
    client.post(reverse("delegated_cases"), {"case": [case.pk, "²"], "accept": "1"})
    assert Assignment.objects.get().cardholder == first

    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("delegated_cases"), {"format": "xlsx"}).content)
    ).active
    rows = [list(r) for r in sheet.values]
    assert rows[0][-1] == "ผลการพิจารณา" and len(rows) == 3
    for row in rows[1:]:
        row[-1] = "รับ" if row[0].replace("-", "") == third.national_id else "ไม่รับ"
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = client.post(reverse("delegated_cases"), {"file": SimpleUploadedFile("back.xlsx", buffer.getvalue())})
    job = ImportJob.objects.get(kind="delegated")  # the checked preview every import has, then confirmation
    assert response.url == reverse("import_job", args=[job.pk]) and job.status == "previewed"
    assert DelegatedCase.objects.get(cardholder=second).decision == "pending"
    client.post(reverse("import_job_confirm", args=[job.pk]))
    assert DelegatedCase.objects.get(cardholder=second).decision == "declined"
    assert Assignment.objects.filter(cardholder=third).exists()


def test_a_bad_decision_word_in_the_excel_changes_nothing(client, kjj):
    person = applicant("CDD01")
    delegation_create(province=kjj.province, unit=DevelopmentUnit.objects.get(code="CDD"), user=kjj)
    client.force_login(make_user("cdd52", Role.UNIT, province_id=52, unit=DevelopmentUnit.objects.get(code="CDD")))
    content = f"เลขประจำตัวประชาชน,ผลการพิจารณา\n{person.national_id},อาจจะ\n".encode()
    response = client.post(reverse("delegated_cases"), {"file": SimpleUploadedFile("back.csv", content)}, follow=True)
    assert "ต้องเป็น" in response.content.decode() and DelegatedCase.objects.get().decision == "pending"


def test_only_agency_users_open_the_delegated_list(client, kjj):
    client.force_login(kjj)
    assert client.get(reverse("delegated_cases")).status_code == 403


def test_dates_on_the_run_page_are_thai(client, kjj):
    applicant("CDD01", day=datetime.date(2018, 6, 20))
    client.force_login(kjj)
    response = client.post(reverse("matching_run_create"), follow=True)
    assert "256" in response.content.decode()
