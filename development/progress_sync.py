"""Keep Assignment.progress_status equal to the status the agency last reported (a database trigger, so
form 4.1, progress files and any SQL all keep it right, in the same transaction): the last development
status, else "notified" when the agency has only told the person, else not started. Page 4.2 counts the
notified from the summary of these statuses instead of probing the progress rows of every person."""


def _latest(person: str, unit: str, round_: str) -> str:
    """The status the agency last reported for the person in the round: a notification counts only while no
    development status was reported (a later notice does not undo a start). One row, read by the progress
    index."""
    return f"""SELECT p.status FROM matching_progress p
        WHERE p.cardholder_id = {person} AND p.round_id = {round_} AND p.unit_id = {unit}
        ORDER BY p.status = 'notified', p.updated_at DESC, p.id DESC LIMIT 1"""


_SYNC = (
    """
    EXECUTE $stmt$UPDATE matching_assignment a SET progress_status = coalesce(latest.status, 'not_started')
    FROM ({pairs}) pairs
    LEFT JOIN LATERAL (
        """
    + _latest("pairs.cardholder_id", "pairs.unit_id", "pairs.round_id")
    + """
    ) latest ON true
    WHERE a.cardholder_id = pairs.cardholder_id AND a.round_id = pairs.round_id AND a.unit_id = pairs.unit_id
      AND a.ended_at IS NULL
      -- the pairs' active assignments fetched by index (ARRAY), never every assignment hashed per statement
      AND a.id = ANY(ARRAY(SELECT (SELECT x.id FROM matching_assignment x WHERE x.cardholder_id = q.cardholder_id
                                   AND x.round_id = q.round_id AND x.ended_at IS NULL AND x.unit_id = q.unit_id)
                           FROM ({pairs}) q))
      AND a.progress_status IS DISTINCT FROM coalesce(latest.status, 'not_started')$stmt$;
"""
)
_NEW = "SELECT DISTINCT cardholder_id, round_id, unit_id FROM progress_new"
_OLD = "SELECT DISTINCT cardholder_id, round_id, unit_id FROM progress_old"

FUNCTION = (
    """
CREATE OR REPLACE FUNCTION matching_progress_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN"""
    + _SYNC.format(pairs=_NEW)
    + """    ELSIF TG_OP = 'UPDATE' THEN"""
    + _SYNC.format(pairs=f"{_NEW} UNION {_OLD}")
    + """    ELSE"""
    + _SYNC.format(pairs=_OLD)
    + """    END IF;
    RETURN NULL;
END $$;

"""
)
FUNCTION += (
    """CREATE OR REPLACE FUNCTION matching_assignment_status_init() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A new decision for the same agency keeps what the agency already reported. Planned at each call
    -- (EXECUTE), not once per session for the first call's rows (see reporting.summary_sql.planned_per_call).
    EXECUTE $stmt$UPDATE matching_assignment a SET progress_status = latest.status
    FROM assignment_new n
    CROSS JOIN LATERAL (
        """
    + _latest("n.cardholder_id", "n.unit_id", "n.round_id")
    + """
    ) latest
    WHERE a.id = n.id AND a.ended_at IS NULL AND a.progress_status IS DISTINCT FROM latest.status$stmt$;
    RETURN NULL;
END $$;
"""
)

TRIGGERS = """
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

BACKFILL = f"""
UPDATE matching_assignment a SET progress_status = coalesce((
    {_latest("a.cardholder_id", "a.unit_id", "a.round_id")}), 'not_started')
WHERE a.ended_at IS NULL;
"""

REVERSE = """
DROP TRIGGER IF EXISTS progress_sync_insert ON matching_progress;
DROP TRIGGER IF EXISTS progress_sync_update ON matching_progress;
DROP TRIGGER IF EXISTS progress_sync_delete ON matching_progress;
DROP TRIGGER IF EXISTS assignment_status_init ON matching_assignment;
DROP FUNCTION IF EXISTS matching_progress_sync();
DROP FUNCTION IF EXISTS matching_assignment_status_init();
"""
