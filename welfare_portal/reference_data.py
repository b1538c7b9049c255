"""Load the reference CSV files shipped in fixtures/reference/ (credits in fixtures/reference/README.md).

Used by the tests, which load the reference data again where a test emptied the tables; it takes the models
as arguments. The initial migration loads its own copy (welfare_portal/migrations/reference_data/) with its
own loader, so that a change here or in fixtures/ does not change what a migration does.
"""

import csv
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "reference"


def read_rows(name: str) -> list[dict]:
    with (REFERENCE_DIR / name).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def load_geography(Province, District, Subdistrict) -> None:
    provinces, districts, subdistricts = {}, {}, []
    for row in read_rows("geography.csv"):
        province_code, district_code = int(row["province_code"]), int(row["district_code"])
        provinces.setdefault(
            province_code,
            Province(code=province_code, name_th=row["province_th"], name_en=row["province_en"]),
        )
        districts.setdefault(
            district_code,
            District(
                code=district_code,
                province_id=province_code,
                name_th=row["district_th"],
                name_en=row["district_en"],
            ),
        )
        subdistricts.append(
            Subdistrict(
                code=int(row["subdistrict_code"]),
                district_id=district_code,
                name_th=row["subdistrict_th"],
                name_en=row["subdistrict_en"],
                postcode=row["zipcode"],
            )
        )
    Province.objects.bulk_create(provinces.values())
    District.objects.bulk_create(districts.values())
    Subdistrict.objects.bulk_create(subdistricts, batch_size=2000)


def load_catalogue(DevelopmentUnit, Project, BasicNeed, Skill) -> None:
    units = {
        row["unit_code"]: DevelopmentUnit.objects.create(
            code=row["unit_code"], name_th=row["name_th"], name_en=row["name_en"], source=row["source"]
        )
        for row in read_rows("development_units.csv")
    }
    Project.objects.bulk_create(
        Project(
            code=row["project_code"],
            unit=units[row["unit_code"]],
            name_th=row["name_th"],
            programme=row["programme"],
            source=row["source"],
        )
        for row in read_rows("projects.csv")
    )
    BasicNeed.objects.bulk_create(
        BasicNeed(code=row["need_code"], name_th=row["name_th"], source=row["source"])
        for row in read_rows("basic_needs.csv")
    )
    Skill.objects.bulk_create(
        Skill(code=row["skill_code"], name_th=row["name_th"], source=row["source"]) for row in read_rows("skills.csv")
    )
