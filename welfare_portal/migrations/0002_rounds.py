"""Programme rounds (issue 15): the Round table, the current round 2561 that the data from before rounds
belong to, and `welfare_current_round()`, the default of every round column (the other apps' second
migrations add those columns; existing rows take 2561 from it)."""

import datetime

import django.core.validators
from django.db import migrations, models


CURRENT_ROUND_FUNCTION = """
CREATE OR REPLACE FUNCTION welfare_current_round() RETURNS smallint LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT id FROM welfare_portal_round WHERE is_current $$;
"""


def create_round_2561(apps, schema_editor):
    Round = apps.get_model("welfare_portal", "Round")
    Round.objects.create(
        code="2561",
        name="ปี 2561 (ระยะที่ 2 โครงการลงทะเบียนเพื่อสวัสดิการแห่งรัฐ)",
        is_current=True,
        # The 2018 letter: names to the province by 31 July 2561, AO follow-ups in February and September,
        # the district teams' records in December.
        interviews_due=datetime.date(2018, 7, 31),
        follow_up_feb_due=datetime.date(2019, 2, 28),
        follow_up_sep_due=datetime.date(2019, 9, 30),
        team_records_due=datetime.date(2018, 12, 31),
    )


class Migration(migrations.Migration):

    dependencies = [
        ('welfare_portal', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='Round',
            fields=[
                ('id', models.SmallAutoField(primary_key=True, serialize=False)),
                ('code', models.CharField(help_text='เช่น 2561', max_length=10, unique=True, validators=[django.core.validators.RegexValidator('^[0-9A-Za-z-]+$', 'รหัสรอบใช้ได้เฉพาะตัวเลข ตัวอักษรอังกฤษ และขีด (-)')], verbose_name='รหัสรอบ')),
                ('name', models.CharField(max_length=200, verbose_name='ชื่อรอบ')),
                ('is_current', models.BooleanField(default=False, verbose_name='รอบปัจจุบัน')),
                ('is_closed', models.BooleanField(default=False, verbose_name='ปิดรอบแล้ว (ดูข้อมูลได้อย่างเดียว)')),
                ('interviews_due', models.DateField(blank=True, null=True, verbose_name='กำหนดบันทึกผลการสัมภาษณ์')),
                ('matching_due', models.DateField(blank=True, null=True, verbose_name='กำหนดยืนยันผลการจับคู่')),
                ('progress_due', models.DateField(blank=True, null=True, verbose_name='กำหนดรายงานผลการพัฒนา')),
                ('follow_up_feb_due', models.DateField(blank=True, null=True, verbose_name='กำหนด AO ติดตามผล รอบเดือนกุมภาพันธ์')),
                ('follow_up_sep_due', models.DateField(blank=True, null=True, verbose_name='กำหนด AO ติดตามผล รอบเดือนกันยายน')),
                ('team_records_due', models.DateField(blank=True, null=True, verbose_name='กำหนดทีม ปรจ. บันทึกผล รอบเดือนธันวาคม')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='สร้างเมื่อ')),
            ],
            options={
                'verbose_name': 'รอบการดำเนินงาน',
                'verbose_name_plural': 'รอบการดำเนินงาน',
                'ordering': ['code'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('is_current', True)), fields=('is_current',), name='one_current_round'), models.CheckConstraint(condition=models.Q(('is_closed', True), ('is_current', True), _negated=True), name='current_round_is_open')],
            },
        ),
        migrations.RunSQL(CURRENT_ROUND_FUNCTION, "DROP FUNCTION IF EXISTS welfare_current_round();"),
        migrations.RunPython(create_round_2561, migrations.RunPython.noop),
    ]
