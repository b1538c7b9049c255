"""National IDs masked where they are not needed, reveals and name-list exports logged, and the audit
trail of every change, bulk imports included."""

import csv
import datetime
import io

from django.urls import reverse

from cardholders.importers import RosterImporter
from cardholders.services import interview_record
from welfare_portal.models import AccessLog, Project, Role

from .builders import ROSTER_HEADER, write_csv
from .conftest import make_cardholder, make_user, valid_national_id


def test_lists_and_exports_mask_ids_for_province_users(client, province_user):
    person = make_cardholder()
    client.force_login(province_user)
    response = client.get(reverse("menu_page", args=["1.2"]), {"district": 5201, "format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    masked = person.national_id_masked
    assert rows[1][1] == masked and masked.count("x") == 7 and masked[0] == person.national_id[0]
    assert person.national_id not in str(rows)


def test_central_sees_full_ids(client, central):
    person = make_cardholder()
    client.force_login(central)
    html = client.get(reverse("menu_page", args=["1.2"]), {"province": 52, "district": 5201}).content.decode()
    assert person.national_id_display in html


def test_revealing_an_id_in_the_profile_is_logged(client, province_user):
    person = make_cardholder()
    client.force_login(province_user)
    page = client.get(reverse("profile", args=[person.pk])).content.decode()
    assert person.national_id_masked in page and person.national_id_display not in page
    revealed = client.post(reverse("profile", args=[person.pk]), {"reveal": "1"}).content.decode()
    assert person.national_id_display in revealed
    actions = list(AccessLog.objects.filter(cardholder_id=person.pk).values_list("action", "user__username"))
    assert ("view_profile", "P5200") in actions and ("reveal_id", "P5200") in actions


def test_exporting_a_name_list_is_logged_without_personal_data(client, province_user):
    make_cardholder()
    client.force_login(province_user)
    client.get(reverse("menu_page", args=["1.2"]), {"district": 5201, "format": "xlsx"})
    log = AccessLog.objects.get(action="export_list")
    assert log.user == province_user and "1.2" in log.detail and "district=5201" in log.detail


def test_a_bulk_import_is_in_the_audit_trail_with_its_channel_and_user(db, tmp_path, province_user):
    from cardholders.models import Cardholder

    national_id = valid_national_id(77)
    path = write_csv(tmp_path / "r.csv", ROSTER_HEADER, [[national_id, "นาย", "สมชาย", "ใจดี", "", "", "", "", 520101]])
    RosterImporter(user=province_user).run(path)
    changed = write_csv(
        tmp_path / "s.csv", ROSTER_HEADER, [[national_id, "นาย", "สมชาย", "ใจงาม", "", "", "", "", 520101]]
    )
    RosterImporter(user=province_user).run(changed)
    person = Cardholder.objects.get(national_id=national_id)
    events = list(person.events.order_by("pgh_created_at", "pgh_id").select_related("pgh_context"))
    assert [(e.pgh_label, e.last_name) for e in events] == [("insert", "ใจดี"), ("update", "ใจงาม")]
    assert events[1].pgh_context.metadata["channel"] == "import"
    assert events[1].pgh_context.metadata["user"] == province_user.pk


def test_central_reads_a_persons_audit_trail(client, central, province_user):
    person = make_cardholder()
    client.force_login(province_user)
    client.post(
        reverse("interview_new"),
        {
            "national_id": person.national_id,
            "interviewed_on": "20/6/2561",
            "group": "1",
            "choice_1": Project.objects.get(code="CDD01").pk,
        },
    )
    client.get(reverse("profile", args=[person.pk]))
    client.force_login(central)
    page = client.get(reverse("person_audit", args=[person.pk]))
    html = page.content.decode()
    assert "แบบประเมิน" in html and "P5200" in html and "แบบฟอร์ม" in html
    assert "เปิดดูข้อมูลรายบุคคล (1.3)" in html


def test_only_central_reads_audit_trails(client, province_user):
    person = make_cardholder()
    client.force_login(province_user)
    assert client.get(reverse("person_audit", args=[person.pk])).status_code == 403


def test_no_personal_data_in_urls(client, province_user):
    person = make_cardholder()
    interview_record(
        cardholder=person,
        interviewed_on=datetime.date(2018, 6, 20),
        group=1,
        choices=[Project.objects.get(code="CDD01")],
        basic_needs=[],
        skill=None,
        user=None,
    )
    client.force_login(province_user)
    response = client.post(reverse("menu_page", args=["1.3"]), {"national_id": person.national_id})
    assert person.national_id not in response.url
    html = client.get(reverse("menu_page", args=["1.2"]), {"district": 5201}).content.decode()
    hrefs = [part.split('"')[0] for part in html.split('href="')[1:]]
    assert not any(person.national_id in href or person.first_name in href for href in hrefs)


def test_agencies_get_full_ids_to_check_their_rosters(client, unit_user, central):
    from matching.services import matching_run_confirm, matching_run_create
    from welfare_portal.models import Province

    from .matching_builders import applicant

    person = applicant("CDD01")
    matching_run_confirm(run=matching_run_create(province=Province.objects.get(code=52), user=central), user=central)
    client.force_login(unit_user)
    html = client.get(
        reverse("menu_page", args=["4.2"]), {"district": 5201, "list": "1", "status": "all"}
    ).content.decode()
    assert person.national_id_display in html
    client.force_login(make_user("ao52", Role.AO, province_id=52))
    html = client.get(
        reverse("menu_page", args=["4.2"]), {"district": 5201, "list": "1", "status": "all"}
    ).content.decode()
    assert person.national_id_masked in html and person.national_id_display not in html
