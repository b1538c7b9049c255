"""The name check (ตรวจสอบรายชื่อกับรายชื่อของหน่วยงาน, issue 13): each check kept with its counts, and its
six name lists. Rows refer to people and assignments by id only (no database check): a check is a record of
its day and must not hold up their deletion."""

import django.contrib.postgres.fields
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cardholders', '0010_cardholder_subdistrict_checked_by_writers'),
        ('matching', '0010_progress_sync_by_index'),
        ('welfare_portal', '0004_access_log_actions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='NameCheck',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('original_name', models.CharField(max_length=255, verbose_name='ชื่อไฟล์')),
                ('stored_path', models.CharField(max_length=500)),
                ('channel', models.CharField(default='web', max_length=10, verbose_name='ช่องทาง')),
                ('status', models.CharField(choices=[('queued', 'รอคิว'), ('running', 'กำลังตรวจสอบ'), ('needs_column', 'รอเลือกคอลัมน์เลขประจำตัวประชาชน'), ('done', 'ตรวจสอบแล้ว'), ('rejected', 'อ่านไฟล์ไม่ได้'), ('failed', 'ระบบขัดข้อง')], default='queued', max_length=20, verbose_name='สถานะ')),
                ('message', models.TextField(blank=True, verbose_name='สาเหตุ')),
                ('header_index', models.SmallIntegerField(blank=True, null=True)),
                ('header_row', models.PositiveIntegerField(blank=True, null=True, verbose_name='แถวหัวตาราง')),
                ('id_column', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='คอลัมน์เลขประจำตัวประชาชน')),
                ('columns', models.JSONField(blank=True, default=list, verbose_name='ชื่อคอลัมน์ของไฟล์')),
                ('preview', models.JSONField(blank=True, default=dict)),
                ('rows_read', models.PositiveIntegerField(default=0, verbose_name='จำนวนแถวในไฟล์')),
                ('both', models.PositiveIntegerField(default=0)),
                ('assigned_only', models.PositiveIntegerField(default=0)),
                ('other_agency', models.PositiveIntegerField(default=0)),
                ('not_assigned', models.PositiveIntegerField(default=0)),
                ('not_cardholder', models.PositiveIntegerField(default=0)),
                ('invalid', models.PositiveIntegerField(default=0)),
                ('duplicate_ids', models.PositiveIntegerField(default=0, verbose_name='เลขที่ซ้ำกัน')),
                ('duplicates', models.JSONField(blank=True, default=list)),
                ('import_jobs', models.JSONField(blank=True, default=list)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='ตรวจสอบเมื่อ')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='เสร็จเมื่อ')),
                ('task_id', models.CharField(blank=True, max_length=64)),
                ('worker', models.CharField(blank=True, max_length=200)),
                ('heartbeat_at', models.DateTimeField(blank=True, null=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ผู้ตรวจสอบ')),
                ('previous', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='matching.namecheck', verbose_name='ตรวจสอบซ้ำจาก')),
                ('province', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='welfare_portal.province', verbose_name='จังหวัด')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='welfare_portal.developmentunit', verbose_name='หน่วยงานพัฒนา')),
            ],
            options={
                'verbose_name': 'การตรวจสอบรายชื่อกับรายชื่อของหน่วยงาน',
                'verbose_name_plural': 'การตรวจสอบรายชื่อกับรายชื่อของหน่วยงาน',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='NameCheckRow',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('row_no', models.PositiveIntegerField(verbose_name='แถวในไฟล์')),
                ('group', models.CharField(choices=[('both', 'อยู่ในรายชื่อ และได้รับมอบหมายให้หน่วยงานนี้'), ('assigned_only', 'ได้รับมอบหมายให้หน่วยงานนี้ แต่ไม่อยู่ในรายชื่อ'), ('other_agency', 'อยู่ในรายชื่อ แต่ได้รับมอบหมายให้หน่วยงานอื่น หรือให้หน่วยงานนี้ในจังหวัดอื่น'), ('not_assigned', 'อยู่ในรายชื่อ เป็นผู้มีบัตรฯ แต่ยังไม่ได้รับมอบหมายหน่วยงานพัฒนา'), ('not_cardholder', 'เลขประจำตัวประชาชนถูกต้อง แต่ไม่พบในทะเบียนผู้มีบัตรฯ'), ('invalid', 'เลขประจำตัวประชาชนไม่ถูกต้อง หรือไม่ได้กรอก')], max_length=20, verbose_name='กลุ่ม')),
                ('detail', models.CharField(blank=True, max_length=20)),
                ('national_id', models.CharField(blank=True, max_length=13)),
                ('cells', models.JSONField(default=list)),
                ('also_rows', django.contrib.postgres.fields.ArrayField(base_field=models.PositiveIntegerField(), blank=True, null=True, size=None)),
                ('assignment', models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='matching.assignment')),
                ('cardholder', models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cardholders.cardholder')),
                ('name_check', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='rows', to='matching.namecheck')),
            ],
            options={
                'indexes': [models.Index(fields=['name_check', 'group', 'row_no', 'id'], name='name_check_row_list')],
            },
        ),
    ]
