from django.db import migrations

from welfare_portal.reference_data import load_catalogue, load_geography


def load(apps, schema_editor):
    get = apps.get_model
    load_geography(get("welfare_portal", "Province"), get("welfare_portal", "District"), get("welfare_portal", "Subdistrict"))
    load_catalogue(
        get("welfare_portal", "DevelopmentUnit"),
        get("welfare_portal", "Project"),
        get("welfare_portal", "BasicNeed"),
        get("welfare_portal", "Skill"),
    )


def unload(apps, schema_editor):
    for name in ("Skill", "BasicNeed", "Project", "DevelopmentUnit", "Subdistrict", "District", "Province"):
        apps.get_model("welfare_portal", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("welfare_portal", "0001_accounts_and_reference")]

    operations = [migrations.RunPython(load, unload)]
