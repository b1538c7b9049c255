# Programme rounds (issue 15): see welfare_portal/migrations/0002_rounds.py.

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cardholders', '0001_initial'),
        ('welfare_portal', '0002_rounds'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='RosterEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ],
            options={
                'verbose_name': 'รายชื่อผู้มีบัตรฯ ของรอบ',
                'verbose_name_plural': 'รายชื่อผู้มีบัตรฯ ของรอบ',
            },
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='interview',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='interview',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='interview',
            name='delete_delete',
        ),
        migrations.RemoveConstraint(
            model_name='interview',
            name='one_interview_per_person_and_day',
        ),
        migrations.RemoveConstraint(
            model_name='interview',
            name='one_current_interview_per_person',
        ),
        migrations.RemoveIndex(
            model_name='interview',
            name='current_choice_1',
        ),
        migrations.AddField(
            model_name='importjob',
            name='round',
            field=models.ForeignKey(db_constraint=False, db_default=models.Func(function='welfare_current_round', output_field=models.SmallIntegerField()), db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='welfare_portal.round', verbose_name='รอบการดำเนินงาน'),
        ),
        migrations.AddField(
            model_name='interview',
            name='round',
            field=models.ForeignKey(db_constraint=False, db_default=models.Func(function='welfare_current_round', output_field=models.SmallIntegerField()), db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='welfare_portal.round', verbose_name='รอบการดำเนินงาน'),
        ),
        migrations.AddField(
            model_name='interviewevent',
            name='round',
            field=models.ForeignKey(db_constraint=False, db_default=models.Func(function='welfare_current_round', output_field=models.SmallIntegerField()), db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='welfare_portal.round', verbose_name='รอบการดำเนินงาน'),
        ),
        migrations.AddIndex(
            model_name='interview',
            index=models.Index(condition=models.Q(('is_current', True)), fields=['choice_1', 'round'], name='current_choice_1'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='interview',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='EXECUTE $pgh$WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cardholders_interviewevent" ("basic_needs", "cardholder_id", "channel", "choice_1_id", "choice_2_id", "choice_3_id", "created_at", "group", "id", "interviewed_on", "is_current", "paper_form_received_by_id", "paper_form_received_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "recorded_by_id", "round_id", "skill_id", "updated_at") SELECT new_values."basic_needs", new_values."cardholder_id", new_values."channel", new_values."choice_1_id", new_values."choice_2_id", new_values."choice_3_id", new_values."created_at", new_values."group", new_values."id", new_values."interviewed_on", new_values."is_current", new_values."paper_form_received_by_id", new_values."paper_form_received_on", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."recorded_by_id", new_values."round_id", new_values."skill_id", new_values."updated_at" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context$pgh$; RETURN NULL;', hash='b33bcd8882b32d4f058a4f3624099ef2b16cb46e', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_b304c', referencing='REFERENCING NEW TABLE AS new_values ', table='cardholders_interview', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='interview',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='EXECUTE $pgh$WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cardholders_interviewevent" ("basic_needs", "cardholder_id", "channel", "choice_1_id", "choice_2_id", "choice_3_id", "created_at", "group", "id", "interviewed_on", "is_current", "paper_form_received_by_id", "paper_form_received_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "recorded_by_id", "round_id", "skill_id", "updated_at") SELECT new_values."basic_needs", new_values."cardholder_id", new_values."channel", new_values."choice_1_id", new_values."choice_2_id", new_values."choice_3_id", new_values."created_at", new_values."group", new_values."id", new_values."interviewed_on", new_values."is_current", new_values."paper_form_received_by_id", new_values."paper_form_received_on", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."recorded_by_id", new_values."round_id", new_values."skill_id", new_values."updated_at" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context$pgh$; RETURN NULL;', hash='73f3c7f4a19d1d4559abff11753fb3ab6ec1e15a', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_a9205', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='cardholders_interview', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='interview',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='EXECUTE $pgh$WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cardholders_interviewevent" ("basic_needs", "cardholder_id", "channel", "choice_1_id", "choice_2_id", "choice_3_id", "created_at", "group", "id", "interviewed_on", "is_current", "paper_form_received_by_id", "paper_form_received_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "recorded_by_id", "round_id", "skill_id", "updated_at") SELECT old_values."basic_needs", old_values."cardholder_id", old_values."channel", old_values."choice_1_id", old_values."choice_2_id", old_values."choice_3_id", old_values."created_at", old_values."group", old_values."id", old_values."interviewed_on", old_values."is_current", old_values."paper_form_received_by_id", old_values."paper_form_received_on", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."recorded_by_id", old_values."round_id", old_values."skill_id", old_values."updated_at" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context$pgh$; RETURN NULL;', hash='e109eac656091b6f18b9857419ab384af707830d', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_41405', referencing='REFERENCING OLD TABLE AS old_values ', table='cardholders_interview', when='AFTER')),
        ),
        migrations.AddConstraint(
            model_name='interview',
            constraint=models.UniqueConstraint(fields=('cardholder', 'round', 'interviewed_on'), name='one_interview_per_person_and_day'),
        ),
        migrations.AddConstraint(
            model_name='interview',
            constraint=models.UniqueConstraint(condition=models.Q(('is_current', True)), fields=('cardholder', 'round'), name='one_current_interview_per_person'),
        ),
        migrations.AddField(
            model_name='rosterentry',
            name='cardholder',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='roster_entries', to='cardholders.cardholder'),
        ),
        migrations.AddField(
            model_name='rosterentry',
            name='round',
            field=models.ForeignKey(db_constraint=False, db_default=models.Func(function='welfare_current_round', output_field=models.SmallIntegerField()), db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='welfare_portal.round', verbose_name='รอบการดำเนินงาน'),
        ),
        migrations.AddConstraint(
            model_name='rosterentry',
            constraint=models.UniqueConstraint(fields=('cardholder', 'round'), name='one_roster_entry_per_round'),
        ),
        # The people from before rounds held their cards in round 2561 (the current round).
        migrations.RunSQL(
            "INSERT INTO cardholders_rosterentry (round_id, cardholder_id) "
            "SELECT (SELECT welfare_current_round()), id FROM cardholders_cardholder",
            migrations.RunSQL.noop,
        ),
    ]
