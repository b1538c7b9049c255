"""The summary tables, their statement-level triggers (reporting/summary_sql.py, frozen here as literal SQL:
a later change to that module does not change what this migration does). Last of the apps, so every table
the triggers name exists. (The audit trail's triggers plan their statement at each call: welfare_portal/audit.py.)
"""

from django.db import migrations, models

SUMMARY_TRIGGERS = r"""
CREATE OR REPLACE FUNCTION public.summary_assignment_changed()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    IF current_setting('welfare.summaries_deferred', true) = 'on' THEN
        IF TG_OP = 'INSERT' THEN
        EXECUTE $stmt$INSERT INTO pg_temp.summary_assignment_project_pending (k0, k1, v0) SELECT d.k0, d.k1, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.project_id, count(*) FROM assignment_new r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2) AS d (k0, k1, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_assignment_status_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.unit_id, r.progress_status, count(*) FROM assignment_new r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        ELSIF TG_OP = 'UPDATE' THEN
        EXECUTE $stmt$INSERT INTO pg_temp.summary_assignment_project_pending (k0, k1, v0) SELECT d.k0, d.k1, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.project_id, count(*) FROM (SELECT x.* FROM assignment_new x JOIN assignment_old y USING (id) WHERE ROW(x."cardholder_id", x."project_id", x."ended_at") IS DISTINCT FROM ROW(y."cardholder_id", y."project_id", y."ended_at")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2) AS d (k0, k1, v0) UNION ALL SELECT d.k0, d.k1, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.project_id, count(*) FROM (SELECT x.* FROM assignment_old x JOIN assignment_new y USING (id) WHERE ROW(x."cardholder_id", x."project_id", x."ended_at") IS DISTINCT FROM ROW(y."cardholder_id", y."project_id", y."ended_at")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2) AS d (k0, k1, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_assignment_status_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.unit_id, r.progress_status, count(*) FROM (SELECT x.* FROM assignment_new x JOIN assignment_old y USING (id) WHERE ROW(x."cardholder_id", x."unit_id", x."progress_status", x."ended_at") IS DISTINCT FROM ROW(y."cardholder_id", y."unit_id", y."progress_status", y."ended_at")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) UNION ALL SELECT d.k0, d.k1, d.k2, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.unit_id, r.progress_status, count(*) FROM (SELECT x.* FROM assignment_old x JOIN assignment_new y USING (id) WHERE ROW(x."cardholder_id", x."unit_id", x."progress_status", x."ended_at") IS DISTINCT FROM ROW(y."cardholder_id", y."unit_id", y."progress_status", y."ended_at")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        ELSE
        EXECUTE $stmt$INSERT INTO pg_temp.summary_assignment_project_pending (k0, k1, v0) SELECT d.k0, d.k1, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.project_id, count(*) FROM assignment_old r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2) AS d (k0, k1, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_assignment_status_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.unit_id, r.progress_status, count(*) FROM assignment_old r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        END IF;
    ELSIF TG_OP = 'INSERT' THEN
        EXECUTE $stmt$INSERT INTO summary_assignment_project AS s (level, area, project, n)
        SELECT u.c0, u.c1, u.c2, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, r.project_id, count(*) FROM assignment_new r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, v0)
        GROUP BY u.c0, u.c1, u.c2
        ORDER BY u.c0, u.c1, u.c2
        ON CONFLICT (level, area, project) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_assignment_status AS s (level, area, unit, status, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.unit_id, r.progress_status, count(*) FROM assignment_new r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, unit, status) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    ELSIF TG_OP = 'UPDATE' THEN
        EXECUTE $stmt$INSERT INTO summary_assignment_project AS s (level, area, project, n)
        SELECT u.c0, u.c1, u.c2, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, r.project_id, count(*) FROM (SELECT x.* FROM assignment_new x JOIN assignment_old y USING (id) WHERE ROW(x."cardholder_id", x."project_id", x."ended_at") IS DISTINCT FROM ROW(y."cardholder_id", y."project_id", y."ended_at")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, r.project_id, count(*) FROM (SELECT x.* FROM assignment_old x JOIN assignment_new y USING (id) WHERE ROW(x."cardholder_id", x."project_id", x."ended_at") IS DISTINCT FROM ROW(y."cardholder_id", y."project_id", y."ended_at")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, v0)
        GROUP BY u.c0, u.c1, u.c2
        ORDER BY u.c0, u.c1, u.c2
        ON CONFLICT (level, area, project) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_assignment_status AS s (level, area, unit, status, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.unit_id, r.progress_status, count(*) FROM (SELECT x.* FROM assignment_new x JOIN assignment_old y USING (id) WHERE ROW(x."cardholder_id", x."unit_id", x."progress_status", x."ended_at") IS DISTINCT FROM ROW(y."cardholder_id", y."unit_id", y."progress_status", y."ended_at")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.unit_id, r.progress_status, count(*) FROM (SELECT x.* FROM assignment_old x JOIN assignment_new y USING (id) WHERE ROW(x."cardholder_id", x."unit_id", x."progress_status", x."ended_at") IS DISTINCT FROM ROW(y."cardholder_id", y."unit_id", y."progress_status", y."ended_at")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, unit, status) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    ELSE
        EXECUTE $stmt$INSERT INTO summary_assignment_project AS s (level, area, project, n)
        SELECT u.c0, u.c1, u.c2, sum(u.sign * u.v0)
        FROM (SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, r.project_id, count(*) FROM assignment_old r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, v0)
        GROUP BY u.c0, u.c1, u.c2
        ORDER BY u.c0, u.c1, u.c2
        ON CONFLICT (level, area, project) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_assignment_status AS s (level, area, unit, status, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.unit_id, r.progress_status, count(*) FROM assignment_old r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, unit, status) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    END IF;
    RETURN NULL;
END $function$;

CREATE OR REPLACE FUNCTION public.summary_interview_changed()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    IF current_setting('welfare.summaries_deferred', true) = 'on' THEN
        IF TG_OP = 'INSERT' THEN
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_choice_pending (k0, k1, k2, v0, v1, v2) SELECT d.k0, d.k1, d.k2, 1 * d.v0, 1 * d.v1, 1 * d.v2 FROM (SELECT c.subdistrict_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM interview_new r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0, v1, v2)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_need_pending (k0, k1, v0) SELECT d.k0, d.k1, 1 * d.v0 FROM (SELECT c.subdistrict_id, need.code, count(*) FROM interview_new r JOIN cardholders_cardholder c ON c.id = r.cardholder_id CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2) AS d (k0, k1, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_training_pending (k0, k1, v0) SELECT d.k0, d.k1, 1 * d.v0 FROM (SELECT c.subdistrict_id, coalesce(r.skill_id, 0), count(*) FROM interview_new r JOIN cardholders_cardholder c ON c.id = r.cardholder_id JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2) AS d (k0, k1, v0)$stmt$;
        ELSIF TG_OP = 'UPDATE' THEN
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_choice_pending (k0, k1, k2, v0, v1, v2) SELECT d.k0, d.k1, d.k2, 1 * d.v0, 1 * d.v1, 1 * d.v2 FROM (SELECT c.subdistrict_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM (SELECT x.* FROM interview_new x JOIN interview_old y USING (id) WHERE ROW(x."cardholder_id", x."choice_1_id", x."group", x."basic_needs", x."skill_id", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."choice_1_id", y."group", y."basic_needs", y."skill_id", y."is_current")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0, v1, v2) UNION ALL SELECT d.k0, d.k1, d.k2, -1 * d.v0, -1 * d.v1, -1 * d.v2 FROM (SELECT c.subdistrict_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM (SELECT x.* FROM interview_old x JOIN interview_new y USING (id) WHERE ROW(x."cardholder_id", x."choice_1_id", x."group", x."basic_needs", x."skill_id", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."choice_1_id", y."group", y."basic_needs", y."skill_id", y."is_current")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0, v1, v2)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_need_pending (k0, k1, v0) SELECT d.k0, d.k1, 1 * d.v0 FROM (SELECT c.subdistrict_id, need.code, count(*) FROM (SELECT x.* FROM interview_new x JOIN interview_old y USING (id) WHERE ROW(x."cardholder_id", x."basic_needs", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."basic_needs", y."is_current")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2) AS d (k0, k1, v0) UNION ALL SELECT d.k0, d.k1, -1 * d.v0 FROM (SELECT c.subdistrict_id, need.code, count(*) FROM (SELECT x.* FROM interview_old x JOIN interview_new y USING (id) WHERE ROW(x."cardholder_id", x."basic_needs", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."basic_needs", y."is_current")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2) AS d (k0, k1, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_training_pending (k0, k1, v0) SELECT d.k0, d.k1, 1 * d.v0 FROM (SELECT c.subdistrict_id, coalesce(r.skill_id, 0), count(*) FROM (SELECT x.* FROM interview_new x JOIN interview_old y USING (id) WHERE ROW(x."cardholder_id", x."skill_id", x."choice_1_id", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."skill_id", y."choice_1_id", y."is_current")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2) AS d (k0, k1, v0) UNION ALL SELECT d.k0, d.k1, -1 * d.v0 FROM (SELECT c.subdistrict_id, coalesce(r.skill_id, 0), count(*) FROM (SELECT x.* FROM interview_old x JOIN interview_new y USING (id) WHERE ROW(x."cardholder_id", x."skill_id", x."choice_1_id", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."skill_id", y."choice_1_id", y."is_current")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2) AS d (k0, k1, v0)$stmt$;
        ELSE
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_choice_pending (k0, k1, k2, v0, v1, v2) SELECT d.k0, d.k1, d.k2, -1 * d.v0, -1 * d.v1, -1 * d.v2 FROM (SELECT c.subdistrict_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM interview_old r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0, v1, v2)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_need_pending (k0, k1, v0) SELECT d.k0, d.k1, -1 * d.v0 FROM (SELECT c.subdistrict_id, need.code, count(*) FROM interview_old r JOIN cardholders_cardholder c ON c.id = r.cardholder_id CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2) AS d (k0, k1, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_training_pending (k0, k1, v0) SELECT d.k0, d.k1, -1 * d.v0 FROM (SELECT c.subdistrict_id, coalesce(r.skill_id, 0), count(*) FROM interview_old r JOIN cardholders_cardholder c ON c.id = r.cardholder_id JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2) AS d (k0, k1, v0)$stmt$;
        END IF;
    ELSIF TG_OP = 'INSERT' THEN
        EXECUTE $stmt$INSERT INTO summary_interview_choice AS s (level, area, choice_1, grp, n, n_needs, n_skill)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0), sum(u.sign * u.v1), sum(u.sign * u.v2)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0, d.v1, d.v2 FROM (SELECT c.subdistrict_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM interview_new r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0, v1, v2) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0, v1, v2)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, choice_1, grp) DO UPDATE SET n = s.n + EXCLUDED.n, n_needs = s.n_needs + EXCLUDED.n_needs, n_skill = s.n_skill + EXCLUDED.n_skill$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_need AS s (level, area, need, n)
        SELECT u.c0, u.c1, u.c2, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, need.code, count(*) FROM interview_new r JOIN cardholders_cardholder c ON c.id = r.cardholder_id CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, v0)
        GROUP BY u.c0, u.c1, u.c2
        ORDER BY u.c0, u.c1, u.c2
        ON CONFLICT (level, area, need) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_training AS s (level, area, skill, n)
        SELECT u.c0, u.c1, u.c2, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, coalesce(r.skill_id, 0), count(*) FROM interview_new r JOIN cardholders_cardholder c ON c.id = r.cardholder_id JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, v0)
        GROUP BY u.c0, u.c1, u.c2
        ORDER BY u.c0, u.c1, u.c2
        ON CONFLICT (level, area, skill) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    ELSIF TG_OP = 'UPDATE' THEN
        EXECUTE $stmt$INSERT INTO summary_interview_choice AS s (level, area, choice_1, grp, n, n_needs, n_skill)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0), sum(u.sign * u.v1), sum(u.sign * u.v2)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0, d.v1, d.v2 FROM (SELECT c.subdistrict_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM (SELECT x.* FROM interview_new x JOIN interview_old y USING (id) WHERE ROW(x."cardholder_id", x."choice_1_id", x."group", x."basic_needs", x."skill_id", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."choice_1_id", y."group", y."basic_needs", y."skill_id", y."is_current")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0, v1, v2) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0, d.v1, d.v2 FROM (SELECT c.subdistrict_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM (SELECT x.* FROM interview_old x JOIN interview_new y USING (id) WHERE ROW(x."cardholder_id", x."choice_1_id", x."group", x."basic_needs", x."skill_id", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."choice_1_id", y."group", y."basic_needs", y."skill_id", y."is_current")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0, v1, v2) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0, v1, v2)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, choice_1, grp) DO UPDATE SET n = s.n + EXCLUDED.n, n_needs = s.n_needs + EXCLUDED.n_needs, n_skill = s.n_skill + EXCLUDED.n_skill$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_need AS s (level, area, need, n)
        SELECT u.c0, u.c1, u.c2, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, need.code, count(*) FROM (SELECT x.* FROM interview_new x JOIN interview_old y USING (id) WHERE ROW(x."cardholder_id", x."basic_needs", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."basic_needs", y."is_current")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, need.code, count(*) FROM (SELECT x.* FROM interview_old x JOIN interview_new y USING (id) WHERE ROW(x."cardholder_id", x."basic_needs", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."basic_needs", y."is_current")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, v0)
        GROUP BY u.c0, u.c1, u.c2
        ORDER BY u.c0, u.c1, u.c2
        ON CONFLICT (level, area, need) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_training AS s (level, area, skill, n)
        SELECT u.c0, u.c1, u.c2, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, coalesce(r.skill_id, 0), count(*) FROM (SELECT x.* FROM interview_new x JOIN interview_old y USING (id) WHERE ROW(x."cardholder_id", x."skill_id", x."choice_1_id", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."skill_id", y."choice_1_id", y."is_current")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, coalesce(r.skill_id, 0), count(*) FROM (SELECT x.* FROM interview_old x JOIN interview_new y USING (id) WHERE ROW(x."cardholder_id", x."skill_id", x."choice_1_id", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."skill_id", y."choice_1_id", y."is_current")) r JOIN cardholders_cardholder c ON c.id = r.cardholder_id JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, v0)
        GROUP BY u.c0, u.c1, u.c2
        ORDER BY u.c0, u.c1, u.c2
        ON CONFLICT (level, area, skill) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    ELSE
        EXECUTE $stmt$INSERT INTO summary_interview_choice AS s (level, area, choice_1, grp, n, n_needs, n_skill)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0), sum(u.sign * u.v1), sum(u.sign * u.v2)
        FROM (SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0, d.v1, d.v2 FROM (SELECT c.subdistrict_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM interview_old r JOIN cardholders_cardholder c ON c.id = r.cardholder_id WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0, v1, v2) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0, v1, v2)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, choice_1, grp) DO UPDATE SET n = s.n + EXCLUDED.n, n_needs = s.n_needs + EXCLUDED.n_needs, n_skill = s.n_skill + EXCLUDED.n_skill$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_need AS s (level, area, need, n)
        SELECT u.c0, u.c1, u.c2, sum(u.sign * u.v0)
        FROM (SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, need.code, count(*) FROM interview_old r JOIN cardholders_cardholder c ON c.id = r.cardholder_id CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, v0)
        GROUP BY u.c0, u.c1, u.c2
        ORDER BY u.c0, u.c1, u.c2
        ON CONFLICT (level, area, need) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_training AS s (level, area, skill, n)
        SELECT u.c0, u.c1, u.c2, sum(u.sign * u.v0)
        FROM (SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, coalesce(r.skill_id, 0), count(*) FROM interview_old r JOIN cardholders_cardholder c ON c.id = r.cardholder_id JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, v0)
        GROUP BY u.c0, u.c1, u.c2
        ORDER BY u.c0, u.c1, u.c2
        ON CONFLICT (level, area, skill) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    END IF;
    RETURN NULL;
END $function$;

CREATE OR REPLACE FUNCTION public.summary_people_changed()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    IF current_setting('welfare.summaries_deferred', true) = 'on' THEN
        IF TG_OP = 'INSERT' THEN
        EXECUTE $stmt$INSERT INTO pg_temp.summary_cardholders_pending (k0, v0) SELECT d.k0, 1 * d.v0 FROM (SELECT c.subdistrict_id, count(*) FROM people_new c WHERE true GROUP BY 1) AS d (k0, v0)$stmt$;
        ELSIF TG_OP = 'UPDATE' THEN
        EXECUTE $stmt$INSERT INTO pg_temp.summary_cardholders_pending (k0, v0) SELECT d.k0, 1 * d.v0 FROM (SELECT c.subdistrict_id, count(*) FROM (SELECT x.* FROM people_new x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c WHERE true GROUP BY 1) AS d (k0, v0) UNION ALL SELECT d.k0, -1 * d.v0 FROM (SELECT c.subdistrict_id, count(*) FROM (SELECT x.* FROM people_old x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c WHERE true GROUP BY 1) AS d (k0, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_choice_pending (k0, k1, k2, v0, v1, v2) SELECT d.k0, d.k1, d.k2, 1 * d.v0, 1 * d.v1, 1 * d.v2 FROM (SELECT c.subdistrict_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM cardholders_interview r JOIN (SELECT x.* FROM people_new x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0, v1, v2) UNION ALL SELECT d.k0, d.k1, d.k2, -1 * d.v0, -1 * d.v1, -1 * d.v2 FROM (SELECT c.subdistrict_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM cardholders_interview r JOIN (SELECT x.* FROM people_old x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0, v1, v2)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_need_pending (k0, k1, v0) SELECT d.k0, d.k1, 1 * d.v0 FROM (SELECT c.subdistrict_id, need.code, count(*) FROM cardholders_interview r JOIN (SELECT x.* FROM people_new x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2) AS d (k0, k1, v0) UNION ALL SELECT d.k0, d.k1, -1 * d.v0 FROM (SELECT c.subdistrict_id, need.code, count(*) FROM cardholders_interview r JOIN (SELECT x.* FROM people_old x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2) AS d (k0, k1, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_training_pending (k0, k1, v0) SELECT d.k0, d.k1, 1 * d.v0 FROM (SELECT c.subdistrict_id, coalesce(r.skill_id, 0), count(*) FROM cardholders_interview r JOIN (SELECT x.* FROM people_new x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2) AS d (k0, k1, v0) UNION ALL SELECT d.k0, d.k1, -1 * d.v0 FROM (SELECT c.subdistrict_id, coalesce(r.skill_id, 0), count(*) FROM cardholders_interview r JOIN (SELECT x.* FROM people_old x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2) AS d (k0, k1, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_assignment_project_pending (k0, k1, v0) SELECT d.k0, d.k1, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.project_id, count(*) FROM matching_assignment r JOIN (SELECT x.* FROM people_new x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2) AS d (k0, k1, v0) UNION ALL SELECT d.k0, d.k1, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.project_id, count(*) FROM matching_assignment r JOIN (SELECT x.* FROM people_old x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2) AS d (k0, k1, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_assignment_status_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.unit_id, r.progress_status, count(*) FROM matching_assignment r JOIN (SELECT x.* FROM people_new x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) UNION ALL SELECT d.k0, d.k1, d.k2, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.unit_id, r.progress_status, count(*) FROM matching_assignment r JOIN (SELECT x.* FROM people_old x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        ELSE
        EXECUTE $stmt$INSERT INTO pg_temp.summary_cardholders_pending (k0, v0) SELECT d.k0, -1 * d.v0 FROM (SELECT c.subdistrict_id, count(*) FROM people_old c WHERE true GROUP BY 1) AS d (k0, v0)$stmt$;
        END IF;
    ELSIF TG_OP = 'INSERT' THEN
        EXECUTE $stmt$INSERT INTO summary_cardholders AS s (level, area, n)
        SELECT u.c0, u.c1, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.v0 FROM (SELECT c.subdistrict_id, count(*) FROM people_new c WHERE true GROUP BY 1) AS d (k0, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, v0)
        GROUP BY u.c0, u.c1
        ORDER BY u.c0, u.c1
        ON CONFLICT (level, area) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    ELSIF TG_OP = 'UPDATE' THEN
        EXECUTE $stmt$INSERT INTO summary_cardholders AS s (level, area, n)
        SELECT u.c0, u.c1, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.v0 FROM (SELECT c.subdistrict_id, count(*) FROM (SELECT x.* FROM people_new x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c WHERE true GROUP BY 1) AS d (k0, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.v0 FROM (SELECT c.subdistrict_id, count(*) FROM (SELECT x.* FROM people_old x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c WHERE true GROUP BY 1) AS d (k0, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, v0)
        GROUP BY u.c0, u.c1
        ORDER BY u.c0, u.c1
        ON CONFLICT (level, area) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_choice AS s (level, area, choice_1, grp, n, n_needs, n_skill)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0), sum(u.sign * u.v1), sum(u.sign * u.v2)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0, d.v1, d.v2 FROM (SELECT c.subdistrict_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM cardholders_interview r JOIN (SELECT x.* FROM people_new x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0, v1, v2) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0, d.v1, d.v2 FROM (SELECT c.subdistrict_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM cardholders_interview r JOIN (SELECT x.* FROM people_old x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0, v1, v2) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0, v1, v2)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, choice_1, grp) DO UPDATE SET n = s.n + EXCLUDED.n, n_needs = s.n_needs + EXCLUDED.n_needs, n_skill = s.n_skill + EXCLUDED.n_skill$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_need AS s (level, area, need, n)
        SELECT u.c0, u.c1, u.c2, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, need.code, count(*) FROM cardholders_interview r JOIN (SELECT x.* FROM people_new x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, need.code, count(*) FROM cardholders_interview r JOIN (SELECT x.* FROM people_old x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, v0)
        GROUP BY u.c0, u.c1, u.c2
        ORDER BY u.c0, u.c1, u.c2
        ON CONFLICT (level, area, need) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_training AS s (level, area, skill, n)
        SELECT u.c0, u.c1, u.c2, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, coalesce(r.skill_id, 0), count(*) FROM cardholders_interview r JOIN (SELECT x.* FROM people_new x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, coalesce(r.skill_id, 0), count(*) FROM cardholders_interview r JOIN (SELECT x.* FROM people_old x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, v0)
        GROUP BY u.c0, u.c1, u.c2
        ORDER BY u.c0, u.c1, u.c2
        ON CONFLICT (level, area, skill) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_assignment_project AS s (level, area, project, n)
        SELECT u.c0, u.c1, u.c2, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, r.project_id, count(*) FROM matching_assignment r JOIN (SELECT x.* FROM people_new x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, r.project_id, count(*) FROM matching_assignment r JOIN (SELECT x.* FROM people_old x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, v0)
        GROUP BY u.c0, u.c1, u.c2
        ORDER BY u.c0, u.c1, u.c2
        ON CONFLICT (level, area, project) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_assignment_status AS s (level, area, unit, status, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.unit_id, r.progress_status, count(*) FROM matching_assignment r JOIN (SELECT x.* FROM people_new x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.unit_id, r.progress_status, count(*) FROM matching_assignment r JOIN (SELECT x.* FROM people_old x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id) c ON c.id = r.cardholder_id WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, unit, status) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    ELSE
        EXECUTE $stmt$INSERT INTO summary_cardholders AS s (level, area, n)
        SELECT u.c0, u.c1, sum(u.sign * u.v0)
        FROM (SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.v0 FROM (SELECT c.subdistrict_id, count(*) FROM people_old c WHERE true GROUP BY 1) AS d (k0, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, v0)
        GROUP BY u.c0, u.c1
        ORDER BY u.c0, u.c1
        ON CONFLICT (level, area) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    END IF;
    RETURN NULL;
END $function$;

CREATE TRIGGER summary_people_delete AFTER DELETE ON public.cardholders_cardholder REFERENCING OLD TABLE AS people_old FOR EACH STATEMENT EXECUTE FUNCTION summary_people_changed();
CREATE TRIGGER summary_people_insert AFTER INSERT ON public.cardholders_cardholder REFERENCING NEW TABLE AS people_new FOR EACH STATEMENT EXECUTE FUNCTION summary_people_changed();
CREATE TRIGGER summary_people_update AFTER UPDATE ON public.cardholders_cardholder REFERENCING OLD TABLE AS people_old NEW TABLE AS people_new FOR EACH STATEMENT EXECUTE FUNCTION summary_people_changed();
CREATE TRIGGER summary_interview_delete AFTER DELETE ON public.cardholders_interview REFERENCING OLD TABLE AS interview_old FOR EACH STATEMENT EXECUTE FUNCTION summary_interview_changed();
CREATE TRIGGER summary_interview_insert AFTER INSERT ON public.cardholders_interview REFERENCING NEW TABLE AS interview_new FOR EACH STATEMENT EXECUTE FUNCTION summary_interview_changed();
CREATE TRIGGER summary_interview_update AFTER UPDATE ON public.cardholders_interview REFERENCING OLD TABLE AS interview_old NEW TABLE AS interview_new FOR EACH STATEMENT EXECUTE FUNCTION summary_interview_changed();
CREATE TRIGGER summary_assignment_delete AFTER DELETE ON public.matching_assignment REFERENCING OLD TABLE AS assignment_old FOR EACH STATEMENT EXECUTE FUNCTION summary_assignment_changed();
CREATE TRIGGER summary_assignment_insert AFTER INSERT ON public.matching_assignment REFERENCING NEW TABLE AS assignment_new FOR EACH STATEMENT EXECUTE FUNCTION summary_assignment_changed();
CREATE TRIGGER summary_assignment_update AFTER UPDATE ON public.matching_assignment REFERENCING OLD TABLE AS assignment_old NEW TABLE AS assignment_new FOR EACH STATEMENT EXECUTE FUNCTION summary_assignment_changed();
"""

SUMMARY_TRIGGERS_REVERSE = r"""
DROP TRIGGER IF EXISTS summary_people_delete ON cardholders_cardholder;
DROP TRIGGER IF EXISTS summary_people_insert ON cardholders_cardholder;
DROP TRIGGER IF EXISTS summary_people_update ON cardholders_cardholder;
DROP TRIGGER IF EXISTS summary_interview_delete ON cardholders_interview;
DROP TRIGGER IF EXISTS summary_interview_insert ON cardholders_interview;
DROP TRIGGER IF EXISTS summary_interview_update ON cardholders_interview;
DROP TRIGGER IF EXISTS summary_assignment_delete ON matching_assignment;
DROP TRIGGER IF EXISTS summary_assignment_insert ON matching_assignment;
DROP TRIGGER IF EXISTS summary_assignment_update ON matching_assignment;
DROP FUNCTION IF EXISTS summary_assignment_changed();
DROP FUNCTION IF EXISTS summary_interview_changed();
DROP FUNCTION IF EXISTS summary_people_changed();
"""

class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('development', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='SummaryAssignmentProject',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('level', models.IntegerField()),
                ('area', models.IntegerField()),
                ('n', models.BigIntegerField(default=0)),
                ('project', models.BigIntegerField()),
            ],
            options={
                'db_table': 'summary_assignment_project',
                'constraints': [models.UniqueConstraint(fields=('level', 'area', 'project'), name='summary_assignment_project_key')],
            },
        ),
        migrations.CreateModel(
            name='SummaryAssignmentStatus',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('level', models.IntegerField()),
                ('area', models.IntegerField()),
                ('n', models.BigIntegerField(default=0)),
                ('unit', models.BigIntegerField()),
                ('status', models.CharField(max_length=20)),
            ],
            options={
                'db_table': 'summary_assignment_status',
                'constraints': [models.UniqueConstraint(fields=('level', 'area', 'unit', 'status'), name='summary_assignment_status_key')],
            },
        ),
        migrations.CreateModel(
            name='SummaryCardholders',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('level', models.IntegerField()),
                ('area', models.IntegerField()),
                ('n', models.BigIntegerField(default=0)),
            ],
            options={
                'db_table': 'summary_cardholders',
                'constraints': [models.UniqueConstraint(fields=('level', 'area'), name='summary_cardholders_key')],
            },
        ),
        migrations.CreateModel(
            name='SummaryInterviewChoice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('level', models.IntegerField()),
                ('area', models.IntegerField()),
                ('n', models.BigIntegerField(default=0)),
                ('choice_1', models.BigIntegerField()),
                ('grp', models.SmallIntegerField()),
                ('n_needs', models.BigIntegerField(default=0)),
                ('n_skill', models.BigIntegerField(default=0)),
            ],
            options={
                'db_table': 'summary_interview_choice',
                'constraints': [models.UniqueConstraint(fields=('level', 'area', 'choice_1', 'grp'), name='summary_interview_choice_key')],
            },
        ),
        migrations.CreateModel(
            name='SummaryInterviewNeed',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('level', models.IntegerField()),
                ('area', models.IntegerField()),
                ('n', models.BigIntegerField(default=0)),
                ('need', models.CharField(max_length=20)),
            ],
            options={
                'db_table': 'summary_interview_need',
                'constraints': [models.UniqueConstraint(fields=('level', 'area', 'need'), name='summary_interview_need_key')],
            },
        ),
        migrations.CreateModel(
            name='SummaryInterviewTraining',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('level', models.IntegerField()),
                ('area', models.IntegerField()),
                ('n', models.BigIntegerField(default=0)),
                ('skill', models.BigIntegerField()),
            ],
            options={
                'db_table': 'summary_interview_training',
                'constraints': [models.UniqueConstraint(fields=('level', 'area', 'skill'), name='summary_interview_training_key')],
            },
        ),
        migrations.RunSQL(SUMMARY_TRIGGERS, SUMMARY_TRIGGERS_REVERSE),
    ]
