import datetime
import itertools

from cardholders.services import interview_record
from welfare_portal.models import Project

from .conftest import SUBDISTRICT_MUEANG_LAMPANG, make_cardholder, valid_national_id

_ids = itertools.count(50_000_000)


def project(code):
    return Project.objects.get(code=code)


def applicant(*codes, day=datetime.date(2018, 6, 20), subdistrict=SUBDISTRICT_MUEANG_LAMPANG, national_n=None, group=1):
    """A card holder with a current interview choosing these project codes in rank order."""
    person = make_cardholder(subdistrict, national_id=valid_national_id(national_n or next(_ids)))
    interview_record(
        cardholder=person,
        interviewed_on=day,
        group=group,
        choices=[project(c) for c in codes],
        basic_needs=[],
        skill=None,
        user=None,
    )
    return person
