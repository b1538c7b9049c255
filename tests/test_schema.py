"""Rules the database itself keeps, whatever writes to it (imports, raw SQL, two requests at once): the
migrations that trimmed indexes for speed must not take any of these away."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from cardholders.models import Cardholder, Interview

from .conftest import SUBDISTRICT_MUEANG_LAMPANG, make_cardholder, valid_national_id
from .matching_builders import applicant


def test_a_national_id_belongs_to_one_card_holder(db):
    person = make_cardholder(SUBDISTRICT_MUEANG_LAMPANG, national_id=valid_national_id(7_000_001))
    with pytest.raises(IntegrityError), transaction.atomic():
        Cardholder.objects.create(
            national_id=person.national_id, first_name="ซ้ำ", last_name="ซ้ำ", subdistrict_id=SUBDISTRICT_MUEANG_LAMPANG
        )


def test_a_person_has_one_current_interview(db):
    person = applicant("CDD01")
    current = Interview.objects.get(cardholder=person, is_current=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Interview.objects.create(
            cardholder=person,
            interviewed_on=datetime.date(2018, 7, 1),
            group=1,
            choice_1=current.choice_1,
            basic_needs=[],
            is_current=True,
            channel="import",
        )


def test_a_search_by_the_start_of_an_id_can_use_the_id_index(db):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT id FROM cardholders_cardholder WHERE national_id LIKE '35201%%'")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "one_cardholder_per_national_id" in plan
