import csv
import io

from django.urls import reverse

from .conftest import SUBDISTRICT_MUEANG_LAMPANG, SUBDISTRICT_NGAO, SUBDISTRICT_SAMUT_PRAKAN, make_cardholder

URL = reverse("menu_page", args=["1.2"])


def test_it_asks_for_a_district_first(client, province_user):
    client.force_login(province_user)
    assert "กรุณาเลือกอำเภอ" in client.get(URL).content.decode()


def test_it_lists_the_people_of_a_district_by_current_address(client, province_user):
    somchai = make_cardholder(first_name="สมชาย", phone="0811111111", house_no="9", moo="3", village="บ้านดอน")
    make_cardholder(SUBDISTRICT_NGAO, first_name="คนงาว")
    client.force_login(province_user)
    response = client.get(URL, {"district": 5201})
    html = response.content.decode()
    assert "สมชาย" in html and "คนงาว" not in html
    assert somchai.national_id_masked in html and somchai.national_id_display not in html
    assert reverse("profile", args=[somchai.pk]) in html


def test_it_pages_forward_back_and_to_the_last_page(client, province_user):
    people = [make_cardholder(first_name=f"คน{n:03d}") for n in range(120)]
    client.force_login(province_user)
    first = client.get(URL, {"district": 5201})
    page = first.context["page"]
    assert (page.start, page.end, page.count) == (1, 50, 120) and page.previous_cursor is None
    second = client.get(URL, {"district": 5201, "cursor": page.next_cursor, "go": "next"})
    rows = second.context["rows"]
    assert rows[0][0][0] == 51 and rows[0][1] == people[50] and len(rows) == 50
    last = client.get(URL, {"district": 5201, "go": "last"}).context
    assert [r[0][0] for r in last["rows"]][-1] == 120 and last["rows"][-1][1] == people[-1]
    assert last["page"].next_cursor is None and len(last["rows"]) == 50
    back = client.get(URL, {"district": 5201, "cursor": second.context["page"].previous_cursor, "go": "previous"})
    assert [r[1] for r in back.context["rows"]] == people[:50] and back.context["rows"][0][0][0] == 1
    html = first.content.decode()
    assert "แสดงลำดับที่ 1–50 จาก 120 คน" in html and "หน้าสุดท้าย" in html


def test_it_searches_by_name_or_id(client, province_user):
    somchai = make_cardholder(first_name="สมชาย", last_name="ใจดี")
    make_cardholder(first_name="มาลี", last_name="ศรีสุข")
    client.force_login(province_user)
    # The search form is POSTed (names and IDs stay out of URLs) and leads to the list it found.
    by_name = client.post(URL, {"district": 5201, "q": "สมชาย ใจ"}, follow=True).context["page"]
    assert [p.pk for p in by_name.objects] == [somchai.pk]
    dashed = somchai.national_id_display
    by_id = client.post(URL, {"district": 5201, "q": dashed}, follow=True).context["page"]
    assert [p.pk for p in by_id.objects] == [somchai.pk]


def test_it_exports_the_whole_list_with_a_total(client, province_user):
    for _ in range(3):
        make_cardholder()
    client.force_login(province_user)
    response = client.get(URL, {"district": 5201, "format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["ลำดับ", "เลขประจำตัวประชาชน", "ชื่อ-นามสกุล"]
    assert [row[0] for row in rows[1:]] == ["1", "2", "3", "รวม"] and rows[-1][1] == "3"


def test_the_outsider_cannot_list_lampang(client, outsider):
    make_cardholder(SUBDISTRICT_MUEANG_LAMPANG, first_name="ลับเฉพาะ")
    make_cardholder(SUBDISTRICT_SAMUT_PRAKAN)
    client.force_login(outsider)
    response = client.get(URL, {"district": 5201})
    assert "ลับเฉพาะ" not in response.content.decode()
    response = client.get(URL, {"district": 5201, "format": "csv"})
    assert response.status_code == 200 and "กรุณาเลือกอำเภอ" in response.content.decode()
    assert "ลับเฉพาะ" not in response.content.decode()
