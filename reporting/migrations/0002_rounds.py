"""Programme rounds (issue 15): every summary keyed by round as well, the round's roster counted instead of
the register (summary_cardholders), and the triggers written again for that (reporting/summary_sql.py,
frozen here as literal SQL like the initial migration's), then every count rebuilt from the base tables."""

from django.db import migrations, models

# The triggers of the initial migration, and the counts they kept (without a round).
OLD_TRIGGERS = r"""
DROP TRIGGER IF EXISTS summary_people_insert ON cardholders_cardholder;
DROP TRIGGER IF EXISTS summary_people_update ON cardholders_cardholder;
DROP TRIGGER IF EXISTS summary_people_delete ON cardholders_cardholder;
DROP TRIGGER IF EXISTS summary_interview_insert ON cardholders_interview;
DROP TRIGGER IF EXISTS summary_interview_update ON cardholders_interview;
DROP TRIGGER IF EXISTS summary_interview_delete ON cardholders_interview;
DROP TRIGGER IF EXISTS summary_assignment_insert ON matching_assignment;
DROP TRIGGER IF EXISTS summary_assignment_update ON matching_assignment;
DROP TRIGGER IF EXISTS summary_assignment_delete ON matching_assignment;
DROP FUNCTION IF EXISTS summary_people_changed();
DROP FUNCTION IF EXISTS summary_interview_changed();
DROP FUNCTION IF EXISTS summary_assignment_changed();
DELETE FROM summary_cardholders;
DELETE FROM summary_interview_choice;
DELETE FROM summary_interview_need;
DELETE FROM summary_interview_training;
DELETE FROM summary_assignment_project;
DELETE FROM summary_assignment_status;
"""

SUMMARY_TRIGGERS = r"""
CREATE OR REPLACE FUNCTION summary_people_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('welfare.summaries_deferred', true) = 'on' THEN 
        EXECUTE $stmt$INSERT INTO pg_temp.summary_cardholders_pending (k0, k1, v0) SELECT d.k0, d.k1, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, count(*) FROM cardholders_rosterentry r JOIN (SELECT x.* FROM people_new x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id WHERE true GROUP BY 1, 2) AS d (k0, k1, v0) UNION ALL SELECT d.k0, d.k1, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, count(*) FROM cardholders_rosterentry r JOIN (SELECT x.* FROM people_old x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id WHERE true GROUP BY 1, 2) AS d (k0, k1, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_choice_pending (k0, k1, k2, k3, v0, v1, v2) SELECT d.k0, d.k1, d.k2, d.k3, 1 * d.v0, 1 * d.v1, 1 * d.v2 FROM (SELECT c.subdistrict_id, r.round_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM cardholders_interview r JOIN (SELECT x.* FROM people_new x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id WHERE r.is_current GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0, v1, v2) UNION ALL SELECT d.k0, d.k1, d.k2, d.k3, -1 * d.v0, -1 * d.v1, -1 * d.v2 FROM (SELECT c.subdistrict_id, r.round_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM cardholders_interview r JOIN (SELECT x.* FROM people_old x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id WHERE r.is_current GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0, v1, v2)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_need_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, need.code, count(*) FROM cardholders_interview r JOIN (SELECT x.* FROM people_new x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) UNION ALL SELECT d.k0, d.k1, d.k2, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, need.code, count(*) FROM cardholders_interview r JOIN (SELECT x.* FROM people_old x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_training_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, coalesce(r.skill_id, 0), count(*) FROM cardholders_interview r JOIN (SELECT x.* FROM people_new x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) UNION ALL SELECT d.k0, d.k1, d.k2, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, coalesce(r.skill_id, 0), count(*) FROM cardholders_interview r JOIN (SELECT x.* FROM people_old x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_assignment_project_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.project_id, count(*) FROM matching_assignment r JOIN (SELECT x.* FROM people_new x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) UNION ALL SELECT d.k0, d.k1, d.k2, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.project_id, count(*) FROM matching_assignment r JOIN (SELECT x.* FROM people_old x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_assignment_status_pending (k0, k1, k2, k3, v0) SELECT d.k0, d.k1, d.k2, d.k3, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.unit_id, r.progress_status, count(*) FROM matching_assignment r JOIN (SELECT x.* FROM people_new x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0) UNION ALL SELECT d.k0, d.k1, d.k2, d.k3, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.unit_id, r.progress_status, count(*) FROM matching_assignment r JOIN (SELECT x.* FROM people_old x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0)$stmt$;
    ELSE 
        EXECUTE $stmt$INSERT INTO summary_cardholders AS s (level, area, round, n)
        SELECT u.c0, u.c1, u.c2, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, count(*) FROM cardholders_rosterentry r JOIN (SELECT x.* FROM people_new x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id WHERE true GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, count(*) FROM cardholders_rosterentry r JOIN (SELECT x.* FROM people_old x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id WHERE true GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, v0)
        GROUP BY u.c0, u.c1, u.c2
        ORDER BY u.c0, u.c1, u.c2
        ON CONFLICT (level, area, round) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_choice AS s (level, area, round, choice_1, grp, n, n_needs, n_skill)
        SELECT u.c0, u.c1, u.c2, u.c3, u.c4, sum(u.sign * u.v0), sum(u.sign * u.v1), sum(u.sign * u.v2)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.k3, d.v0, d.v1, d.v2 FROM (SELECT c.subdistrict_id, r.round_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM cardholders_interview r JOIN (SELECT x.* FROM people_new x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id WHERE r.is_current GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0, v1, v2) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.k3, d.v0, d.v1, d.v2 FROM (SELECT c.subdistrict_id, r.round_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM cardholders_interview r JOIN (SELECT x.* FROM people_old x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id WHERE r.is_current GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0, v1, v2) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, c4, v0, v1, v2)
        GROUP BY u.c0, u.c1, u.c2, u.c3, u.c4
        ORDER BY u.c0, u.c1, u.c2, u.c3, u.c4
        ON CONFLICT (level, area, round, choice_1, grp) DO UPDATE SET n = s.n + EXCLUDED.n, n_needs = s.n_needs + EXCLUDED.n_needs, n_skill = s.n_skill + EXCLUDED.n_skill$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_need AS s (level, area, round, need, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, need.code, count(*) FROM cardholders_interview r JOIN (SELECT x.* FROM people_new x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, need.code, count(*) FROM cardholders_interview r JOIN (SELECT x.* FROM people_old x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, round, need) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_training AS s (level, area, round, skill, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, coalesce(r.skill_id, 0), count(*) FROM cardholders_interview r JOIN (SELECT x.* FROM people_new x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, coalesce(r.skill_id, 0), count(*) FROM cardholders_interview r JOIN (SELECT x.* FROM people_old x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, round, skill) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_assignment_project AS s (level, area, round, project, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.project_id, count(*) FROM matching_assignment r JOIN (SELECT x.* FROM people_new x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.project_id, count(*) FROM matching_assignment r JOIN (SELECT x.* FROM people_old x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, round, project) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_assignment_status AS s (level, area, round, unit, status, n)
        SELECT u.c0, u.c1, u.c2, u.c3, u.c4, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.k3, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.unit_id, r.progress_status, count(*) FROM matching_assignment r JOIN (SELECT x.* FROM people_new x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.k3, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.unit_id, r.progress_status, count(*) FROM matching_assignment r JOIN (SELECT x.* FROM people_old x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, c4, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3, u.c4
        ORDER BY u.c0, u.c1, u.c2, u.c3, u.c4
        ON CONFLICT (level, area, round, unit, status) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS summary_people_insert ON cardholders_cardholder;
DROP TRIGGER IF EXISTS summary_people_update ON cardholders_cardholder;
DROP TRIGGER IF EXISTS summary_people_delete ON cardholders_cardholder;
CREATE TRIGGER summary_people_update AFTER UPDATE ON cardholders_cardholder
    REFERENCING OLD TABLE AS people_old NEW TABLE AS people_new FOR EACH STATEMENT EXECUTE FUNCTION summary_people_changed();

CREATE OR REPLACE FUNCTION summary_roster_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('welfare.summaries_deferred', true) = 'on' THEN
        IF TG_OP = 'INSERT' THEN 
        EXECUTE $stmt$INSERT INTO pg_temp.summary_cardholders_pending (k0, k1, v0) SELECT d.k0, d.k1, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, count(*) FROM roster_new r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE true GROUP BY 1, 2) AS d (k0, k1, v0)$stmt$;
        ELSIF TG_OP = 'UPDATE' THEN 
        EXECUTE $stmt$INSERT INTO pg_temp.summary_cardholders_pending (k0, k1, v0) SELECT d.k0, d.k1, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, count(*) FROM (SELECT x.* FROM roster_new x JOIN roster_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE true GROUP BY 1, 2) AS d (k0, k1, v0) UNION ALL SELECT d.k0, d.k1, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, count(*) FROM (SELECT x.* FROM roster_old x JOIN roster_new y USING (id) WHERE ROW(x."cardholder_id", x."round_id") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE true GROUP BY 1, 2) AS d (k0, k1, v0)$stmt$;
        ELSE 
        EXECUTE $stmt$INSERT INTO pg_temp.summary_cardholders_pending (k0, k1, v0) SELECT d.k0, d.k1, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, count(*) FROM roster_old r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE true GROUP BY 1, 2) AS d (k0, k1, v0)$stmt$;
        END IF;
    ELSIF TG_OP = 'INSERT' THEN 
        EXECUTE $stmt$INSERT INTO summary_cardholders AS s (level, area, round, n)
        SELECT u.c0, u.c1, u.c2, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, count(*) FROM roster_new r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE true GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, v0)
        GROUP BY u.c0, u.c1, u.c2
        ORDER BY u.c0, u.c1, u.c2
        ON CONFLICT (level, area, round) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    ELSIF TG_OP = 'UPDATE' THEN 
        EXECUTE $stmt$INSERT INTO summary_cardholders AS s (level, area, round, n)
        SELECT u.c0, u.c1, u.c2, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, count(*) FROM (SELECT x.* FROM roster_new x JOIN roster_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE true GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, count(*) FROM (SELECT x.* FROM roster_old x JOIN roster_new y USING (id) WHERE ROW(x."cardholder_id", x."round_id") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE true GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, v0)
        GROUP BY u.c0, u.c1, u.c2
        ORDER BY u.c0, u.c1, u.c2
        ON CONFLICT (level, area, round) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    ELSE 
        EXECUTE $stmt$INSERT INTO summary_cardholders AS s (level, area, round, n)
        SELECT u.c0, u.c1, u.c2, sum(u.sign * u.v0)
        FROM (SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, count(*) FROM roster_old r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE true GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, v0)
        GROUP BY u.c0, u.c1, u.c2
        ORDER BY u.c0, u.c1, u.c2
        ON CONFLICT (level, area, round) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS summary_roster_insert ON cardholders_rosterentry;
DROP TRIGGER IF EXISTS summary_roster_update ON cardholders_rosterentry;
DROP TRIGGER IF EXISTS summary_roster_delete ON cardholders_rosterentry;
CREATE TRIGGER summary_roster_insert AFTER INSERT ON cardholders_rosterentry
    REFERENCING NEW TABLE AS roster_new FOR EACH STATEMENT EXECUTE FUNCTION summary_roster_changed();
CREATE TRIGGER summary_roster_update AFTER UPDATE ON cardholders_rosterentry
    REFERENCING OLD TABLE AS roster_old NEW TABLE AS roster_new FOR EACH STATEMENT EXECUTE FUNCTION summary_roster_changed();
CREATE TRIGGER summary_roster_delete AFTER DELETE ON cardholders_rosterentry
    REFERENCING OLD TABLE AS roster_old FOR EACH STATEMENT EXECUTE FUNCTION summary_roster_changed();

CREATE OR REPLACE FUNCTION summary_interview_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('welfare.summaries_deferred', true) = 'on' THEN
        IF TG_OP = 'INSERT' THEN 
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_choice_pending (k0, k1, k2, k3, v0, v1, v2) SELECT d.k0, d.k1, d.k2, d.k3, 1 * d.v0, 1 * d.v1, 1 * d.v2 FROM (SELECT c.subdistrict_id, r.round_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM interview_new r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.is_current GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0, v1, v2)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_need_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, need.code, count(*) FROM interview_new r JOIN cardholders_cardholder c ON c.id = r.cardholder_id CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_training_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, coalesce(r.skill_id, 0), count(*) FROM interview_new r JOIN cardholders_cardholder c ON c.id = r.cardholder_id JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        ELSIF TG_OP = 'UPDATE' THEN 
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_choice_pending (k0, k1, k2, k3, v0, v1, v2) SELECT d.k0, d.k1, d.k2, d.k3, 1 * d.v0, 1 * d.v1, 1 * d.v2 FROM (SELECT c.subdistrict_id, r.round_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM (SELECT x.* FROM interview_new x JOIN interview_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."choice_1_id", x."group", x."basic_needs", x."skill_id", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."choice_1_id", y."group", y."basic_needs", y."skill_id", y."is_current")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.is_current GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0, v1, v2) UNION ALL SELECT d.k0, d.k1, d.k2, d.k3, -1 * d.v0, -1 * d.v1, -1 * d.v2 FROM (SELECT c.subdistrict_id, r.round_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM (SELECT x.* FROM interview_old x JOIN interview_new y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."choice_1_id", x."group", x."basic_needs", x."skill_id", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."choice_1_id", y."group", y."basic_needs", y."skill_id", y."is_current")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.is_current GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0, v1, v2)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_need_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, need.code, count(*) FROM (SELECT x.* FROM interview_new x JOIN interview_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."basic_needs", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."basic_needs", y."is_current")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) UNION ALL SELECT d.k0, d.k1, d.k2, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, need.code, count(*) FROM (SELECT x.* FROM interview_old x JOIN interview_new y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."basic_needs", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."basic_needs", y."is_current")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_training_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, coalesce(r.skill_id, 0), count(*) FROM (SELECT x.* FROM interview_new x JOIN interview_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."skill_id", x."choice_1_id", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."skill_id", y."choice_1_id", y."is_current")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) UNION ALL SELECT d.k0, d.k1, d.k2, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, coalesce(r.skill_id, 0), count(*) FROM (SELECT x.* FROM interview_old x JOIN interview_new y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."skill_id", x."choice_1_id", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."skill_id", y."choice_1_id", y."is_current")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        ELSE 
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_choice_pending (k0, k1, k2, k3, v0, v1, v2) SELECT d.k0, d.k1, d.k2, d.k3, -1 * d.v0, -1 * d.v1, -1 * d.v2 FROM (SELECT c.subdistrict_id, r.round_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM interview_old r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.is_current GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0, v1, v2)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_need_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, need.code, count(*) FROM interview_old r JOIN cardholders_cardholder c ON c.id = r.cardholder_id CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_training_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, coalesce(r.skill_id, 0), count(*) FROM interview_old r JOIN cardholders_cardholder c ON c.id = r.cardholder_id JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        END IF;
    ELSIF TG_OP = 'INSERT' THEN 
        EXECUTE $stmt$INSERT INTO summary_interview_choice AS s (level, area, round, choice_1, grp, n, n_needs, n_skill)
        SELECT u.c0, u.c1, u.c2, u.c3, u.c4, sum(u.sign * u.v0), sum(u.sign * u.v1), sum(u.sign * u.v2)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.k3, d.v0, d.v1, d.v2 FROM (SELECT c.subdistrict_id, r.round_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM interview_new r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.is_current GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0, v1, v2) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, c4, v0, v1, v2)
        GROUP BY u.c0, u.c1, u.c2, u.c3, u.c4
        ORDER BY u.c0, u.c1, u.c2, u.c3, u.c4
        ON CONFLICT (level, area, round, choice_1, grp) DO UPDATE SET n = s.n + EXCLUDED.n, n_needs = s.n_needs + EXCLUDED.n_needs, n_skill = s.n_skill + EXCLUDED.n_skill$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_need AS s (level, area, round, need, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, need.code, count(*) FROM interview_new r JOIN cardholders_cardholder c ON c.id = r.cardholder_id CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, round, need) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_training AS s (level, area, round, skill, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, coalesce(r.skill_id, 0), count(*) FROM interview_new r JOIN cardholders_cardholder c ON c.id = r.cardholder_id JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, round, skill) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    ELSIF TG_OP = 'UPDATE' THEN 
        EXECUTE $stmt$INSERT INTO summary_interview_choice AS s (level, area, round, choice_1, grp, n, n_needs, n_skill)
        SELECT u.c0, u.c1, u.c2, u.c3, u.c4, sum(u.sign * u.v0), sum(u.sign * u.v1), sum(u.sign * u.v2)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.k3, d.v0, d.v1, d.v2 FROM (SELECT c.subdistrict_id, r.round_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM (SELECT x.* FROM interview_new x JOIN interview_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."choice_1_id", x."group", x."basic_needs", x."skill_id", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."choice_1_id", y."group", y."basic_needs", y."skill_id", y."is_current")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.is_current GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0, v1, v2) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.k3, d.v0, d.v1, d.v2 FROM (SELECT c.subdistrict_id, r.round_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM (SELECT x.* FROM interview_old x JOIN interview_new y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."choice_1_id", x."group", x."basic_needs", x."skill_id", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."choice_1_id", y."group", y."basic_needs", y."skill_id", y."is_current")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.is_current GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0, v1, v2) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, c4, v0, v1, v2)
        GROUP BY u.c0, u.c1, u.c2, u.c3, u.c4
        ORDER BY u.c0, u.c1, u.c2, u.c3, u.c4
        ON CONFLICT (level, area, round, choice_1, grp) DO UPDATE SET n = s.n + EXCLUDED.n, n_needs = s.n_needs + EXCLUDED.n_needs, n_skill = s.n_skill + EXCLUDED.n_skill$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_need AS s (level, area, round, need, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, need.code, count(*) FROM (SELECT x.* FROM interview_new x JOIN interview_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."basic_needs", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."basic_needs", y."is_current")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, need.code, count(*) FROM (SELECT x.* FROM interview_old x JOIN interview_new y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."basic_needs", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."basic_needs", y."is_current")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, round, need) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_training AS s (level, area, round, skill, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, coalesce(r.skill_id, 0), count(*) FROM (SELECT x.* FROM interview_new x JOIN interview_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."skill_id", x."choice_1_id", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."skill_id", y."choice_1_id", y."is_current")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, coalesce(r.skill_id, 0), count(*) FROM (SELECT x.* FROM interview_old x JOIN interview_new y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."skill_id", x."choice_1_id", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."skill_id", y."choice_1_id", y."is_current")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, round, skill) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    ELSE 
        EXECUTE $stmt$INSERT INTO summary_interview_choice AS s (level, area, round, choice_1, grp, n, n_needs, n_skill)
        SELECT u.c0, u.c1, u.c2, u.c3, u.c4, sum(u.sign * u.v0), sum(u.sign * u.v1), sum(u.sign * u.v2)
        FROM (SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.k3, d.v0, d.v1, d.v2 FROM (SELECT c.subdistrict_id, r.round_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM interview_old r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.is_current GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0, v1, v2) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, c4, v0, v1, v2)
        GROUP BY u.c0, u.c1, u.c2, u.c3, u.c4
        ORDER BY u.c0, u.c1, u.c2, u.c3, u.c4
        ON CONFLICT (level, area, round, choice_1, grp) DO UPDATE SET n = s.n + EXCLUDED.n, n_needs = s.n_needs + EXCLUDED.n_needs, n_skill = s.n_skill + EXCLUDED.n_skill$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_need AS s (level, area, round, need, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, need.code, count(*) FROM interview_old r JOIN cardholders_cardholder c ON c.id = r.cardholder_id CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, round, need) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_training AS s (level, area, round, skill, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, coalesce(r.skill_id, 0), count(*) FROM interview_old r JOIN cardholders_cardholder c ON c.id = r.cardholder_id JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, round, skill) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS summary_interview_insert ON cardholders_interview;
DROP TRIGGER IF EXISTS summary_interview_update ON cardholders_interview;
DROP TRIGGER IF EXISTS summary_interview_delete ON cardholders_interview;
CREATE TRIGGER summary_interview_insert AFTER INSERT ON cardholders_interview
    REFERENCING NEW TABLE AS interview_new FOR EACH STATEMENT EXECUTE FUNCTION summary_interview_changed();
CREATE TRIGGER summary_interview_update AFTER UPDATE ON cardholders_interview
    REFERENCING OLD TABLE AS interview_old NEW TABLE AS interview_new FOR EACH STATEMENT EXECUTE FUNCTION summary_interview_changed();
CREATE TRIGGER summary_interview_delete AFTER DELETE ON cardholders_interview
    REFERENCING OLD TABLE AS interview_old FOR EACH STATEMENT EXECUTE FUNCTION summary_interview_changed();

CREATE OR REPLACE FUNCTION summary_assignment_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('welfare.summaries_deferred', true) = 'on' THEN
        IF TG_OP = 'INSERT' THEN 
        EXECUTE $stmt$INSERT INTO pg_temp.summary_assignment_project_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.project_id, count(*) FROM assignment_new r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_assignment_status_pending (k0, k1, k2, k3, v0) SELECT d.k0, d.k1, d.k2, d.k3, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.unit_id, r.progress_status, count(*) FROM assignment_new r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0)$stmt$;
        ELSIF TG_OP = 'UPDATE' THEN 
        EXECUTE $stmt$INSERT INTO pg_temp.summary_assignment_project_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.project_id, count(*) FROM (SELECT x.* FROM assignment_new x JOIN assignment_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."project_id", x."ended_at") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."project_id", y."ended_at")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) UNION ALL SELECT d.k0, d.k1, d.k2, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.project_id, count(*) FROM (SELECT x.* FROM assignment_old x JOIN assignment_new y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."project_id", x."ended_at") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."project_id", y."ended_at")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_assignment_status_pending (k0, k1, k2, k3, v0) SELECT d.k0, d.k1, d.k2, d.k3, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.unit_id, r.progress_status, count(*) FROM (SELECT x.* FROM assignment_new x JOIN assignment_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."unit_id", x."progress_status", x."ended_at") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."unit_id", y."progress_status", y."ended_at")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0) UNION ALL SELECT d.k0, d.k1, d.k2, d.k3, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.unit_id, r.progress_status, count(*) FROM (SELECT x.* FROM assignment_old x JOIN assignment_new y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."unit_id", x."progress_status", x."ended_at") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."unit_id", y."progress_status", y."ended_at")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0)$stmt$;
        ELSE 
        EXECUTE $stmt$INSERT INTO pg_temp.summary_assignment_project_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.project_id, count(*) FROM assignment_old r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_assignment_status_pending (k0, k1, k2, k3, v0) SELECT d.k0, d.k1, d.k2, d.k3, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.unit_id, r.progress_status, count(*) FROM assignment_old r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0)$stmt$;
        END IF;
    ELSIF TG_OP = 'INSERT' THEN 
        EXECUTE $stmt$INSERT INTO summary_assignment_project AS s (level, area, round, project, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.project_id, count(*) FROM assignment_new r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, round, project) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_assignment_status AS s (level, area, round, unit, status, n)
        SELECT u.c0, u.c1, u.c2, u.c3, u.c4, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.k3, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.unit_id, r.progress_status, count(*) FROM assignment_new r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, c4, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3, u.c4
        ORDER BY u.c0, u.c1, u.c2, u.c3, u.c4
        ON CONFLICT (level, area, round, unit, status) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    ELSIF TG_OP = 'UPDATE' THEN 
        EXECUTE $stmt$INSERT INTO summary_assignment_project AS s (level, area, round, project, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.project_id, count(*) FROM (SELECT x.* FROM assignment_new x JOIN assignment_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."project_id", x."ended_at") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."project_id", y."ended_at")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.project_id, count(*) FROM (SELECT x.* FROM assignment_old x JOIN assignment_new y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."project_id", x."ended_at") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."project_id", y."ended_at")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, round, project) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_assignment_status AS s (level, area, round, unit, status, n)
        SELECT u.c0, u.c1, u.c2, u.c3, u.c4, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.k3, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.unit_id, r.progress_status, count(*) FROM (SELECT x.* FROM assignment_new x JOIN assignment_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."unit_id", x."progress_status", x."ended_at") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."unit_id", y."progress_status", y."ended_at")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.k3, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.unit_id, r.progress_status, count(*) FROM (SELECT x.* FROM assignment_old x JOIN assignment_new y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."unit_id", x."progress_status", x."ended_at") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."unit_id", y."progress_status", y."ended_at")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, c4, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3, u.c4
        ORDER BY u.c0, u.c1, u.c2, u.c3, u.c4
        ON CONFLICT (level, area, round, unit, status) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    ELSE 
        EXECUTE $stmt$INSERT INTO summary_assignment_project AS s (level, area, round, project, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.project_id, count(*) FROM assignment_old r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, round, project) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_assignment_status AS s (level, area, round, unit, status, n)
        SELECT u.c0, u.c1, u.c2, u.c3, u.c4, sum(u.sign * u.v0)
        FROM (SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.k3, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.unit_id, r.progress_status, count(*) FROM assignment_old r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, c4, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3, u.c4
        ORDER BY u.c0, u.c1, u.c2, u.c3, u.c4
        ON CONFLICT (level, area, round, unit, status) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS summary_assignment_insert ON matching_assignment;
DROP TRIGGER IF EXISTS summary_assignment_update ON matching_assignment;
DROP TRIGGER IF EXISTS summary_assignment_delete ON matching_assignment;
CREATE TRIGGER summary_assignment_insert AFTER INSERT ON matching_assignment
    REFERENCING NEW TABLE AS assignment_new FOR EACH STATEMENT EXECUTE FUNCTION summary_assignment_changed();
CREATE TRIGGER summary_assignment_update AFTER UPDATE ON matching_assignment
    REFERENCING OLD TABLE AS assignment_old NEW TABLE AS assignment_new FOR EACH STATEMENT EXECUTE FUNCTION summary_assignment_changed();
CREATE TRIGGER summary_assignment_delete AFTER DELETE ON matching_assignment
    REFERENCING OLD TABLE AS assignment_old FOR EACH STATEMENT EXECUTE FUNCTION summary_assignment_changed();
DELETE FROM summary_cardholders;
INSERT INTO summary_cardholders (level, area, round, n) SELECT e.c0, e.c1, e.c2, sum(e.v0)::bigint FROM (SELECT lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, count(*) FROM cardholders_rosterentry r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE true GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS e (c0, c1, c2, v0) GROUP BY e.c0, e.c1, e.c2;
DELETE FROM summary_interview_choice;
INSERT INTO summary_interview_choice (level, area, round, choice_1, grp, n, n_needs, n_skill) SELECT e.c0, e.c1, e.c2, e.c3, e.c4, sum(e.v0)::bigint, sum(e.v1)::bigint, sum(e.v2)::bigint FROM (SELECT lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.k3, d.v0, d.v1, d.v2 FROM (SELECT c.subdistrict_id, r.round_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM cardholders_interview r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.is_current GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0, v1, v2) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS e (c0, c1, c2, c3, c4, v0, v1, v2) GROUP BY e.c0, e.c1, e.c2, e.c3, e.c4;
DELETE FROM summary_interview_need;
INSERT INTO summary_interview_need (level, area, round, need, n) SELECT e.c0, e.c1, e.c2, e.c3, sum(e.v0)::bigint FROM (SELECT lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, need.code, count(*) FROM cardholders_interview r JOIN cardholders_cardholder c ON c.id = r.cardholder_id CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS e (c0, c1, c2, c3, v0) GROUP BY e.c0, e.c1, e.c2, e.c3;
DELETE FROM summary_interview_training;
INSERT INTO summary_interview_training (level, area, round, skill, n) SELECT e.c0, e.c1, e.c2, e.c3, sum(e.v0)::bigint FROM (SELECT lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, coalesce(r.skill_id, 0), count(*) FROM cardholders_interview r JOIN cardholders_cardholder c ON c.id = r.cardholder_id JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS e (c0, c1, c2, c3, v0) GROUP BY e.c0, e.c1, e.c2, e.c3;
DELETE FROM summary_assignment_project;
INSERT INTO summary_assignment_project (level, area, round, project, n) SELECT e.c0, e.c1, e.c2, e.c3, sum(e.v0)::bigint FROM (SELECT lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.project_id, count(*) FROM matching_assignment r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS e (c0, c1, c2, c3, v0) GROUP BY e.c0, e.c1, e.c2, e.c3;
DELETE FROM summary_assignment_status;
INSERT INTO summary_assignment_status (level, area, round, unit, status, n) SELECT e.c0, e.c1, e.c2, e.c3, e.c4, sum(e.v0)::bigint FROM (SELECT lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.k3, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.unit_id, r.progress_status, count(*) FROM matching_assignment r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS e (c0, c1, c2, c3, c4, v0) GROUP BY e.c0, e.c1, e.c2, e.c3, e.c4;
"""

class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0001_initial'),
        ('cardholders', '0002_rounds'),
        ('matching', '0002_rounds'),
        ('development', '0002_rounds'),
    ]

    operations = [
        migrations.RunSQL(OLD_TRIGGERS, migrations.RunSQL.noop),
        migrations.RemoveConstraint(
            model_name='summaryassignmentproject',
            name='summary_assignment_project_key',
        ),
        migrations.RemoveConstraint(
            model_name='summaryassignmentstatus',
            name='summary_assignment_status_key',
        ),
        migrations.RemoveConstraint(
            model_name='summarycardholders',
            name='summary_cardholders_key',
        ),
        migrations.RemoveConstraint(
            model_name='summaryinterviewchoice',
            name='summary_interview_choice_key',
        ),
        migrations.RemoveConstraint(
            model_name='summaryinterviewneed',
            name='summary_interview_need_key',
        ),
        migrations.RemoveConstraint(
            model_name='summaryinterviewtraining',
            name='summary_interview_training_key',
        ),
        migrations.AddField(
            model_name='summaryassignmentproject',
            name='round',
            field=models.SmallIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='summaryassignmentstatus',
            name='round',
            field=models.SmallIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='summarycardholders',
            name='round',
            field=models.SmallIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='summaryinterviewchoice',
            name='round',
            field=models.SmallIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='summaryinterviewneed',
            name='round',
            field=models.SmallIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='summaryinterviewtraining',
            name='round',
            field=models.SmallIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name='summaryassignmentproject',
            constraint=models.UniqueConstraint(fields=('round', 'level', 'area', 'project'), name='summary_assignment_project_key'),
        ),
        migrations.AddConstraint(
            model_name='summaryassignmentstatus',
            constraint=models.UniqueConstraint(fields=('round', 'level', 'area', 'unit', 'status'), name='summary_assignment_status_key'),
        ),
        migrations.AddConstraint(
            model_name='summarycardholders',
            constraint=models.UniqueConstraint(fields=('round', 'level', 'area'), name='summary_cardholders_key'),
        ),
        migrations.AddConstraint(
            model_name='summaryinterviewchoice',
            constraint=models.UniqueConstraint(fields=('round', 'level', 'area', 'choice_1', 'grp'), name='summary_interview_choice_key'),
        ),
        migrations.AddConstraint(
            model_name='summaryinterviewneed',
            constraint=models.UniqueConstraint(fields=('round', 'level', 'area', 'need'), name='summary_interview_need_key'),
        ),
        migrations.AddConstraint(
            model_name='summaryinterviewtraining',
            constraint=models.UniqueConstraint(fields=('round', 'level', 'area', 'skill'), name='summary_interview_training_key'),
        ),
        migrations.RunSQL(SUMMARY_TRIGGERS, migrations.RunSQL.noop),
    ]
