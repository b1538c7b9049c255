# Programme rounds (issue 15): see welfare_portal/migrations/0002_rounds.py.

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cardholders', '0002_rounds'),
        ('matching', '0001_initial'),
        ('welfare_portal', '0002_rounds'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name='assignment',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='assignment',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='assignment',
            name='delete_delete',
        ),
        migrations.RemoveConstraint(
            model_name='assignment',
            name='one_active_assignment_per_person',
        ),
        migrations.RemoveConstraint(
            model_name='capacity',
            name='one_capacity_per_province_project',
        ),
        migrations.RemoveConstraint(
            model_name='matchingrun',
            name='one_run_number_per_province',
        ),
        migrations.RemoveIndex(
            model_name='assignment',
            name='active_by_dev_province',
        ),
        migrations.RemoveIndex(
            model_name='assignment',
            name='assignment_home_unit',
        ),
        migrations.AddField(
            model_name='assignment',
            name='round',
            field=models.ForeignKey(db_constraint=False, db_default=models.Func(function='welfare_current_round', output_field=models.SmallIntegerField()), db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='welfare_portal.round', verbose_name='รอบการดำเนินงาน'),
        ),
        migrations.AddField(
            model_name='assignmentevent',
            name='round',
            field=models.ForeignKey(db_constraint=False, db_default=models.Func(function='welfare_current_round', output_field=models.SmallIntegerField()), db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='welfare_portal.round', verbose_name='รอบการดำเนินงาน'),
        ),
        migrations.AddField(
            model_name='capacity',
            name='round',
            field=models.ForeignKey(db_constraint=False, db_default=models.Func(function='welfare_current_round', output_field=models.SmallIntegerField()), db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='welfare_portal.round', verbose_name='รอบการดำเนินงาน'),
        ),
        migrations.AddField(
            model_name='delegation',
            name='round',
            field=models.ForeignKey(db_constraint=False, db_default=models.Func(function='welfare_current_round', output_field=models.SmallIntegerField()), db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='welfare_portal.round', verbose_name='รอบการดำเนินงาน'),
        ),
        migrations.AddField(
            model_name='matchingrun',
            name='round',
            field=models.ForeignKey(db_constraint=False, db_default=models.Func(function='welfare_current_round', output_field=models.SmallIntegerField()), db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='welfare_portal.round', verbose_name='รอบการดำเนินงาน'),
        ),
        migrations.AddField(
            model_name='matchingtask',
            name='round',
            field=models.ForeignKey(db_constraint=False, db_default=models.Func(function='welfare_current_round', output_field=models.SmallIntegerField()), db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='welfare_portal.round', verbose_name='รอบการดำเนินงาน'),
        ),
        migrations.AddIndex(
            model_name='assignment',
            index=models.Index(condition=models.Q(('ended_at__isnull', True)), fields=['development_province', 'project', 'round'], name='active_by_dev_province'),
        ),
        migrations.AddIndex(
            model_name='assignment',
            index=models.Index(fields=['home_province', 'unit', 'round'], name='assignment_home_unit'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='assignment',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='EXECUTE $pgh$WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "matching_assignmentevent" ("cardholder_id", "confirmed_at", "decided_by_id", "development_province_id", "ended_at", "home_province_id", "id", "interview_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "progress_status", "project_id", "rank", "reason", "replaced_by_id", "round_id", "run_id", "source", "unit_id") SELECT new_values."cardholder_id", new_values."confirmed_at", new_values."decided_by_id", new_values."development_province_id", new_values."ended_at", new_values."home_province_id", new_values."id", new_values."interview_id", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."progress_status", new_values."project_id", new_values."rank", new_values."reason", new_values."replaced_by_id", new_values."round_id", new_values."run_id", new_values."source", new_values."unit_id" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context$pgh$; RETURN NULL;', hash='66432e9121314bbf6cb6a82d75a1ee42e85a084c', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_fb65d', referencing='REFERENCING NEW TABLE AS new_values ', table='matching_assignment', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='assignment',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='EXECUTE $pgh$WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "matching_assignmentevent" ("cardholder_id", "confirmed_at", "decided_by_id", "development_province_id", "ended_at", "home_province_id", "id", "interview_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "progress_status", "project_id", "rank", "reason", "replaced_by_id", "round_id", "run_id", "source", "unit_id") SELECT new_values."cardholder_id", new_values."confirmed_at", new_values."decided_by_id", new_values."development_province_id", new_values."ended_at", new_values."home_province_id", new_values."id", new_values."interview_id", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."progress_status", new_values."project_id", new_values."rank", new_values."reason", new_values."replaced_by_id", new_values."round_id", new_values."run_id", new_values."source", new_values."unit_id" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values."cardholder_id" IS DISTINCT FROM (new_values."cardholder_id") OR old_values."confirmed_at" IS DISTINCT FROM (new_values."confirmed_at") OR old_values."decided_by_id" IS DISTINCT FROM (new_values."decided_by_id") OR old_values."development_province_id" IS DISTINCT FROM (new_values."development_province_id") OR old_values."ended_at" IS DISTINCT FROM (new_values."ended_at") OR old_values."home_province_id" IS DISTINCT FROM (new_values."home_province_id") OR old_values."id" IS DISTINCT FROM (new_values."id") OR old_values."interview_id" IS DISTINCT FROM (new_values."interview_id") OR old_values."project_id" IS DISTINCT FROM (new_values."project_id") OR old_values."rank" IS DISTINCT FROM (new_values."rank") OR old_values."reason" IS DISTINCT FROM (new_values."reason") OR old_values."replaced_by_id" IS DISTINCT FROM (new_values."replaced_by_id") OR old_values."round_id" IS DISTINCT FROM (new_values."round_id") OR old_values."run_id" IS DISTINCT FROM (new_values."run_id") OR old_values."source" IS DISTINCT FROM (new_values."source") OR old_values."unit_id" IS DISTINCT FROM (new_values."unit_id")) ) AS new_values, _pgh_attached_context$pgh$; RETURN NULL;', hash='f4312da551a89219906fe52946f6d204fc9f3ff0', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_c88b2', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='matching_assignment', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='assignment',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='EXECUTE $pgh$WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "matching_assignmentevent" ("cardholder_id", "confirmed_at", "decided_by_id", "development_province_id", "ended_at", "home_province_id", "id", "interview_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "progress_status", "project_id", "rank", "reason", "replaced_by_id", "round_id", "run_id", "source", "unit_id") SELECT old_values."cardholder_id", old_values."confirmed_at", old_values."decided_by_id", old_values."development_province_id", old_values."ended_at", old_values."home_province_id", old_values."id", old_values."interview_id", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."progress_status", old_values."project_id", old_values."rank", old_values."reason", old_values."replaced_by_id", old_values."round_id", old_values."run_id", old_values."source", old_values."unit_id" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context$pgh$; RETURN NULL;', hash='57d2553689af6529e50282a0fcf896b915393373', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_9d727', referencing='REFERENCING OLD TABLE AS old_values ', table='matching_assignment', when='AFTER')),
        ),
        migrations.AddConstraint(
            model_name='assignment',
            constraint=models.UniqueConstraint(condition=models.Q(('ended_at__isnull', True)), fields=('cardholder', 'round'), name='one_active_assignment_per_person'),
        ),
        migrations.AddConstraint(
            model_name='capacity',
            constraint=models.UniqueConstraint(fields=('province', 'project', 'round'), name='one_capacity_per_province_project'),
        ),
        migrations.AddConstraint(
            model_name='matchingrun',
            constraint=models.UniqueConstraint(fields=('province', 'number', 'round'), name='one_run_number_per_province'),
        ),
    ]
