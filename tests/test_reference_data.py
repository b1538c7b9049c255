from welfare_portal.models import BasicNeed, DevelopmentUnit, District, Project, Province, Skill, Subdistrict


def test_it_loads_the_whole_country_by_migration(db):
    assert Province.objects.count() == 77
    assert District.objects.count() == 927
    assert Subdistrict.objects.count() == 7451


def test_it_uses_dopa_codes(db):
    assert Province.objects.get(code=38).name_th == "บึงกาฬ"
    assert Province.objects.get(code=10).name_en == "Bangkok"
    lampang = Province.objects.get(code=52)
    assert lampang.name_th == "ลำปาง"
    assert list(lampang.districts.values_list("code", flat=True)) == list(range(5201, 5214))
    subdistrict = Subdistrict.objects.select_related("district__province").get(code=520101)
    assert subdistrict.district.province == lampang
    assert subdistrict.postcode == "52000"


def test_it_names_districts_without_prefix_for_reports(db):
    assert District.objects.get(code=5201).short_name == "เมืองลำปาง"
    assert District.objects.get(code=1001).short_name == "พระนคร"


def test_it_loads_agencies_projects_needs_and_skills(db):
    assert DevelopmentUnit.objects.get(code="CDD").name_th == "กรมการพัฒนาชุมชน"
    assert Project.objects.filter(unit__code="CDD").count() == 5
    assert Project.objects.get(code="DSD01").unit.code == "DSD"
    assert BasicNeed.objects.filter(code="WATER").exists()
    assert Skill.objects.filter(code="COOK").exists()
