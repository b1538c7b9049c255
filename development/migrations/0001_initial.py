"""The development app's tables (progress, follow-ups, the name check; the tables keep the names they had in
matching and cardholders) and the triggers that keep Assignment.progress_status equal to the status the
agency last reported (development/progress_sync.py, frozen here as literal SQL: a later change to that
module does not change what this migration does).
"""

import django.contrib.postgres.fields
import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models

PROGRESS_SYNC = r"""
CREATE OR REPLACE FUNCTION public.matching_assignment_status_init()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    -- A new decision for the same agency keeps what the agency already reported. Planned at each call
    -- (EXECUTE), not once per session for the first call's rows (see reporting.summary_sql.planned_per_call).
    EXECUTE $stmt$UPDATE matching_assignment a SET progress_status = latest.status
    FROM assignment_new n
    CROSS JOIN LATERAL (
        SELECT p.status FROM matching_progress p
        WHERE p.cardholder_id = n.cardholder_id AND p.unit_id = n.unit_id AND p.status <> 'notified'
        ORDER BY p.updated_at DESC, p.id DESC LIMIT 1
    ) latest
    WHERE a.id = n.id AND a.ended_at IS NULL AND a.progress_status IS DISTINCT FROM latest.status$stmt$;
    RETURN NULL;
END $function$;

CREATE OR REPLACE FUNCTION public.matching_progress_sync()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    IF TG_OP = 'INSERT' THEN
    EXECUTE $stmt$UPDATE matching_assignment a SET progress_status = coalesce(latest.status, 'not_started')
    FROM (SELECT DISTINCT cardholder_id, unit_id FROM progress_new) pairs
    LEFT JOIN LATERAL (
        SELECT p.status FROM matching_progress p
        WHERE p.cardholder_id = pairs.cardholder_id AND p.unit_id = pairs.unit_id AND p.status <> 'notified'
        ORDER BY p.updated_at DESC, p.id DESC LIMIT 1
    ) latest ON true
    WHERE a.cardholder_id = pairs.cardholder_id AND a.unit_id = pairs.unit_id AND a.ended_at IS NULL
      -- the pairs' active assignments fetched by index (ARRAY), never every assignment hashed per statement
      AND a.id = ANY(ARRAY(SELECT (SELECT x.id FROM matching_assignment x WHERE x.cardholder_id = q.cardholder_id
                                   AND x.ended_at IS NULL AND x.unit_id = q.unit_id) FROM (SELECT DISTINCT cardholder_id, unit_id FROM progress_new) q))
      AND a.progress_status IS DISTINCT FROM coalesce(latest.status, 'not_started')$stmt$;
    ELSIF TG_OP = 'UPDATE' THEN
    EXECUTE $stmt$UPDATE matching_assignment a SET progress_status = coalesce(latest.status, 'not_started')
    FROM (SELECT DISTINCT cardholder_id, unit_id FROM progress_new UNION SELECT DISTINCT cardholder_id, unit_id FROM progress_old) pairs
    LEFT JOIN LATERAL (
        SELECT p.status FROM matching_progress p
        WHERE p.cardholder_id = pairs.cardholder_id AND p.unit_id = pairs.unit_id AND p.status <> 'notified'
        ORDER BY p.updated_at DESC, p.id DESC LIMIT 1
    ) latest ON true
    WHERE a.cardholder_id = pairs.cardholder_id AND a.unit_id = pairs.unit_id AND a.ended_at IS NULL
      -- the pairs' active assignments fetched by index (ARRAY), never every assignment hashed per statement
      AND a.id = ANY(ARRAY(SELECT (SELECT x.id FROM matching_assignment x WHERE x.cardholder_id = q.cardholder_id
                                   AND x.ended_at IS NULL AND x.unit_id = q.unit_id) FROM (SELECT DISTINCT cardholder_id, unit_id FROM progress_new UNION SELECT DISTINCT cardholder_id, unit_id FROM progress_old) q))
      AND a.progress_status IS DISTINCT FROM coalesce(latest.status, 'not_started')$stmt$;
    ELSE
    EXECUTE $stmt$UPDATE matching_assignment a SET progress_status = coalesce(latest.status, 'not_started')
    FROM (SELECT DISTINCT cardholder_id, unit_id FROM progress_old) pairs
    LEFT JOIN LATERAL (
        SELECT p.status FROM matching_progress p
        WHERE p.cardholder_id = pairs.cardholder_id AND p.unit_id = pairs.unit_id AND p.status <> 'notified'
        ORDER BY p.updated_at DESC, p.id DESC LIMIT 1
    ) latest ON true
    WHERE a.cardholder_id = pairs.cardholder_id AND a.unit_id = pairs.unit_id AND a.ended_at IS NULL
      -- the pairs' active assignments fetched by index (ARRAY), never every assignment hashed per statement
      AND a.id = ANY(ARRAY(SELECT (SELECT x.id FROM matching_assignment x WHERE x.cardholder_id = q.cardholder_id
                                   AND x.ended_at IS NULL AND x.unit_id = q.unit_id) FROM (SELECT DISTINCT cardholder_id, unit_id FROM progress_old) q))
      AND a.progress_status IS DISTINCT FROM coalesce(latest.status, 'not_started')$stmt$;
    END IF;
    RETURN NULL;
END $function$;

CREATE TRIGGER assignment_status_init AFTER INSERT ON public.matching_assignment REFERENCING NEW TABLE AS assignment_new FOR EACH STATEMENT EXECUTE FUNCTION matching_assignment_status_init();
CREATE TRIGGER progress_sync_delete AFTER DELETE ON public.matching_progress REFERENCING OLD TABLE AS progress_old FOR EACH STATEMENT EXECUTE FUNCTION matching_progress_sync();
CREATE TRIGGER progress_sync_insert AFTER INSERT ON public.matching_progress REFERENCING NEW TABLE AS progress_new FOR EACH STATEMENT EXECUTE FUNCTION matching_progress_sync();
CREATE TRIGGER progress_sync_update AFTER UPDATE ON public.matching_progress REFERENCING OLD TABLE AS progress_old NEW TABLE AS progress_new FOR EACH STATEMENT EXECUTE FUNCTION matching_progress_sync();
"""

PROGRESS_SYNC_REVERSE = r"""
DROP TRIGGER IF EXISTS assignment_status_init ON matching_assignment;
DROP TRIGGER IF EXISTS progress_sync_delete ON matching_progress;
DROP TRIGGER IF EXISTS progress_sync_insert ON matching_progress;
DROP TRIGGER IF EXISTS progress_sync_update ON matching_progress;
DROP FUNCTION IF EXISTS matching_assignment_status_init();
DROP FUNCTION IF EXISTS matching_progress_sync();
"""


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cardholders', '0001_initial'),
        ('matching', '0001_initial'),
        ('pghistory', '0007_auto_20250421_0444'),
        ('welfare_portal', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='FollowUp',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('round', models.CharField(choices=[('ao_feb', 'AO รอบเดือนกุมภาพันธ์'), ('ao_sep', 'AO รอบเดือนกันยายน'), ('team_dec', 'ทีม ปรจ. รอบเดือนธันวาคม')], max_length=10, verbose_name='รอบการติดตาม')),
                ('year', models.PositiveSmallIntegerField(verbose_name='ปี (พ.ศ.)')),
                ('followed_on', models.DateField(verbose_name='วันที่ติดตาม')),
                ('outcome', models.CharField(choices=[('income', 'มีรายได้เพิ่มขึ้น'), ('employed', 'มีงานทำ'), ('unchanged', 'ยังไม่เปลี่ยนแปลง'), ('unreachable', 'ติดต่อไม่ได้'), ('other', 'อื่น ๆ (ระบุในหมายเหตุ)')], max_length=20, verbose_name='ผลการติดตาม')),
                ('notes', models.TextField(blank=True, verbose_name='หมายเหตุ')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('cardholder', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follow_ups', to='cardholders.cardholder', verbose_name='ผู้มีบัตรฯ')),
                ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'การติดตามผล',
                'verbose_name_plural': 'การติดตามผล',
                'db_table': 'cardholders_followup',
                'ordering': ['-followed_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='FollowUpEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('round', models.CharField(choices=[('ao_feb', 'AO รอบเดือนกุมภาพันธ์'), ('ao_sep', 'AO รอบเดือนกันยายน'), ('team_dec', 'ทีม ปรจ. รอบเดือนธันวาคม')], max_length=10, verbose_name='รอบการติดตาม')),
                ('year', models.PositiveSmallIntegerField(verbose_name='ปี (พ.ศ.)')),
                ('followed_on', models.DateField(verbose_name='วันที่ติดตาม')),
                ('outcome', models.CharField(choices=[('income', 'มีรายได้เพิ่มขึ้น'), ('employed', 'มีงานทำ'), ('unchanged', 'ยังไม่เปลี่ยนแปลง'), ('unreachable', 'ติดต่อไม่ได้'), ('other', 'อื่น ๆ (ระบุในหมายเหตุ)')], max_length=20, verbose_name='ผลการติดตาม')),
                ('notes', models.TextField(blank=True, verbose_name='หมายเหตุ')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('cardholder', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='cardholders.cardholder', verbose_name='ผู้มีบัตรฯ')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='development.followup')),
                ('recorded_by', models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'cardholders_followupevent',
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='NameCheck',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('original_name', models.CharField(max_length=255, verbose_name='ชื่อไฟล์')),
                ('stored_path', models.CharField(max_length=500)),
                ('channel', models.CharField(choices=[('web', 'หน้าเว็บ'), ('command', 'คำสั่ง manage.py check_names')], default='web', max_length=10, verbose_name='ช่องทาง')),
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
                ('previous', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='development.namecheck', verbose_name='ตรวจสอบซ้ำจาก')),
                ('province', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='welfare_portal.province', verbose_name='จังหวัด')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='welfare_portal.developmentunit', verbose_name='หน่วยงานพัฒนา')),
            ],
            options={
                'verbose_name': 'การตรวจสอบรายชื่อกับรายชื่อของหน่วยงาน',
                'verbose_name_plural': 'การตรวจสอบรายชื่อกับรายชื่อของหน่วยงาน',
                'db_table': 'matching_namecheck',
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
                ('name_check', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='rows', to='development.namecheck')),
            ],
            options={
                'db_table': 'matching_namecheckrow',
            },
        ),
        migrations.CreateModel(
            name='Progress',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('notified', 'แจ้งผู้มีบัตรฯ แล้ว (ยังไม่เริ่มพัฒนา)'), ('in_progress', 'อยู่ระหว่างการพัฒนา'), ('completed', 'พัฒนาเสร็จแล้ว'), ('not_completed', 'พัฒนาไม่เสร็จสิ้น')], max_length=20, verbose_name='สถานะ')),
                ('started_on', models.DateField(blank=True, null=True, verbose_name='วันที่เริ่ม')),
                ('ended_on', models.DateField(blank=True, null=True, verbose_name='วันที่เสร็จ')),
                ('version', models.PositiveIntegerField(default=1)),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='บันทึกล่าสุด')),
                ('channel', models.CharField(choices=[('form', 'บันทึกผ่านแบบฟอร์ม'), ('import', 'นำเข้าจากไฟล์'), ('admin', 'ผู้ดูแลระบบ')], default='form', max_length=10, verbose_name='ช่องทาง')),
                ('assignment', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='progress', to='matching.assignment')),
                ('cardholder', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='progress', to='cardholders.cardholder', verbose_name='ผู้มีบัตรฯ')),
                ('development_province', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='welfare_portal.province', verbose_name='จังหวัดที่ดำเนินการพัฒนา')),
                ('project', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='welfare_portal.project', verbose_name='โครงการที่ส่งเสริมการพัฒนา')),
                ('unit', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='welfare_portal.developmentunit', verbose_name='หน่วยงานที่ดำเนินการพัฒนา')),
                ('updated_by', models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'ผลการพัฒนา',
                'verbose_name_plural': 'ผลการพัฒนา',
                'db_table': 'matching_progress',
            },
        ),
        migrations.CreateModel(
            name='ProgressEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('status', models.CharField(choices=[('notified', 'แจ้งผู้มีบัตรฯ แล้ว (ยังไม่เริ่มพัฒนา)'), ('in_progress', 'อยู่ระหว่างการพัฒนา'), ('completed', 'พัฒนาเสร็จแล้ว'), ('not_completed', 'พัฒนาไม่เสร็จสิ้น')], max_length=20, verbose_name='สถานะ')),
                ('started_on', models.DateField(blank=True, null=True, verbose_name='วันที่เริ่ม')),
                ('ended_on', models.DateField(blank=True, null=True, verbose_name='วันที่เสร็จ')),
                ('version', models.PositiveIntegerField(default=1)),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='บันทึกล่าสุด')),
                ('channel', models.CharField(choices=[('form', 'บันทึกผ่านแบบฟอร์ม'), ('import', 'นำเข้าจากไฟล์'), ('admin', 'ผู้ดูแลระบบ')], default='form', max_length=10, verbose_name='ช่องทาง')),
                ('assignment', models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='matching.assignment')),
                ('cardholder', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='cardholders.cardholder', verbose_name='ผู้มีบัตรฯ')),
                ('development_province', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='welfare_portal.province', verbose_name='จังหวัดที่ดำเนินการพัฒนา')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='development.progress')),
                ('project', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='welfare_portal.project', verbose_name='โครงการที่ส่งเสริมการพัฒนา')),
                ('unit', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='welfare_portal.developmentunit', verbose_name='หน่วยงานที่ดำเนินการพัฒนา')),
                ('updated_by', models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'matching_progressevent',
                'abstract': False,
            },
        ),
        migrations.AddConstraint(
            model_name='followup',
            constraint=models.UniqueConstraint(fields=('cardholder', 'round', 'year'), name='one_follow_up_per_round'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='followup',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='EXECUTE $pgh$WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cardholders_followupevent" ("cardholder_id", "created_at", "followed_on", "id", "notes", "outcome", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "recorded_by_id", "round", "year") SELECT new_values."cardholder_id", new_values."created_at", new_values."followed_on", new_values."id", new_values."notes", new_values."outcome", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."recorded_by_id", new_values."round", new_values."year" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context$pgh$; RETURN NULL;', hash='d9014cb571d3ac3c7a0efa2269a7654d67b2a549', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_76713', referencing='REFERENCING NEW TABLE AS new_values ', table='cardholders_followup', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='followup',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='EXECUTE $pgh$WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cardholders_followupevent" ("cardholder_id", "created_at", "followed_on", "id", "notes", "outcome", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "recorded_by_id", "round", "year") SELECT new_values."cardholder_id", new_values."created_at", new_values."followed_on", new_values."id", new_values."notes", new_values."outcome", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."recorded_by_id", new_values."round", new_values."year" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context$pgh$; RETURN NULL;', hash='1c97f0dc4c22397a214ed0cd08a2b3e44b5c5e12', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_3845f', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='cardholders_followup', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='followup',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='EXECUTE $pgh$WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cardholders_followupevent" ("cardholder_id", "created_at", "followed_on", "id", "notes", "outcome", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "recorded_by_id", "round", "year") SELECT old_values."cardholder_id", old_values."created_at", old_values."followed_on", old_values."id", old_values."notes", old_values."outcome", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."recorded_by_id", old_values."round", old_values."year" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context$pgh$; RETURN NULL;', hash='fd552b146486f8b5a91cea3f57ee13fbeb8ba033', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_66b0c', referencing='REFERENCING OLD TABLE AS old_values ', table='cardholders_followup', when='AFTER')),
        ),
        migrations.AddIndex(
            model_name='followupevent',
            index=models.Index(fields=['cardholder'], name='followup_event_person'),
        ),
        migrations.AddIndex(
            model_name='namecheckrow',
            index=models.Index(fields=['name_check', 'group', 'row_no', 'id'], name='name_check_row_list'),
        ),
        migrations.AddConstraint(
            model_name='progress',
            constraint=models.UniqueConstraint(fields=('cardholder', 'project'), name='one_progress_per_person_and_project'),
        ),
        migrations.AddConstraint(
            model_name='progress',
            constraint=models.CheckConstraint(condition=models.Q(('ended_on__isnull', True), models.Q(('ended_on__gte', models.F('started_on')), ('started_on__isnull', False)), _connector='OR'), name='progress_ends_after_it_starts'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='progress',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='EXECUTE $pgh$WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "matching_progressevent" ("assignment_id", "cardholder_id", "channel", "development_province_id", "ended_on", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "project_id", "started_on", "status", "unit_id", "updated_at", "updated_by_id", "version") SELECT new_values."assignment_id", new_values."cardholder_id", new_values."channel", new_values."development_province_id", new_values."ended_on", new_values."id", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."project_id", new_values."started_on", new_values."status", new_values."unit_id", new_values."updated_at", new_values."updated_by_id", new_values."version" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context$pgh$; RETURN NULL;', hash='d606b56290f500be1f4c064c5e50e78c08f68bc5', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_22c82', referencing='REFERENCING NEW TABLE AS new_values ', table='matching_progress', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='progress',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='EXECUTE $pgh$WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "matching_progressevent" ("assignment_id", "cardholder_id", "channel", "development_province_id", "ended_on", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "project_id", "started_on", "status", "unit_id", "updated_at", "updated_by_id", "version") SELECT new_values."assignment_id", new_values."cardholder_id", new_values."channel", new_values."development_province_id", new_values."ended_on", new_values."id", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."project_id", new_values."started_on", new_values."status", new_values."unit_id", new_values."updated_at", new_values."updated_by_id", new_values."version" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context$pgh$; RETURN NULL;', hash='77e63516e1cf87f9e25ce6066af6d6cc34328826', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_3ae08', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='matching_progress', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='progress',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='EXECUTE $pgh$WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "matching_progressevent" ("assignment_id", "cardholder_id", "channel", "development_province_id", "ended_on", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "project_id", "started_on", "status", "unit_id", "updated_at", "updated_by_id", "version") SELECT old_values."assignment_id", old_values."cardholder_id", old_values."channel", old_values."development_province_id", old_values."ended_on", old_values."id", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."project_id", old_values."started_on", old_values."status", old_values."unit_id", old_values."updated_at", old_values."updated_by_id", old_values."version" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context$pgh$; RETURN NULL;', hash='0844334ee87fe3777df6c30806f11526dc8e0bf9', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_b4782', referencing='REFERENCING OLD TABLE AS old_values ', table='matching_progress', when='AFTER')),
        ),
        migrations.AddIndex(
            model_name='progressevent',
            index=models.Index(fields=['cardholder'], name='progress_event_person'),
        ),
        migrations.RunSQL(PROGRESS_SYNC, PROGRESS_SYNC_REVERSE),
    ]
