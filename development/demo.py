"""Made-up progress for the demo country, generated in SQL (no real person's data)."""

from django.db import connection


def load_progress(*, seed: float = 0.2561, province: int | None = None) -> int:
    """Progress in every status for about 70% of the assigned (of one development province, if given)."""
    only = " AND a.round_id = (SELECT welfare_current_round())" + (
        "" if province is None else f" AND a.development_province_id = {int(province)}"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [seed])
        # One statement: the assignments' statuses are set from the rows just inserted (what the progress
        # trigger, off during demo loads, would do: one progress row per assignment here, so its status is
        # the agency's last report), instead of joining the whole progress table again per province.
        cursor.execute(
            """
            WITH inserted AS (
                INSERT INTO matching_progress (cardholder_id, round_id, assignment_id, unit_id, project_id,
                    development_province_id, status, started_on, ended_on, version, updated_at, channel)
                SELECT a.cardholder_id, a.round_id, a.id, a.unit_id, a.project_id, a.development_province_id, st.status,
                       CASE WHEN st.status <> 'notified' THEN date '2018-07-01' + (r * 60)::int END,
                       CASE WHEN st.status IN ('completed', 'not_completed') THEN date '2018-09-15' + (r * 60)::int END,
                       1, now(), 'import'
                FROM (SELECT a.*, random() AS r FROM matching_assignment a WHERE a.ended_at IS NULL{only}) a
                CROSS JOIN LATERAL (SELECT CASE WHEN a.r < 0.10 THEN 'notified' WHEN a.r < 0.40 THEN 'in_progress'
                                                WHEN a.r < 0.65 THEN 'completed' WHEN a.r < 0.70 THEN 'not_completed' END AS status) st
                WHERE st.status IS NOT NULL
                ON CONFLICT DO NOTHING
                RETURNING assignment_id, status
            ), updated AS (  -- the province's filter again, so this reads its index, not every assignment
                UPDATE matching_assignment a SET progress_status = inserted.status FROM inserted
                WHERE a.id = inserted.assignment_id AND a.ended_at IS NULL{only}
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM inserted), (SELECT count(*) FROM updated)
            """.replace("{only}", only)
        )
        return cursor.fetchone()[0]
