"""The progress trigger fetches the reported people's active assignments by index (ARRAY of probes), never
every assignment hashed per statement. Frozen SQL: a later change to matching.progress_sync does not change
what this migration does."""

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
    dependencies = [("matching", "0009_matching_task")]

    operations = [migrations.RunSQL(FUNCTIONS, migrations.RunSQL.noop)]
