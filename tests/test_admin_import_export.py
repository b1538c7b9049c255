import datetime

import tablib
from django.urls import reverse

from cardholders.models import Cardholder, Interview
from cardholders.resources import CardholderResource, InterviewResource

from .builders import INTERVIEW_HEADER, ROSTER_HEADER
from .conftest import make_cardholder, valid_national_id


def test_the_admin_roster_resource_reads_the_spec_columns(db):
    dataset = tablib.Dataset(headers=ROSTER_HEADER)
    national_id = valid_national_id(7)
    dataset.append(
        [
            f"{national_id[0]}-{national_id[1:5]}-{national_id[5:10]}-{national_id[10:12]}-{national_id[12]}",
            "นาย",
            "สมชาย",
            "ใจดี",
            "",
            "",
            "",
            "",
            "520101",
        ]
    )
    result = CardholderResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Cardholder.objects.get().national_id == national_id
    again = CardholderResource().import_data(dataset, dry_run=False)
    assert again.totals["skip"] == 1


def test_the_admin_interview_resource_keeps_current_right(db):
    person = make_cardholder()
    dataset = tablib.Dataset(headers=INTERVIEW_HEADER)
    dataset.append([person.national_id, "3/9/2561", 1, "DSD01", "", "", "WATER", ""])
    dataset.append([person.national_id, "20/2/2561", 2, "CDD01", "", "", "", "COOK"])
    result = InterviewResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows
    current = Interview.objects.get(is_current=True)
    assert current.interviewed_on == datetime.date(2018, 9, 3) and current.channel == "admin"
    # Each written current or not as it is: the audit trail shows the flag on the insert (it is derived, and
    # its change alone is no event).
    inserted = Interview.pgh_event_model.objects.filter(pgh_label="insert").values_list("interviewed_on", "is_current")
    assert sorted(inserted) == [(datetime.date(2018, 2, 20), False), (datetime.date(2018, 9, 3), True)]


def test_central_gets_the_admin_import_pages(client, central):
    client.force_login(central)
    assert client.get(reverse("admin:cardholders_cardholder_import")).status_code == 200
    assert client.get(reverse("admin:cardholders_interview_import")).status_code == 200
