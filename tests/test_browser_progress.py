"""An agency user submits form 4.1 in a real browser."""

import pytest
from playwright.sync_api import expect

from development.models import Progress
from matching.services import matching_run_confirm, matching_run_create
from welfare_portal.models import DevelopmentUnit, Province, Role

from .conftest import PASSWORD, make_user
from .matching_builders import applicant

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_db")]


def test_an_agency_user_submits_form_4_1(live_server, page):
    make_user("cdd52", Role.UNIT, province_id=52, unit=DevelopmentUnit.objects.get(code="CDD"))
    person = applicant("CDD01")
    matching_run_confirm(run=matching_run_create(province=Province.objects.get(code=52), user=None), user=None)
    page.goto(live_server.url + "/login/")
    page.get_by_label("ชื่อผู้ใช้งาน").fill("cdd52")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.goto(live_server.url + "/menu/4.1/")
    page.get_by_label("เลขประจำตัวประชาชน").fill(person.national_id_display)
    page.get_by_role("button", name="ค้นหา").click()

    expect(page.get_by_test_id("assignment-info")).to_contain_text("กรมการพัฒนาชุมชน")
    expect(page.get_by_label("จังหวัดที่ดำเนินการพัฒนา")).to_have_value("52")
    page.get_by_label("สถานะ").select_option(label="พัฒนาเสร็จแล้ว")
    page.get_by_label("วันที่เสร็จ (พ.ศ.)").fill("30/9/2561")
    page.get_by_role("button", name="บันทึกผลการพัฒนา").click()
    expect(page.get_by_text("บันทึกผลการพัฒนาได้เมื่อมีวันที่เริ่มพัฒนาแล้วเท่านั้น")).to_be_visible()
    assert Progress.objects.count() == 0

    page.get_by_label("วันที่เริ่ม (พ.ศ.)").fill("1/7/2561")
    page.get_by_role("button", name="บันทึกผลการพัฒนา").click()
    expect(page.get_by_text(f"บันทึกผลการพัฒนาของ {person.full_name} เรียบร้อยแล้ว")).to_be_visible()
    expect(page.get_by_test_id("progress-records")).to_contain_text("30 ก.ย. 2561")
    assert Progress.objects.get().status == "completed"


def test_form_4_1_follows_the_round_chosen_in_the_header(live_server, page):
    """2561 completed and closed; in 2562 the person is matched again: the form records 2562's development,
    and choosing 2561 in the header shows 2561's result, read-only."""
    import datetime

    from cardholders.services import interview_record
    from development.services import progress_record
    from matching.models import Assignment
    from welfare_portal.models import Round

    from .matching_builders import project

    cdd = make_user("cdd52", Role.UNIT, province_id=52, unit=DevelopmentUnit.objects.get(code="CDD"))
    person = applicant("CDD01")
    lampang = Province.objects.get(code=52)
    matching_run_confirm(run=matching_run_create(province=lampang, user=None), user=None)
    progress_record(
        cardholder=person,
        assignment=Assignment.objects.get(),
        unit=cdd.unit,
        project=project("CDD01"),
        province=lampang,
        status="completed",
        started_on=datetime.date(2018, 7, 1),
        ended_on=datetime.date(2018, 9, 30),
        user=cdd,
    )
    Round.objects.create_round("2562", name="ปี 2562", current=True)
    Round.objects.filter(code="2561").update(is_closed=True)
    interview_record(
        cardholder=person,
        interviewed_on=datetime.date(2019, 6, 20),
        group=1,
        choices=[project("CDD02")],
        basic_needs=[],
        skill=None,
        user=None,
    )
    matching_run_confirm(run=matching_run_create(province=lampang, user=None), user=None)
    page.goto(live_server.url + "/login/")
    page.get_by_label("ชื่อผู้ใช้งาน").fill("cdd52")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()

    page.goto(live_server.url + f"/progress/{person.pk}/")
    expect(page.get_by_test_id("round")).to_have_text("ปี 2562")
    expect(page.get_by_test_id("progress-records")).to_have_count(0)  # 2561's result is not 2562's
    page.get_by_label("สถานะ").select_option(label="อยู่ระหว่างการพัฒนา")
    page.get_by_label("วันที่เริ่ม (พ.ศ.)").fill("1/7/2562")
    page.get_by_role("button", name="บันทึกผลการพัฒนา").click()
    expect(page.get_by_text(f"บันทึกผลการพัฒนาของ {person.full_name} เรียบร้อยแล้ว")).to_be_visible()
    expect(page.get_by_test_id("progress-records")).to_contain_text("อยู่ระหว่างการพัฒนา")

    page.get_by_label("รอบการดำเนินงาน").select_option("2561")
    expect(page.get_by_test_id("round")).to_contain_text("ปี 2561 (ปิดรอบแล้ว")
    expect(page.get_by_test_id("progress-records")).to_contain_text("พัฒนาเสร็จแล้ว")
    expect(page.get_by_test_id("progress-form")).to_have_count(0)
    assert sorted(Progress.objects.values_list("round__code", "status")) == [
        ("2561", "completed"),
        ("2562", "in_progress"),
    ]
