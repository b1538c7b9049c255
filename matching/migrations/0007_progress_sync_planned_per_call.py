"""The progress triggers' statements planned at each call (see reporting.summary_sql.planned_per_call).
Frozen SQL: a later change to matching.progress_sync does not change what this migration does."""

from django.db import migrations

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION matching_progress_sync() RETURNS trigger LANGUAGE plpgsql AS $$
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
        WHERE p.cardholder_id = n.cardholder_id AND p.unit_id = n.unit_id AND p.status <> 'notified'
        ORDER BY p.updated_at DESC, p.id DESC LIMIT 1
    ) latest
    WHERE a.id = n.id AND a.ended_at IS NULL AND a.progress_status IS DISTINCT FROM latest.status$stmt$;
    RETURN NULL;
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [("matching", "0006_fewer_indexes")]

    operations = [migrations.RunSQL(FUNCTIONS, migrations.RunSQL.noop)]
