"""The rest of a made-up country: interviews and matching (progress: development/demo.py), generated in SQL so the whole
14.5-million-person country loads in minutes (no real person's data)."""

from django.db import connection

INTERVIEW_SHARE = 0.6  # about 6 in 10 card holders took the assessment


def load_interviews(*, seed: float = 0.2561, area: tuple[int, int] | None = None) -> int:
    """Current interviews for a share of everyone (of the subdistricts in the code range `area`, if given;
    on an empty interview table): ranked distinct choices, groups, needs, skills. No "without an interview
    yet" test: inside this very INSERT it would scan the rows being written and turn quadratic."""
    low, high = area or (None, None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [seed])
        cursor.execute(
            """
            WITH p AS (SELECT array_agg(id ORDER BY id) AS ids, count(*)::int AS n FROM welfare_portal_project),
                 s AS (SELECT array_agg(id ORDER BY id) AS ids, count(*)::int AS n FROM welfare_portal_skill),
                 b AS (SELECT array_agg(code ORDER BY id) AS codes, count(*)::int AS n FROM welfare_portal_basicneed),
                 picked AS (
                   SELECT c.id, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5
                   FROM cardholders_cardholder c
                   WHERE (%s::int IS NULL OR c.subdistrict_id BETWEEN %s AND %s) AND random() < %s
                 )
            INSERT INTO cardholders_interview (cardholder_id, round_id, interviewed_on, "group", choice_1_id, choice_2_id,
                choice_3_id, basic_needs, skill_id, is_current, channel, created_at, updated_at)
            SELECT picked.id, (SELECT welfare_current_round()),
                   date '2018-02-01' + (r1 * 230)::int,
                   CASE WHEN r2 < 0.7 THEN 1 ELSE 2 END,
                   p.ids[1 + c1],
                   CASE WHEN r3 < 0.8 THEN p.ids[1 + (c1 + 1 + floor(r4 * (p.n - 2))::int) %% p.n] END,
                   CASE WHEN r3 < 0.5 THEN p.ids[1 + (c1 + p.n - 1) %% p.n] END,
                   CASE WHEN r5 < 0.3 THEN ARRAY[b.codes[1 + (r5 * 100)::int %% b.n]]
                        WHEN r5 < 0.4 THEN ARRAY[b.codes[1 + (r5 * 100)::int %% b.n], b.codes[1 + ((r5 * 100)::int + 1) %% b.n]]
                        ELSE '{}'::varchar[] END,
                   CASE WHEN r4 < 0.4 THEN s.ids[1 + (r4 * 1000)::int %% s.n] END,
                   true, 'import', now(), now()
            FROM picked, p, s, b, LATERAL (SELECT LEAST((power(r2, 1.6) * p.n)::int, p.n - 1) AS c1) k
            """,
            [low, low, high, INTERVIEW_SHARE],
        )
        return cursor.rowcount


def set_demo_capacities() -> None:
    """Some projects are full in some provinces, so the demo shows rank 2 and 3 and the re-interview queue."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO matching_capacity (round_id, province_id, project_id, seats)
            SELECT (SELECT welfare_current_round()), i.province, i.project, (i.n * 0.6)::int FROM (
                SELECT c.subdistrict_id / 10000 AS province, iv.choice_1_id AS project, count(*) AS n
                FROM cardholders_interview iv JOIN cardholders_cardholder c ON c.id = iv.cardholder_id
                WHERE iv.is_current AND iv.round_id = (SELECT welfare_current_round()) GROUP BY 1, 2) i
            WHERE (i.province + i.project) %% 3 = 0
            ON CONFLICT DO NOTHING
            """,
            [],
        )
