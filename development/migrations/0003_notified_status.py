"""Page 4.2 counts "notified" from the summary of assignment statuses (issue 15: with two rounds the page
probed the progress rows of every person of the area). The trigger keeping the assignment's status now
falls back to "notified" when the agency has told the person but reported no development status yet
(development/progress_sync.py, frozen here as literal SQL); the assignments already notified get it."""

from django.db import migrations

PROGRESS_SYNC = r"""
CREATE OR REPLACE FUNCTION matching_progress_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
    EXECUTE $stmt$UPDATE matching_assignment a SET progress_status = coalesce(latest.status, 'not_started')
    FROM (SELECT DISTINCT cardholder_id, round_id, unit_id FROM progress_new) pairs
    LEFT JOIN LATERAL (
        SELECT p.status FROM matching_progress p
        WHERE p.cardholder_id = pairs.cardholder_id AND p.round_id = pairs.round_id AND p.unit_id = pairs.unit_id
        ORDER BY p.status = 'notified', p.updated_at DESC, p.id DESC LIMIT 1
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
        WHERE p.cardholder_id = pairs.cardholder_id AND p.round_id = pairs.round_id AND p.unit_id = pairs.unit_id
        ORDER BY p.status = 'notified', p.updated_at DESC, p.id DESC LIMIT 1
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
        WHERE p.cardholder_id = pairs.cardholder_id AND p.round_id = pairs.round_id AND p.unit_id = pairs.unit_id
        ORDER BY p.status = 'notified', p.updated_at DESC, p.id DESC LIMIT 1
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
        WHERE p.cardholder_id = n.cardholder_id AND p.round_id = n.round_id AND p.unit_id = n.unit_id
        ORDER BY p.status = 'notified', p.updated_at DESC, p.id DESC LIMIT 1
    ) latest
    WHERE a.id = n.id AND a.ended_at IS NULL AND a.progress_status IS DISTINCT FROM latest.status$stmt$;
    RETURN NULL;
END $$;
"""

BACKFILL = """
UPDATE matching_assignment a SET progress_status = 'notified'
WHERE a.ended_at IS NULL AND a.progress_status = 'not_started'
  AND EXISTS (SELECT 1 FROM matching_progress p WHERE p.cardholder_id = a.cardholder_id AND p.round_id = a.round_id
              AND p.unit_id = a.unit_id AND p.status = 'notified');
"""

UNDO = "UPDATE matching_assignment SET progress_status = 'not_started' WHERE progress_status = 'notified';"


# Going back: the functions of 0002_rounds, where a notification never counted.
PREVIOUS = PROGRESS_SYNC.replace(
    "\n        ORDER BY p.status = 'notified', p.updated_at", " AND p.status <> 'notified'\n        ORDER BY p.updated_at"
)


class Migration(migrations.Migration):
    dependencies = [
        ("development", "0002_rounds"),
        ("matching", "0002_rounds"),
        ("reporting", "0002_rounds"),  # the summary triggers count the statuses this changes
    ]

    operations = [
        migrations.RunSQL(PROGRESS_SYNC + BACKFILL, UNDO + PREVIOUS),
    ]
