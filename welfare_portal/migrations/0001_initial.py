"""Accounts, the access log and the reference data (geography, agencies, projects, basic needs, skills).

The reference data are loaded from the copy of the CSV files beside this migration (reference_data/, credits
in its README.md), not from fixtures/reference/: a later change to those files does not change what this
migration does. The loader is written here, not imported, for the same reason."""

import csv
from pathlib import Path

import django.contrib.auth.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


REFERENCE_DATA = Path(__file__).resolve().parent / "reference_data"


def read_rows(name):
    with (REFERENCE_DATA / name).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def load_reference_data(apps, schema_editor):
    get = lambda name: apps.get_model("welfare_portal", name)  # noqa: E731
    Province, District, Subdistrict = get("Province"), get("District"), get("Subdistrict")
    provinces, districts, subdistricts = {}, {}, []
    for row in read_rows("geography.csv"):
        province_code, district_code = int(row["province_code"]), int(row["district_code"])
        provinces.setdefault(
            province_code, Province(code=province_code, name_th=row["province_th"], name_en=row["province_en"])
        )
        districts.setdefault(
            district_code,
            District(code=district_code, province_id=province_code, name_th=row["district_th"], name_en=row["district_en"]),
        )
        subdistricts.append(
            Subdistrict(
                code=int(row["subdistrict_code"]), district_id=district_code, name_th=row["subdistrict_th"],
                name_en=row["subdistrict_en"], postcode=row["zipcode"],
            )
        )
    Province.objects.bulk_create(provinces.values())
    District.objects.bulk_create(districts.values())
    Subdistrict.objects.bulk_create(subdistricts, batch_size=2000)

    DevelopmentUnit, Project, BasicNeed, Skill = get("DevelopmentUnit"), get("Project"), get("BasicNeed"), get("Skill")
    units = {
        row["unit_code"]: DevelopmentUnit.objects.create(
            code=row["unit_code"], name_th=row["name_th"], name_en=row["name_en"], source=row["source"]
        )
        for row in read_rows("development_units.csv")
    }
    Project.objects.bulk_create(
        Project(
            code=row["project_code"], unit=units[row["unit_code"]], name_th=row["name_th"],
            programme=row["programme"], source=row["source"],
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


def unload_reference_data(apps, schema_editor):
    for name in ("Skill", "BasicNeed", "Project", "DevelopmentUnit", "Subdistrict", "District", "Province"):
        apps.get_model("welfare_portal", name).objects.all().delete()


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.CreateModel(
            name='BasicNeed',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=20, unique=True, verbose_name='รหัส')),
                ('name_th', models.CharField(max_length=200, verbose_name='สิ่งจำเป็นพื้นฐาน')),
                ('source', models.CharField(choices=[('seed', 'เอกสารปี 2561'), ('illustrative', 'ตัวอย่าง (แก้ไขได้)')], default='illustrative', max_length=20, verbose_name='ที่มา')),
            ],
            options={
                'verbose_name': 'สิ่งจำเป็นพื้นฐาน',
                'verbose_name_plural': 'สิ่งจำเป็นพื้นฐาน',
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='DevelopmentUnit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=20, unique=True, verbose_name='รหัสหน่วยงาน')),
                ('name_th', models.CharField(max_length=200, verbose_name='ชื่อหน่วยงาน')),
                ('name_en', models.CharField(blank=True, max_length=200, verbose_name='ชื่อภาษาอังกฤษ')),
                ('source', models.CharField(choices=[('seed', 'เอกสารปี 2561'), ('illustrative', 'ตัวอย่าง (แก้ไขได้)')], default='illustrative', max_length=20, verbose_name='ที่มา')),
            ],
            options={
                'verbose_name': 'หน่วยงานพัฒนา',
                'verbose_name_plural': 'หน่วยงานพัฒนา',
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='District',
            fields=[
                ('code', models.PositiveIntegerField(primary_key=True, serialize=False, verbose_name='รหัสอำเภอ')),
                ('name_th', models.CharField(max_length=100, verbose_name='ชื่ออำเภอ')),
                ('name_en', models.CharField(blank=True, max_length=100, verbose_name='ชื่อภาษาอังกฤษ')),
            ],
            options={
                'verbose_name': 'อำเภอ',
                'verbose_name_plural': 'อำเภอ',
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='Province',
            fields=[
                ('code', models.PositiveSmallIntegerField(primary_key=True, serialize=False, verbose_name='รหัสจังหวัด')),
                ('name_th', models.CharField(max_length=100, verbose_name='ชื่อจังหวัด')),
                ('name_en', models.CharField(blank=True, max_length=100, verbose_name='ชื่อภาษาอังกฤษ')),
            ],
            options={
                'verbose_name': 'จังหวัด',
                'verbose_name_plural': 'จังหวัด',
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='Skill',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=20, unique=True, verbose_name='รหัส')),
                ('name_th', models.CharField(max_length=200, verbose_name='ทักษะอาชีพ')),
                ('source', models.CharField(choices=[('seed', 'เอกสารปี 2561'), ('illustrative', 'ตัวอย่าง (แก้ไขได้)')], default='illustrative', max_length=20, verbose_name='ที่มา')),
            ],
            options={
                'verbose_name': 'ทักษะอาชีพ',
                'verbose_name_plural': 'ทักษะอาชีพ',
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='User',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('password', models.CharField(max_length=128, verbose_name='password')),
                ('last_login', models.DateTimeField(blank=True, null=True, verbose_name='last login')),
                ('is_superuser', models.BooleanField(default=False, help_text='Designates that this user has all permissions without explicitly assigning them.', verbose_name='superuser status')),
                ('username', models.CharField(error_messages={'unique': 'A user with that username already exists.'}, help_text='Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.', max_length=150, unique=True, validators=[django.contrib.auth.validators.UnicodeUsernameValidator()], verbose_name='username')),
                ('first_name', models.CharField(blank=True, max_length=150, verbose_name='first name')),
                ('last_name', models.CharField(blank=True, max_length=150, verbose_name='last name')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email address')),
                ('is_staff', models.BooleanField(default=False, help_text='Designates whether the user can log into this admin site.', verbose_name='staff status')),
                ('is_active', models.BooleanField(default=True, help_text='Designates whether this user should be treated as active. Unselect this instead of deleting accounts.', verbose_name='active')),
                ('date_joined', models.DateTimeField(default=django.utils.timezone.now, verbose_name='date joined')),
                ('role', models.CharField(blank=True, choices=[('central', 'ศทส.สป.กค. (ส่วนกลาง)'), ('province', 'จังหวัด'), ('ao', 'AO ผู้ดูแลผู้มีบัตรสวัสดิการแห่งรัฐ'), ('kjj', 'คจจ. (คณะอนุกรรมการฯ ประจำจังหวัด)'), ('district_team', 'ทีม ปรจ. (ทีมหมอประชารัฐสุขใจ)'), ('unit', 'หน่วยงานพัฒนา')], max_length=20, verbose_name='บทบาท')),
                ('must_change_password', models.BooleanField(default=True, verbose_name='ต้องเปลี่ยนรหัสผ่านเมื่อเข้าสู่ระบบ')),
                ('groups', models.ManyToManyField(blank=True, help_text='The groups this user belongs to. A user will get all permissions granted to each of their groups.', related_name='user_set', related_query_name='user', to='auth.group', verbose_name='groups')),
                ('user_permissions', models.ManyToManyField(blank=True, help_text='Specific permissions for this user.', related_name='user_set', related_query_name='user', to='auth.permission', verbose_name='user permissions')),
                ('unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='welfare_portal.developmentunit', verbose_name='หน่วยงานพัฒนา')),
                ('district', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='welfare_portal.district', verbose_name='อำเภอ')),
                ('province', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='welfare_portal.province', verbose_name='จังหวัด')),
            ],
            options={
                'verbose_name': 'ผู้ใช้งาน',
                'verbose_name_plural': 'ผู้ใช้งาน',
            },
        ),
        migrations.CreateModel(
            name='AccessLog',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(choices=[('view_profile', 'เปิดดูข้อมูลรายบุคคล (1.3)'), ('export_list', 'ส่งออกรายชื่อ'), ('reveal_id', 'แสดงเลขประจำตัวประชาชนเต็ม'), ('view_progress', 'เปิดแบบรายงานผลการพัฒนา (4.1)'), ('search_id', 'ค้นหาด้วยเลขประจำตัวประชาชน'), ('probe_outside', 'ตรวจเลขประจำตัวประชาชนนอกเขตที่รับผิดชอบ')], max_length=20, verbose_name='การกระทำ')),
                ('cardholder_id', models.BigIntegerField(blank=True, db_index=True, null=True, verbose_name='รหัสผู้มีบัตรฯ ในระบบ')),
                ('detail', models.CharField(blank=True, max_length=500, verbose_name='รายละเอียด')),
                ('at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='เวลา')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ผู้ใช้งาน')),
            ],
            options={
                'verbose_name': 'บันทึกการเข้าถึงข้อมูล',
                'verbose_name_plural': 'บันทึกการเข้าถึงข้อมูล',
                'ordering': ['-at'],
            },
        ),
        migrations.CreateModel(
            name='Project',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=20, unique=True, verbose_name='รหัสโครงการ')),
                ('name_th', models.CharField(max_length=300, verbose_name='ชื่อโครงการ')),
                ('programme', models.CharField(blank=True, max_length=100, verbose_name='กลุ่มโครงการ')),
                ('source', models.CharField(choices=[('seed', 'เอกสารปี 2561'), ('illustrative', 'ตัวอย่าง (แก้ไขได้)')], default='illustrative', max_length=20, verbose_name='ที่มา')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='projects', to='welfare_portal.developmentunit', verbose_name='หน่วยงานพัฒนา')),
            ],
            options={
                'verbose_name': 'โครงการ',
                'verbose_name_plural': 'โครงการ',
                'ordering': ['code'],
            },
        ),
        migrations.AddField(
            model_name='district',
            name='province',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='districts', to='welfare_portal.province'),
        ),
        migrations.CreateModel(
            name='Subdistrict',
            fields=[
                ('code', models.PositiveIntegerField(primary_key=True, serialize=False, verbose_name='รหัสตำบล')),
                ('name_th', models.CharField(max_length=100, verbose_name='ชื่อตำบล')),
                ('name_en', models.CharField(blank=True, max_length=100, verbose_name='ชื่อภาษาอังกฤษ')),
                ('postcode', models.CharField(blank=True, max_length=5, verbose_name='รหัสไปรษณีย์')),
                ('district', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='subdistricts', to='welfare_portal.district')),
            ],
            options={
                'verbose_name': 'ตำบล',
                'verbose_name_plural': 'ตำบล',
                'ordering': ['code'],
            },
        ),
        migrations.RunPython(load_reference_data, unload_reference_data),
    ]
