"""Programme rounds (issue 15): see welfare_portal/migrations/0002_rounds.py. The follow-up's own round
(February, September, December) is renamed `period`; progress is per round, and the trigger keeping the
assignment's status (development/progress_sync.py, frozen here as literal SQL) reads the round's progress."""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


PROGRESS_SYNC = r"""
CREATE OR REPLACE FUNCTION matching_progress_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
    EXECUTE $stmt$UPDATE matching_assignment a SET progress_status = coalesce(latest.status, 'not_started')
    FROM (SELECT DISTINCT cardholder_id, round_id, unit_id FROM progress_new) pairs
    LEFT JOIN LATERAL (
        SELECT p.status FROM matching_progress p
        WHERE p.cardholder_id = pairs.cardholder_id AND p.round_id = pairs.round_id AND p.unit_id = pairs.unit_id AND p.status <> 'notified'
        ORDER BY p.updated_at DESC, p.id DESC LIMIT 1
    ) latest ON true
    WHERE a.cardholder_id = pairs.cardholder_id AND a.round_id = pairs.round_id AND a.unit_id = pairs.unit_id
      AND a.ended_at IS NULL
      -- the pairs' active assignments fetched by index (ARRAY), never every assignment hashed per statement
      AND a.id = ANY(ARRAY(SELECT (SELECT x.id FROM matching_assignment x WHERE x.cardholder_id = q.cardholder_id
                                   AND x.round_id = q.round_id AND x.ended_at IS NULL AND x.unit_id = q.unit_id)
                           FROM (SELECT DISTINCT cardholder_id, round_id, unit_id FROM progress_new) q))
      AND a.progress_status IS DISTINCT FROM coalesce(latest.status, 'not_started')$stmt$;
    ELSIF TG_OP = 'UPDATE' THEN
    EXECUTE $stmt$UPDATE matching_assignment a SET progress_status = coalesce(latest.status, 'not_started')
    FROM (SELECT DISTINCT cardholder_id, round_id, unit_id FROM progress_new UNION SELECT DISTINCT cardholder_id, round_id, unit_id FROM progress_old) pairs
    LEFT JOIN LATERAL (
        SELECT p.status FROM matching_progress p
        WHERE p.cardholder_id = pairs.cardholder_id AND p.round_id = pairs.round_id AND p.unit_id = pairs.unit_id AND p.status <> 'notified'
        ORDER BY p.updated_at DESC, p.id DESC LIMIT 1
    ) latest ON true
    WHERE a.cardholder_id = pairs.cardholder_id AND a.round_id = pairs.round_id AND a.unit_id = pairs.unit_id
      AND a.ended_at IS NULL
      -- the pairs' active assignments fetched by index (ARRAY), never every assignment hashed per statement
      AND a.id = ANY(ARRAY(SELECT (SELECT x.id FROM matching_assignment x WHERE x.cardholder_id = q.cardholder_id
                                   AND x.round_id = q.round_id AND x.ended_at IS NULL AND x.unit_id = q.unit_id)
                           FROM (SELECT DISTINCT cardholder_id, round_id, unit_id FROM progress_new UNION SELECT DISTINCT cardholder_id, round_id, unit_id FROM progress_old) q))
      AND a.progress_status IS DISTINCT FROM coalesce(latest.status, 'not_started')$stmt$;
    ELSE
    EXECUTE $stmt$UPDATE matching_assignment a SET progress_status = coalesce(latest.status, 'not_started')
    FROM (SELECT DISTINCT cardholder_id, round_id, unit_id FROM progress_old) pairs
    LEFT JOIN LATERAL (
        SELECT p.status FROM matching_progress p
        WHERE p.cardholder_id = pairs.cardholder_id AND p.round_id = pairs.round_id AND p.unit_id = pairs.unit_id AND p.status <> 'notified'
        ORDER BY p.updated_at DESC, p.id DESC LIMIT 1
    ) latest ON true
    WHERE a.cardholder_id = pairs.cardholder_id AND a.round_id = pairs.round_id AND a.unit_id = pairs.unit_id
      AND a.ended_at IS NULL
      -- the pairs' active assignments fetched by index (ARRAY), never every assignment hashed per statement
      AND a.id = ANY(ARRAY(SELECT (SELECT x.id FROM matching_assignment x WHERE x.cardholder_id = q.cardholder_id
                                   AND x.round_id = q.round_id AND x.ended_at IS NULL AND x.unit_id = q.unit_id)
                           FROM (SELECT DISTINCT cardholder_id, round_id, unit_id FROM progress_old) q))
      AND a.progress_status IS DISTINCT FROM coalesce(latest.status, 'not_started')$stmt$;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION matching_assignment_status_init() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A new decision for the same agency keeps what the agency already reported. Planned at each call
    -- (EXECUTE), not once per session for the first call's rows (see reporting.summary_sql.planned_per_call).
    EXECUTE $stmt$UPDATE matching_assignment a SET progress_status = latest.status
    FROM assignment_new n
    CROSS JOIN LATERAL (
        SELECT p.status FROM matching_progress p
        WHERE p.cardholder_id = n.cardholder_id AND p.round_id = n.round_id AND p.unit_id = n.unit_id AND p.status <> 'notified'
        ORDER BY p.updated_at DESC, p.id DESC LIMIT 1
    ) latest
    WHERE a.id = n.id AND a.ended_at IS NULL AND a.progress_status IS DISTINCT FROM latest.status$stmt$;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS progress_sync_insert ON matching_progress;
DROP TRIGGER IF EXISTS progress_sync_update ON matching_progress;
DROP TRIGGER IF EXISTS progress_sync_delete ON matching_progress;
DROP TRIGGER IF EXISTS assignment_status_init ON matching_assignment;
CREATE TRIGGER progress_sync_insert AFTER INSERT ON matching_progress
    REFERENCING NEW TABLE AS progress_new FOR EACH STATEMENT EXECUTE FUNCTION matching_progress_sync();
CREATE TRIGGER progress_sync_update AFTER UPDATE ON matching_progress
    REFERENCING OLD TABLE AS progress_old NEW TABLE AS progress_new FOR EACH STATEMENT EXECUTE FUNCTION matching_progress_sync();
CREATE TRIGGER progress_sync_delete AFTER DELETE ON matching_progress
    REFERENCING OLD TABLE AS progress_old FOR EACH STATEMENT EXECUTE FUNCTION matching_progress_sync();
CREATE TRIGGER assignment_status_init AFTER INSERT ON matching_assignment
    REFERENCING NEW TABLE AS assignment_new FOR EACH STATEMENT EXECUTE FUNCTION matching_assignment_status_init();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('cardholders', '0002_rounds'),
        ('development', '0001_initial'),
        ('matching', '0001_initial'),
        ('welfare_portal', '0002_rounds'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField('followup', 'round', 'period'),
        migrations.RenameField('followupevent', 'round', 'period'),
        pgtrigger.migrations.RemoveTrigger(
            model_name='followup',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='followup',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='followup',
            name='delete_delete',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='progress',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='progress',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='progress',
            name='delete_delete',
        ),
        migrations.RemoveConstraint(
            model_name='followup',
            name='one_follow_up_per_round',
        ),
        migrations.RemoveConstraint(
            model_name='progress',
            name='one_progress_per_person_and_project',
        ),
        migrations.AddField(
            model_name='followup',
            name='round',
            field=models.ForeignKey(db_constraint=False, db_default=models.Func(function='welfare_current_round', output_field=models.SmallIntegerField()), db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='welfare_portal.round', verbose_name='รอบการดำเนินงาน'),
        ),
        migrations.AddField(
            model_name='followupevent',
            name='round',
            field=models.ForeignKey(db_constraint=False, db_default=models.Func(function='welfare_current_round', output_field=models.SmallIntegerField()), db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='welfare_portal.round', verbose_name='รอบการดำเนินงาน'),
        ),
        migrations.AddField(
            model_name='namecheck',
            name='round',
            field=models.ForeignKey(db_constraint=False, db_default=models.Func(function='welfare_current_round', output_field=models.SmallIntegerField()), db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='welfare_portal.round', verbose_name='รอบการดำเนินงาน'),
        ),
        migrations.AddField(
            model_name='progress',
            name='round',
            field=models.ForeignKey(db_constraint=False, db_default=models.Func(function='welfare_current_round', output_field=models.SmallIntegerField()), db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='welfare_portal.round', verbose_name='รอบการดำเนินงาน'),
        ),
        migrations.AddField(
            model_name='progressevent',
            name='round',
            field=models.ForeignKey(db_constraint=False, db_default=models.Func(function='welfare_current_round', output_field=models.SmallIntegerField()), db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='welfare_portal.round', verbose_name='รอบการดำเนินงาน'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='followup',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='EXECUTE $pgh$WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cardholders_followupevent" ("cardholder_id", "created_at", "followed_on", "id", "notes", "outcome", "period", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "recorded_by_id", "round_id", "year") SELECT new_values."cardholder_id", new_values."created_at", new_values."followed_on", new_values."id", new_values."notes", new_values."outcome", new_values."period", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."recorded_by_id", new_values."round_id", new_values."year" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context$pgh$; RETURN NULL;', hash='eb32644cae00bee1bb75c0d40b8871693f1f66d6', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_76713', referencing='REFERENCING NEW TABLE AS new_values ', table='cardholders_followup', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='followup',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='EXECUTE $pgh$WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cardholders_followupevent" ("cardholder_id", "created_at", "followed_on", "id", "notes", "outcome", "period", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "recorded_by_id", "round_id", "year") SELECT new_values."cardholder_id", new_values."created_at", new_values."followed_on", new_values."id", new_values."notes", new_values."outcome", new_values."period", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."recorded_by_id", new_values."round_id", new_values."year" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context$pgh$; RETURN NULL;', hash='9e228f864f008e0248318b283b03b0682fa947bf', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_3845f', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='cardholders_followup', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='followup',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='EXECUTE $pgh$WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cardholders_followupevent" ("cardholder_id", "created_at", "followed_on", "id", "notes", "outcome", "period", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "recorded_by_id", "round_id", "year") SELECT old_values."cardholder_id", old_values."created_at", old_values."followed_on", old_values."id", old_values."notes", old_values."outcome", old_values."period", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."recorded_by_id", old_values."round_id", old_values."year" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context$pgh$; RETURN NULL;', hash='c22a2a2909196b0a7a13ba2452ab17bd14729db2', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_66b0c', referencing='REFERENCING OLD TABLE AS old_values ', table='cardholders_followup', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='progress',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='EXECUTE $pgh$WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "matching_progressevent" ("assignment_id", "cardholder_id", "channel", "development_province_id", "ended_on", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "project_id", "round_id", "started_on", "status", "unit_id", "updated_at", "updated_by_id", "version") SELECT new_values."assignment_id", new_values."cardholder_id", new_values."channel", new_values."development_province_id", new_values."ended_on", new_values."id", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."project_id", new_values."round_id", new_values."started_on", new_values."status", new_values."unit_id", new_values."updated_at", new_values."updated_by_id", new_values."version" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context$pgh$; RETURN NULL;', hash='ca4fcf063eaaf9a653464668e737d1c54fb6da78', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_22c82', referencing='REFERENCING NEW TABLE AS new_values ', table='matching_progress', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='progress',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='EXECUTE $pgh$WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "matching_progressevent" ("assignment_id", "cardholder_id", "channel", "development_province_id", "ended_on", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "project_id", "round_id", "started_on", "status", "unit_id", "updated_at", "updated_by_id", "version") SELECT new_values."assignment_id", new_values."cardholder_id", new_values."channel", new_values."development_province_id", new_values."ended_on", new_values."id", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."project_id", new_values."round_id", new_values."started_on", new_values."status", new_values."unit_id", new_values."updated_at", new_values."updated_by_id", new_values."version" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context$pgh$; RETURN NULL;', hash='758eeb6f82ecbf905e25dae17c229771817b1e77', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_3ae08', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='matching_progress', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='progress',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='EXECUTE $pgh$WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "matching_progressevent" ("assignment_id", "cardholder_id", "channel", "development_province_id", "ended_on", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "project_id", "round_id", "started_on", "status", "unit_id", "updated_at", "updated_by_id", "version") SELECT old_values."assignment_id", old_values."cardholder_id", old_values."channel", old_values."development_province_id", old_values."ended_on", old_values."id", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."project_id", old_values."round_id", old_values."started_on", old_values."status", old_values."unit_id", old_values."updated_at", old_values."updated_by_id", old_values."version" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context$pgh$; RETURN NULL;', hash='e188dab521f62f46bce3d2d527fef1d9998f61b3', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_b4782', referencing='REFERENCING OLD TABLE AS old_values ', table='matching_progress', when='AFTER')),
        ),
        migrations.AddConstraint(
            model_name='followup',
            constraint=models.UniqueConstraint(fields=('cardholder', 'round', 'period', 'year'), name='one_follow_up_per_round'),
        ),
        migrations.AddConstraint(
            model_name='progress',
            constraint=models.UniqueConstraint(fields=('cardholder', 'round', 'project'), name='one_progress_per_person_and_project'),
        ),
        migrations.RunSQL(PROGRESS_SYNC, migrations.RunSQL.noop),
    ]
