import datetime

from django.template import Context, Template

from welfare_portal import thai


def test_it_shows_buddhist_era_dates():
    day = datetime.date(2018, 6, 20)
    assert thai.date_short(day) == "20 มิ.ย. 2561"
    assert thai.date_long(day) == "20 มิถุนายน 2561"
    assert thai.date_numeric(day) == "20/6/2561"
    assert thai.date_file_name(day) == "2561-06-20"


def test_it_converts_aware_datetimes_to_bangkok_time():
    late_utc = datetime.datetime(2018, 6, 19, 20, 0, tzinfo=datetime.UTC)  # 03:00 on the 20th in Bangkok
    assert thai.date_short(late_utc) == "20 มิ.ย. 2561"


def test_it_formats_numbers_with_thousands_separators():
    assert thai.number(14500000) == "14,500,000"
    assert thai.number(0) == "0"
    assert thai.number(None) == ""


def test_it_offers_the_filters_in_every_template():
    rendered = Template("{{ d|thai_date }} | {{ d|thai_date_long }} | {{ n|thai_number }}").render(
        Context({"d": datetime.date(2019, 1, 5), "n": 1234567})
    )
    assert rendered == "5 ม.ค. 2562 | 5 มกราคม 2562 | 1,234,567"
