"""Summary triggers count an update's changed rows in one pass (issue 11): each old row is matched to its new
row once and its person looked up once, where the functions of 0003 matched them twice (once for what is
added, once for what is taken away) and looked the person up for each. The functions of
reporting/summary_sql.py for the roster, interviews and assignments, frozen here as literal SQL."""

from django.db import migrations

SUMMARY_TRIGGERS = r"""
CREATE OR REPLACE FUNCTION summary_roster_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('welfare.summaries_deferred', true) = 'on' THEN
        IF TG_OP = 'INSERT' THEN 
        EXECUTE $stmt$INSERT INTO pg_temp.summary_cardholders_pending (k0, k1, v0) SELECT d.k0, d.k1, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, count(*) FROM roster_new r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE true GROUP BY 1, 2) AS d (k0, k1, v0)$stmt$;
        ELSIF TG_OP = 'UPDATE' THEN 
        EXECUTE $stmt$INSERT INTO pg_temp.summary_cardholders_pending (k0, k1, v0) SELECT d.k0, d.k1, d.sign * d.v0 FROM (SELECT r.sign, c.subdistrict_id, r.round_id, count(*) FROM (SELECT x."cardholder_id" AS n0, y."cardholder_id" AS o0, x."round_id" AS n1, y."round_id" AS o1, (SELECT z.subdistrict_id FROM cardholders_cardholder z WHERE z.id = x.cardholder_id) AS n_area, CASE WHEN y.cardholder_id IS NOT DISTINCT FROM x.cardholder_id THEN NULL ELSE (SELECT z.subdistrict_id FROM cardholders_cardholder z WHERE z.id = y.cardholder_id) END AS o_area, y.cardholder_id IS NOT DISTINCT FROM x.cardholder_id AS same_person FROM roster_new x JOIN roster_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id") OFFSET 0) pair CROSS JOIN LATERAL (VALUES (1, pair.n0, pair.n1, pair.n_area), (-1, pair.o0, pair.o1, CASE WHEN pair.same_person THEN pair.n_area ELSE pair.o_area END)) AS r (sign, "cardholder_id", "round_id", area) CROSS JOIN LATERAL (SELECT r.area AS subdistrict_id WHERE r.area IS NOT NULL) c WHERE true GROUP BY 1, 2, 3) AS d (sign, k0, k1, v0)$stmt$;
        ELSE 
        EXECUTE $stmt$INSERT INTO pg_temp.summary_cardholders_pending (k0, k1, v0) SELECT d.k0, d.k1, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, count(*) FROM roster_old r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE true GROUP BY 1, 2) AS d (k0, k1, v0)$stmt$;
        END IF;
    ELSIF TG_OP = 'INSERT' THEN 
        EXECUTE $stmt$INSERT INTO summary_cardholders AS s (level, area, round, n)
        SELECT u.c0, u.c1, u.c2, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, count(*) FROM roster_new r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE true GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, v0)
        GROUP BY u.c0, u.c1, u.c2
        ORDER BY u.c0, u.c1, u.c2
        ON CONFLICT (level, area, round) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    ELSIF TG_OP = 'UPDATE' THEN 
        EXECUTE $stmt$INSERT INTO summary_cardholders AS s (level, area, round, n)
        SELECT u.c0, u.c1, u.c2, sum(u.sign * u.v0)
        FROM (SELECT d.sign AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT r.sign, c.subdistrict_id, r.round_id, count(*) FROM (SELECT x."cardholder_id" AS n0, y."cardholder_id" AS o0, x."round_id" AS n1, y."round_id" AS o1, (SELECT z.subdistrict_id FROM cardholders_cardholder z WHERE z.id = x.cardholder_id) AS n_area, CASE WHEN y.cardholder_id IS NOT DISTINCT FROM x.cardholder_id THEN NULL ELSE (SELECT z.subdistrict_id FROM cardholders_cardholder z WHERE z.id = y.cardholder_id) END AS o_area, y.cardholder_id IS NOT DISTINCT FROM x.cardholder_id AS same_person FROM roster_new x JOIN roster_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id") OFFSET 0) pair CROSS JOIN LATERAL (VALUES (1, pair.n0, pair.n1, pair.n_area), (-1, pair.o0, pair.o1, CASE WHEN pair.same_person THEN pair.n_area ELSE pair.o_area END)) AS r (sign, "cardholder_id", "round_id", area) CROSS JOIN LATERAL (SELECT r.area AS subdistrict_id WHERE r.area IS NOT NULL) c WHERE true GROUP BY 1, 2, 3) AS d (sign, k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, v0)
        GROUP BY u.c0, u.c1, u.c2
        ORDER BY u.c0, u.c1, u.c2
        ON CONFLICT (level, area, round) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    ELSE 
        EXECUTE $stmt$INSERT INTO summary_cardholders AS s (level, area, round, n)
        SELECT u.c0, u.c1, u.c2, sum(u.sign * u.v0)
        FROM (SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, count(*) FROM roster_old r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE true GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, v0)
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
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_choice_pending (k0, k1, k2, k3, v0, v1, v2) SELECT d.k0, d.k1, d.k2, d.k3, 1 * d.v0, 1 * d.v1, 1 * d.v2 FROM (SELECT c.subdistrict_id, r.round_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM interview_new r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.is_current GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0, v1, v2)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_need_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, need.code, count(*) FROM interview_new r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_training_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, coalesce(r.skill_id, 0), count(*) FROM interview_new r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        ELSIF TG_OP = 'UPDATE' THEN 
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_choice_pending (k0, k1, k2, k3, v0, v1, v2) SELECT d.k0, d.k1, d.k2, d.k3, d.sign * d.v0, d.sign * d.v1, d.sign * d.v2 FROM (SELECT r.sign, c.subdistrict_id, r.round_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM (SELECT x."cardholder_id" AS n0, y."cardholder_id" AS o0, x."round_id" AS n1, y."round_id" AS o1, x."choice_1_id" AS n2, y."choice_1_id" AS o2, x."group" AS n3, y."group" AS o3, x."basic_needs" AS n4, y."basic_needs" AS o4, x."skill_id" AS n5, y."skill_id" AS o5, x."is_current" AS n6, y."is_current" AS o6, (SELECT z.subdistrict_id FROM cardholders_cardholder z WHERE z.id = x.cardholder_id) AS n_area, CASE WHEN y.cardholder_id IS NOT DISTINCT FROM x.cardholder_id THEN NULL ELSE (SELECT z.subdistrict_id FROM cardholders_cardholder z WHERE z.id = y.cardholder_id) END AS o_area, y.cardholder_id IS NOT DISTINCT FROM x.cardholder_id AS same_person FROM interview_new x JOIN interview_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."choice_1_id", x."group", x."basic_needs", x."skill_id", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."choice_1_id", y."group", y."basic_needs", y."skill_id", y."is_current") OFFSET 0) pair CROSS JOIN LATERAL (VALUES (1, pair.n0, pair.n1, pair.n2, pair.n3, pair.n4, pair.n5, pair.n6, pair.n_area), (-1, pair.o0, pair.o1, pair.o2, pair.o3, pair.o4, pair.o5, pair.o6, CASE WHEN pair.same_person THEN pair.n_area ELSE pair.o_area END)) AS r (sign, "cardholder_id", "round_id", "choice_1_id", "group", "basic_needs", "skill_id", "is_current", area) CROSS JOIN LATERAL (SELECT r.area AS subdistrict_id WHERE r.area IS NOT NULL) c WHERE r.is_current GROUP BY 1, 2, 3, 4, 5) AS d (sign, k0, k1, k2, k3, v0, v1, v2)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_need_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, d.sign * d.v0 FROM (SELECT r.sign, c.subdistrict_id, r.round_id, need.code, count(*) FROM (SELECT x."cardholder_id" AS n0, y."cardholder_id" AS o0, x."round_id" AS n1, y."round_id" AS o1, x."basic_needs" AS n2, y."basic_needs" AS o2, x."is_current" AS n3, y."is_current" AS o3, (SELECT z.subdistrict_id FROM cardholders_cardholder z WHERE z.id = x.cardholder_id) AS n_area, CASE WHEN y.cardholder_id IS NOT DISTINCT FROM x.cardholder_id THEN NULL ELSE (SELECT z.subdistrict_id FROM cardholders_cardholder z WHERE z.id = y.cardholder_id) END AS o_area, y.cardholder_id IS NOT DISTINCT FROM x.cardholder_id AS same_person FROM interview_new x JOIN interview_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."basic_needs", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."basic_needs", y."is_current") OFFSET 0) pair CROSS JOIN LATERAL (VALUES (1, pair.n0, pair.n1, pair.n2, pair.n3, pair.n_area), (-1, pair.o0, pair.o1, pair.o2, pair.o3, CASE WHEN pair.same_person THEN pair.n_area ELSE pair.o_area END)) AS r (sign, "cardholder_id", "round_id", "basic_needs", "is_current", area) CROSS JOIN LATERAL (SELECT r.area AS subdistrict_id WHERE r.area IS NOT NULL) c CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2, 3, 4) AS d (sign, k0, k1, k2, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_training_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, d.sign * d.v0 FROM (SELECT r.sign, c.subdistrict_id, r.round_id, coalesce(r.skill_id, 0), count(*) FROM (SELECT x."cardholder_id" AS n0, y."cardholder_id" AS o0, x."round_id" AS n1, y."round_id" AS o1, x."skill_id" AS n2, y."skill_id" AS o2, x."choice_1_id" AS n3, y."choice_1_id" AS o3, x."is_current" AS n4, y."is_current" AS o4, (SELECT z.subdistrict_id FROM cardholders_cardholder z WHERE z.id = x.cardholder_id) AS n_area, CASE WHEN y.cardholder_id IS NOT DISTINCT FROM x.cardholder_id THEN NULL ELSE (SELECT z.subdistrict_id FROM cardholders_cardholder z WHERE z.id = y.cardholder_id) END AS o_area, y.cardholder_id IS NOT DISTINCT FROM x.cardholder_id AS same_person FROM interview_new x JOIN interview_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."skill_id", x."choice_1_id", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."skill_id", y."choice_1_id", y."is_current") OFFSET 0) pair CROSS JOIN LATERAL (VALUES (1, pair.n0, pair.n1, pair.n2, pair.n3, pair.n4, pair.n_area), (-1, pair.o0, pair.o1, pair.o2, pair.o3, pair.o4, CASE WHEN pair.same_person THEN pair.n_area ELSE pair.o_area END)) AS r (sign, "cardholder_id", "round_id", "skill_id", "choice_1_id", "is_current", area) CROSS JOIN LATERAL (SELECT r.area AS subdistrict_id WHERE r.area IS NOT NULL) c JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2, 3, 4) AS d (sign, k0, k1, k2, v0)$stmt$;
        ELSE 
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_choice_pending (k0, k1, k2, k3, v0, v1, v2) SELECT d.k0, d.k1, d.k2, d.k3, -1 * d.v0, -1 * d.v1, -1 * d.v2 FROM (SELECT c.subdistrict_id, r.round_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM interview_old r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.is_current GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0, v1, v2)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_need_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, need.code, count(*) FROM interview_old r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_training_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, coalesce(r.skill_id, 0), count(*) FROM interview_old r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        END IF;
    ELSIF TG_OP = 'INSERT' THEN 
        EXECUTE $stmt$INSERT INTO summary_interview_choice AS s (level, area, round, choice_1, grp, n, n_needs, n_skill)
        SELECT u.c0, u.c1, u.c2, u.c3, u.c4, sum(u.sign * u.v0), sum(u.sign * u.v1), sum(u.sign * u.v2)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.k3, d.v0, d.v1, d.v2 FROM (SELECT c.subdistrict_id, r.round_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM interview_new r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.is_current GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0, v1, v2) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, c4, v0, v1, v2)
        GROUP BY u.c0, u.c1, u.c2, u.c3, u.c4
        ORDER BY u.c0, u.c1, u.c2, u.c3, u.c4
        ON CONFLICT (level, area, round, choice_1, grp) DO UPDATE SET n = s.n + EXCLUDED.n, n_needs = s.n_needs + EXCLUDED.n_needs, n_skill = s.n_skill + EXCLUDED.n_skill$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_need AS s (level, area, round, need, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, need.code, count(*) FROM interview_new r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, round, need) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_training AS s (level, area, round, skill, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, coalesce(r.skill_id, 0), count(*) FROM interview_new r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, round, skill) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    ELSIF TG_OP = 'UPDATE' THEN 
        EXECUTE $stmt$INSERT INTO summary_interview_choice AS s (level, area, round, choice_1, grp, n, n_needs, n_skill)
        SELECT u.c0, u.c1, u.c2, u.c3, u.c4, sum(u.sign * u.v0), sum(u.sign * u.v1), sum(u.sign * u.v2)
        FROM (SELECT d.sign AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.k3, d.v0, d.v1, d.v2 FROM (SELECT r.sign, c.subdistrict_id, r.round_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM (SELECT x."cardholder_id" AS n0, y."cardholder_id" AS o0, x."round_id" AS n1, y."round_id" AS o1, x."choice_1_id" AS n2, y."choice_1_id" AS o2, x."group" AS n3, y."group" AS o3, x."basic_needs" AS n4, y."basic_needs" AS o4, x."skill_id" AS n5, y."skill_id" AS o5, x."is_current" AS n6, y."is_current" AS o6, (SELECT z.subdistrict_id FROM cardholders_cardholder z WHERE z.id = x.cardholder_id) AS n_area, CASE WHEN y.cardholder_id IS NOT DISTINCT FROM x.cardholder_id THEN NULL ELSE (SELECT z.subdistrict_id FROM cardholders_cardholder z WHERE z.id = y.cardholder_id) END AS o_area, y.cardholder_id IS NOT DISTINCT FROM x.cardholder_id AS same_person FROM interview_new x JOIN interview_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."choice_1_id", x."group", x."basic_needs", x."skill_id", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."choice_1_id", y."group", y."basic_needs", y."skill_id", y."is_current") OFFSET 0) pair CROSS JOIN LATERAL (VALUES (1, pair.n0, pair.n1, pair.n2, pair.n3, pair.n4, pair.n5, pair.n6, pair.n_area), (-1, pair.o0, pair.o1, pair.o2, pair.o3, pair.o4, pair.o5, pair.o6, CASE WHEN pair.same_person THEN pair.n_area ELSE pair.o_area END)) AS r (sign, "cardholder_id", "round_id", "choice_1_id", "group", "basic_needs", "skill_id", "is_current", area) CROSS JOIN LATERAL (SELECT r.area AS subdistrict_id WHERE r.area IS NOT NULL) c WHERE r.is_current GROUP BY 1, 2, 3, 4, 5) AS d (sign, k0, k1, k2, k3, v0, v1, v2) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, c4, v0, v1, v2)
        GROUP BY u.c0, u.c1, u.c2, u.c3, u.c4
        ORDER BY u.c0, u.c1, u.c2, u.c3, u.c4
        ON CONFLICT (level, area, round, choice_1, grp) DO UPDATE SET n = s.n + EXCLUDED.n, n_needs = s.n_needs + EXCLUDED.n_needs, n_skill = s.n_skill + EXCLUDED.n_skill$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_need AS s (level, area, round, need, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT d.sign AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT r.sign, c.subdistrict_id, r.round_id, need.code, count(*) FROM (SELECT x."cardholder_id" AS n0, y."cardholder_id" AS o0, x."round_id" AS n1, y."round_id" AS o1, x."basic_needs" AS n2, y."basic_needs" AS o2, x."is_current" AS n3, y."is_current" AS o3, (SELECT z.subdistrict_id FROM cardholders_cardholder z WHERE z.id = x.cardholder_id) AS n_area, CASE WHEN y.cardholder_id IS NOT DISTINCT FROM x.cardholder_id THEN NULL ELSE (SELECT z.subdistrict_id FROM cardholders_cardholder z WHERE z.id = y.cardholder_id) END AS o_area, y.cardholder_id IS NOT DISTINCT FROM x.cardholder_id AS same_person FROM interview_new x JOIN interview_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."basic_needs", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."basic_needs", y."is_current") OFFSET 0) pair CROSS JOIN LATERAL (VALUES (1, pair.n0, pair.n1, pair.n2, pair.n3, pair.n_area), (-1, pair.o0, pair.o1, pair.o2, pair.o3, CASE WHEN pair.same_person THEN pair.n_area ELSE pair.o_area END)) AS r (sign, "cardholder_id", "round_id", "basic_needs", "is_current", area) CROSS JOIN LATERAL (SELECT r.area AS subdistrict_id WHERE r.area IS NOT NULL) c CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2, 3, 4) AS d (sign, k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, round, need) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_training AS s (level, area, round, skill, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT d.sign AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT r.sign, c.subdistrict_id, r.round_id, coalesce(r.skill_id, 0), count(*) FROM (SELECT x."cardholder_id" AS n0, y."cardholder_id" AS o0, x."round_id" AS n1, y."round_id" AS o1, x."skill_id" AS n2, y."skill_id" AS o2, x."choice_1_id" AS n3, y."choice_1_id" AS o3, x."is_current" AS n4, y."is_current" AS o4, (SELECT z.subdistrict_id FROM cardholders_cardholder z WHERE z.id = x.cardholder_id) AS n_area, CASE WHEN y.cardholder_id IS NOT DISTINCT FROM x.cardholder_id THEN NULL ELSE (SELECT z.subdistrict_id FROM cardholders_cardholder z WHERE z.id = y.cardholder_id) END AS o_area, y.cardholder_id IS NOT DISTINCT FROM x.cardholder_id AS same_person FROM interview_new x JOIN interview_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."skill_id", x."choice_1_id", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."skill_id", y."choice_1_id", y."is_current") OFFSET 0) pair CROSS JOIN LATERAL (VALUES (1, pair.n0, pair.n1, pair.n2, pair.n3, pair.n4, pair.n_area), (-1, pair.o0, pair.o1, pair.o2, pair.o3, pair.o4, CASE WHEN pair.same_person THEN pair.n_area ELSE pair.o_area END)) AS r (sign, "cardholder_id", "round_id", "skill_id", "choice_1_id", "is_current", area) CROSS JOIN LATERAL (SELECT r.area AS subdistrict_id WHERE r.area IS NOT NULL) c JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2, 3, 4) AS d (sign, k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, round, skill) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    ELSE 
        EXECUTE $stmt$INSERT INTO summary_interview_choice AS s (level, area, round, choice_1, grp, n, n_needs, n_skill)
        SELECT u.c0, u.c1, u.c2, u.c3, u.c4, sum(u.sign * u.v0), sum(u.sign * u.v1), sum(u.sign * u.v2)
        FROM (SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.k3, d.v0, d.v1, d.v2 FROM (SELECT c.subdistrict_id, r.round_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM interview_old r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.is_current GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0, v1, v2) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, c4, v0, v1, v2)
        GROUP BY u.c0, u.c1, u.c2, u.c3, u.c4
        ORDER BY u.c0, u.c1, u.c2, u.c3, u.c4
        ON CONFLICT (level, area, round, choice_1, grp) DO UPDATE SET n = s.n + EXCLUDED.n, n_needs = s.n_needs + EXCLUDED.n_needs, n_skill = s.n_skill + EXCLUDED.n_skill$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_need AS s (level, area, round, need, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, need.code, count(*) FROM interview_old r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, round, need) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_training AS s (level, area, round, skill, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, coalesce(r.skill_id, 0), count(*) FROM interview_old r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
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
        EXECUTE $stmt$INSERT INTO pg_temp.summary_assignment_project_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.project_id, count(*) FROM assignment_new r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_assignment_status_pending (k0, k1, k2, k3, v0) SELECT d.k0, d.k1, d.k2, d.k3, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.unit_id, r.progress_status, count(*) FROM assignment_new r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0)$stmt$;
        ELSIF TG_OP = 'UPDATE' THEN 
        EXECUTE $stmt$INSERT INTO pg_temp.summary_assignment_project_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, d.sign * d.v0 FROM (SELECT r.sign, c.subdistrict_id, r.round_id, r.project_id, count(*) FROM (SELECT x."cardholder_id" AS n0, y."cardholder_id" AS o0, x."round_id" AS n1, y."round_id" AS o1, x."project_id" AS n2, y."project_id" AS o2, x."ended_at" AS n3, y."ended_at" AS o3, (SELECT z.subdistrict_id FROM cardholders_cardholder z WHERE z.id = x.cardholder_id) AS n_area, CASE WHEN y.cardholder_id IS NOT DISTINCT FROM x.cardholder_id THEN NULL ELSE (SELECT z.subdistrict_id FROM cardholders_cardholder z WHERE z.id = y.cardholder_id) END AS o_area, y.cardholder_id IS NOT DISTINCT FROM x.cardholder_id AS same_person FROM assignment_new x JOIN assignment_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."project_id", x."ended_at") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."project_id", y."ended_at") OFFSET 0) pair CROSS JOIN LATERAL (VALUES (1, pair.n0, pair.n1, pair.n2, pair.n3, pair.n_area), (-1, pair.o0, pair.o1, pair.o2, pair.o3, CASE WHEN pair.same_person THEN pair.n_area ELSE pair.o_area END)) AS r (sign, "cardholder_id", "round_id", "project_id", "ended_at", area) CROSS JOIN LATERAL (SELECT r.area AS subdistrict_id WHERE r.area IS NOT NULL) c WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4) AS d (sign, k0, k1, k2, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_assignment_status_pending (k0, k1, k2, k3, v0) SELECT d.k0, d.k1, d.k2, d.k3, d.sign * d.v0 FROM (SELECT r.sign, c.subdistrict_id, r.round_id, r.unit_id, r.progress_status, count(*) FROM (SELECT x."cardholder_id" AS n0, y."cardholder_id" AS o0, x."round_id" AS n1, y."round_id" AS o1, x."unit_id" AS n2, y."unit_id" AS o2, x."progress_status" AS n3, y."progress_status" AS o3, x."ended_at" AS n4, y."ended_at" AS o4, (SELECT z.subdistrict_id FROM cardholders_cardholder z WHERE z.id = x.cardholder_id) AS n_area, CASE WHEN y.cardholder_id IS NOT DISTINCT FROM x.cardholder_id THEN NULL ELSE (SELECT z.subdistrict_id FROM cardholders_cardholder z WHERE z.id = y.cardholder_id) END AS o_area, y.cardholder_id IS NOT DISTINCT FROM x.cardholder_id AS same_person FROM assignment_new x JOIN assignment_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."unit_id", x."progress_status", x."ended_at") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."unit_id", y."progress_status", y."ended_at") OFFSET 0) pair CROSS JOIN LATERAL (VALUES (1, pair.n0, pair.n1, pair.n2, pair.n3, pair.n4, pair.n_area), (-1, pair.o0, pair.o1, pair.o2, pair.o3, pair.o4, CASE WHEN pair.same_person THEN pair.n_area ELSE pair.o_area END)) AS r (sign, "cardholder_id", "round_id", "unit_id", "progress_status", "ended_at", area) CROSS JOIN LATERAL (SELECT r.area AS subdistrict_id WHERE r.area IS NOT NULL) c WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4, 5) AS d (sign, k0, k1, k2, k3, v0)$stmt$;
        ELSE 
        EXECUTE $stmt$INSERT INTO pg_temp.summary_assignment_project_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.project_id, count(*) FROM assignment_old r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_assignment_status_pending (k0, k1, k2, k3, v0) SELECT d.k0, d.k1, d.k2, d.k3, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.unit_id, r.progress_status, count(*) FROM assignment_old r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0)$stmt$;
        END IF;
    ELSIF TG_OP = 'INSERT' THEN 
        EXECUTE $stmt$INSERT INTO summary_assignment_project AS s (level, area, round, project, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.project_id, count(*) FROM assignment_new r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, round, project) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_assignment_status AS s (level, area, round, unit, status, n)
        SELECT u.c0, u.c1, u.c2, u.c3, u.c4, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.k3, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.unit_id, r.progress_status, count(*) FROM assignment_new r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, c4, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3, u.c4
        ORDER BY u.c0, u.c1, u.c2, u.c3, u.c4
        ON CONFLICT (level, area, round, unit, status) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    ELSIF TG_OP = 'UPDATE' THEN 
        EXECUTE $stmt$INSERT INTO summary_assignment_project AS s (level, area, round, project, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT d.sign AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT r.sign, c.subdistrict_id, r.round_id, r.project_id, count(*) FROM (SELECT x."cardholder_id" AS n0, y."cardholder_id" AS o0, x."round_id" AS n1, y."round_id" AS o1, x."project_id" AS n2, y."project_id" AS o2, x."ended_at" AS n3, y."ended_at" AS o3, (SELECT z.subdistrict_id FROM cardholders_cardholder z WHERE z.id = x.cardholder_id) AS n_area, CASE WHEN y.cardholder_id IS NOT DISTINCT FROM x.cardholder_id THEN NULL ELSE (SELECT z.subdistrict_id FROM cardholders_cardholder z WHERE z.id = y.cardholder_id) END AS o_area, y.cardholder_id IS NOT DISTINCT FROM x.cardholder_id AS same_person FROM assignment_new x JOIN assignment_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."project_id", x."ended_at") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."project_id", y."ended_at") OFFSET 0) pair CROSS JOIN LATERAL (VALUES (1, pair.n0, pair.n1, pair.n2, pair.n3, pair.n_area), (-1, pair.o0, pair.o1, pair.o2, pair.o3, CASE WHEN pair.same_person THEN pair.n_area ELSE pair.o_area END)) AS r (sign, "cardholder_id", "round_id", "project_id", "ended_at", area) CROSS JOIN LATERAL (SELECT r.area AS subdistrict_id WHERE r.area IS NOT NULL) c WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4) AS d (sign, k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, round, project) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_assignment_status AS s (level, area, round, unit, status, n)
        SELECT u.c0, u.c1, u.c2, u.c3, u.c4, sum(u.sign * u.v0)
        FROM (SELECT d.sign AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.k3, d.v0 FROM (SELECT r.sign, c.subdistrict_id, r.round_id, r.unit_id, r.progress_status, count(*) FROM (SELECT x."cardholder_id" AS n0, y."cardholder_id" AS o0, x."round_id" AS n1, y."round_id" AS o1, x."unit_id" AS n2, y."unit_id" AS o2, x."progress_status" AS n3, y."progress_status" AS o3, x."ended_at" AS n4, y."ended_at" AS o4, (SELECT z.subdistrict_id FROM cardholders_cardholder z WHERE z.id = x.cardholder_id) AS n_area, CASE WHEN y.cardholder_id IS NOT DISTINCT FROM x.cardholder_id THEN NULL ELSE (SELECT z.subdistrict_id FROM cardholders_cardholder z WHERE z.id = y.cardholder_id) END AS o_area, y.cardholder_id IS NOT DISTINCT FROM x.cardholder_id AS same_person FROM assignment_new x JOIN assignment_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."unit_id", x."progress_status", x."ended_at") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."unit_id", y."progress_status", y."ended_at") OFFSET 0) pair CROSS JOIN LATERAL (VALUES (1, pair.n0, pair.n1, pair.n2, pair.n3, pair.n4, pair.n_area), (-1, pair.o0, pair.o1, pair.o2, pair.o3, pair.o4, CASE WHEN pair.same_person THEN pair.n_area ELSE pair.o_area END)) AS r (sign, "cardholder_id", "round_id", "unit_id", "progress_status", "ended_at", area) CROSS JOIN LATERAL (SELECT r.area AS subdistrict_id WHERE r.area IS NOT NULL) c WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4, 5) AS d (sign, k0, k1, k2, k3, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, c4, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3, u.c4
        ORDER BY u.c0, u.c1, u.c2, u.c3, u.c4
        ON CONFLICT (level, area, round, unit, status) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    ELSE 
        EXECUTE $stmt$INSERT INTO summary_assignment_project AS s (level, area, round, project, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.project_id, count(*) FROM assignment_old r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, round, project) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_assignment_status AS s (level, area, round, unit, status, n)
        SELECT u.c0, u.c1, u.c2, u.c3, u.c4, sum(u.sign * u.v0)
        FROM (SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.k3, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.unit_id, r.progress_status, count(*) FROM assignment_old r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, c4, v0)
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
"""

# Going back: the functions of 0003_summary_person_lookup.
PREVIOUS = r"""
CREATE OR REPLACE FUNCTION summary_roster_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('welfare.summaries_deferred', true) = 'on' THEN
        IF TG_OP = 'INSERT' THEN 
        EXECUTE $stmt$INSERT INTO pg_temp.summary_cardholders_pending (k0, k1, v0) SELECT d.k0, d.k1, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, count(*) FROM roster_new r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE true GROUP BY 1, 2) AS d (k0, k1, v0)$stmt$;
        ELSIF TG_OP = 'UPDATE' THEN 
        EXECUTE $stmt$INSERT INTO pg_temp.summary_cardholders_pending (k0, k1, v0) SELECT d.k0, d.k1, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, count(*) FROM (SELECT x.* FROM roster_new x JOIN roster_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id")) r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE true GROUP BY 1, 2) AS d (k0, k1, v0) UNION ALL SELECT d.k0, d.k1, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, count(*) FROM (SELECT x.* FROM roster_old x JOIN roster_new y USING (id) WHERE ROW(x."cardholder_id", x."round_id") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id")) r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE true GROUP BY 1, 2) AS d (k0, k1, v0)$stmt$;
        ELSE 
        EXECUTE $stmt$INSERT INTO pg_temp.summary_cardholders_pending (k0, k1, v0) SELECT d.k0, d.k1, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, count(*) FROM roster_old r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE true GROUP BY 1, 2) AS d (k0, k1, v0)$stmt$;
        END IF;
    ELSIF TG_OP = 'INSERT' THEN 
        EXECUTE $stmt$INSERT INTO summary_cardholders AS s (level, area, round, n)
        SELECT u.c0, u.c1, u.c2, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, count(*) FROM roster_new r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE true GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, v0)
        GROUP BY u.c0, u.c1, u.c2
        ORDER BY u.c0, u.c1, u.c2
        ON CONFLICT (level, area, round) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    ELSIF TG_OP = 'UPDATE' THEN 
        EXECUTE $stmt$INSERT INTO summary_cardholders AS s (level, area, round, n)
        SELECT u.c0, u.c1, u.c2, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, count(*) FROM (SELECT x.* FROM roster_new x JOIN roster_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id")) r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE true GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, count(*) FROM (SELECT x.* FROM roster_old x JOIN roster_new y USING (id) WHERE ROW(x."cardholder_id", x."round_id") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id")) r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE true GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, v0)
        GROUP BY u.c0, u.c1, u.c2
        ORDER BY u.c0, u.c1, u.c2
        ON CONFLICT (level, area, round) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    ELSE 
        EXECUTE $stmt$INSERT INTO summary_cardholders AS s (level, area, round, n)
        SELECT u.c0, u.c1, u.c2, sum(u.sign * u.v0)
        FROM (SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, count(*) FROM roster_old r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE true GROUP BY 1, 2) AS d (k0, k1, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, v0)
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
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_choice_pending (k0, k1, k2, k3, v0, v1, v2) SELECT d.k0, d.k1, d.k2, d.k3, 1 * d.v0, 1 * d.v1, 1 * d.v2 FROM (SELECT c.subdistrict_id, r.round_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM interview_new r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.is_current GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0, v1, v2)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_need_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, need.code, count(*) FROM interview_new r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_training_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, coalesce(r.skill_id, 0), count(*) FROM interview_new r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        ELSIF TG_OP = 'UPDATE' THEN 
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_choice_pending (k0, k1, k2, k3, v0, v1, v2) SELECT d.k0, d.k1, d.k2, d.k3, 1 * d.v0, 1 * d.v1, 1 * d.v2 FROM (SELECT c.subdistrict_id, r.round_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM (SELECT x.* FROM interview_new x JOIN interview_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."choice_1_id", x."group", x."basic_needs", x."skill_id", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."choice_1_id", y."group", y."basic_needs", y."skill_id", y."is_current")) r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.is_current GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0, v1, v2) UNION ALL SELECT d.k0, d.k1, d.k2, d.k3, -1 * d.v0, -1 * d.v1, -1 * d.v2 FROM (SELECT c.subdistrict_id, r.round_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM (SELECT x.* FROM interview_old x JOIN interview_new y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."choice_1_id", x."group", x."basic_needs", x."skill_id", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."choice_1_id", y."group", y."basic_needs", y."skill_id", y."is_current")) r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.is_current GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0, v1, v2)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_need_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, need.code, count(*) FROM (SELECT x.* FROM interview_new x JOIN interview_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."basic_needs", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."basic_needs", y."is_current")) r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) UNION ALL SELECT d.k0, d.k1, d.k2, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, need.code, count(*) FROM (SELECT x.* FROM interview_old x JOIN interview_new y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."basic_needs", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."basic_needs", y."is_current")) r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_training_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, coalesce(r.skill_id, 0), count(*) FROM (SELECT x.* FROM interview_new x JOIN interview_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."skill_id", x."choice_1_id", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."skill_id", y."choice_1_id", y."is_current")) r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) UNION ALL SELECT d.k0, d.k1, d.k2, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, coalesce(r.skill_id, 0), count(*) FROM (SELECT x.* FROM interview_old x JOIN interview_new y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."skill_id", x."choice_1_id", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."skill_id", y."choice_1_id", y."is_current")) r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        ELSE 
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_choice_pending (k0, k1, k2, k3, v0, v1, v2) SELECT d.k0, d.k1, d.k2, d.k3, -1 * d.v0, -1 * d.v1, -1 * d.v2 FROM (SELECT c.subdistrict_id, r.round_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM interview_old r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.is_current GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0, v1, v2)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_need_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, need.code, count(*) FROM interview_old r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_interview_training_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, coalesce(r.skill_id, 0), count(*) FROM interview_old r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        END IF;
    ELSIF TG_OP = 'INSERT' THEN 
        EXECUTE $stmt$INSERT INTO summary_interview_choice AS s (level, area, round, choice_1, grp, n, n_needs, n_skill)
        SELECT u.c0, u.c1, u.c2, u.c3, u.c4, sum(u.sign * u.v0), sum(u.sign * u.v1), sum(u.sign * u.v2)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.k3, d.v0, d.v1, d.v2 FROM (SELECT c.subdistrict_id, r.round_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM interview_new r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.is_current GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0, v1, v2) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, c4, v0, v1, v2)
        GROUP BY u.c0, u.c1, u.c2, u.c3, u.c4
        ORDER BY u.c0, u.c1, u.c2, u.c3, u.c4
        ON CONFLICT (level, area, round, choice_1, grp) DO UPDATE SET n = s.n + EXCLUDED.n, n_needs = s.n_needs + EXCLUDED.n_needs, n_skill = s.n_skill + EXCLUDED.n_skill$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_need AS s (level, area, round, need, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, need.code, count(*) FROM interview_new r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, round, need) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_training AS s (level, area, round, skill, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, coalesce(r.skill_id, 0), count(*) FROM interview_new r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, round, skill) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    ELSIF TG_OP = 'UPDATE' THEN 
        EXECUTE $stmt$INSERT INTO summary_interview_choice AS s (level, area, round, choice_1, grp, n, n_needs, n_skill)
        SELECT u.c0, u.c1, u.c2, u.c3, u.c4, sum(u.sign * u.v0), sum(u.sign * u.v1), sum(u.sign * u.v2)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.k3, d.v0, d.v1, d.v2 FROM (SELECT c.subdistrict_id, r.round_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM (SELECT x.* FROM interview_new x JOIN interview_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."choice_1_id", x."group", x."basic_needs", x."skill_id", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."choice_1_id", y."group", y."basic_needs", y."skill_id", y."is_current")) r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.is_current GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0, v1, v2) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.k3, d.v0, d.v1, d.v2 FROM (SELECT c.subdistrict_id, r.round_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM (SELECT x.* FROM interview_old x JOIN interview_new y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."choice_1_id", x."group", x."basic_needs", x."skill_id", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."choice_1_id", y."group", y."basic_needs", y."skill_id", y."is_current")) r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.is_current GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0, v1, v2) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, c4, v0, v1, v2)
        GROUP BY u.c0, u.c1, u.c2, u.c3, u.c4
        ORDER BY u.c0, u.c1, u.c2, u.c3, u.c4
        ON CONFLICT (level, area, round, choice_1, grp) DO UPDATE SET n = s.n + EXCLUDED.n, n_needs = s.n_needs + EXCLUDED.n_needs, n_skill = s.n_skill + EXCLUDED.n_skill$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_need AS s (level, area, round, need, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, need.code, count(*) FROM (SELECT x.* FROM interview_new x JOIN interview_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."basic_needs", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."basic_needs", y."is_current")) r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, need.code, count(*) FROM (SELECT x.* FROM interview_old x JOIN interview_new y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."basic_needs", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."basic_needs", y."is_current")) r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, round, need) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_training AS s (level, area, round, skill, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, coalesce(r.skill_id, 0), count(*) FROM (SELECT x.* FROM interview_new x JOIN interview_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."skill_id", x."choice_1_id", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."skill_id", y."choice_1_id", y."is_current")) r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, coalesce(r.skill_id, 0), count(*) FROM (SELECT x.* FROM interview_old x JOIN interview_new y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."skill_id", x."choice_1_id", x."is_current") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."skill_id", y."choice_1_id", y."is_current")) r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, round, skill) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    ELSE 
        EXECUTE $stmt$INSERT INTO summary_interview_choice AS s (level, area, round, choice_1, grp, n, n_needs, n_skill)
        SELECT u.c0, u.c1, u.c2, u.c3, u.c4, sum(u.sign * u.v0), sum(u.sign * u.v1), sum(u.sign * u.v2)
        FROM (SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.k3, d.v0, d.v1, d.v2 FROM (SELECT c.subdistrict_id, r.round_id, r.choice_1_id, r."group", count(*), count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL) FROM interview_old r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.is_current GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0, v1, v2) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, c4, v0, v1, v2)
        GROUP BY u.c0, u.c1, u.c2, u.c3, u.c4
        ORDER BY u.c0, u.c1, u.c2, u.c3, u.c4
        ON CONFLICT (level, area, round, choice_1, grp) DO UPDATE SET n = s.n + EXCLUDED.n, n_needs = s.n_needs + EXCLUDED.n_needs, n_skill = s.n_skill + EXCLUDED.n_skill$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_need AS s (level, area, round, need, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, need.code, count(*) FROM interview_old r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code) WHERE r.is_current GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, round, need) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_interview_training AS s (level, area, round, skill, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, coalesce(r.skill_id, 0), count(*) FROM interview_old r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id WHERE r.is_current AND u.code = 'DSD' GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
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
        EXECUTE $stmt$INSERT INTO pg_temp.summary_assignment_project_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.project_id, count(*) FROM assignment_new r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_assignment_status_pending (k0, k1, k2, k3, v0) SELECT d.k0, d.k1, d.k2, d.k3, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.unit_id, r.progress_status, count(*) FROM assignment_new r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0)$stmt$;
        ELSIF TG_OP = 'UPDATE' THEN 
        EXECUTE $stmt$INSERT INTO pg_temp.summary_assignment_project_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.project_id, count(*) FROM (SELECT x.* FROM assignment_new x JOIN assignment_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."project_id", x."ended_at") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."project_id", y."ended_at")) r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) UNION ALL SELECT d.k0, d.k1, d.k2, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.project_id, count(*) FROM (SELECT x.* FROM assignment_old x JOIN assignment_new y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."project_id", x."ended_at") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."project_id", y."ended_at")) r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_assignment_status_pending (k0, k1, k2, k3, v0) SELECT d.k0, d.k1, d.k2, d.k3, 1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.unit_id, r.progress_status, count(*) FROM (SELECT x.* FROM assignment_new x JOIN assignment_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."unit_id", x."progress_status", x."ended_at") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."unit_id", y."progress_status", y."ended_at")) r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0) UNION ALL SELECT d.k0, d.k1, d.k2, d.k3, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.unit_id, r.progress_status, count(*) FROM (SELECT x.* FROM assignment_old x JOIN assignment_new y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."unit_id", x."progress_status", x."ended_at") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."unit_id", y."progress_status", y."ended_at")) r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0)$stmt$;
        ELSE 
        EXECUTE $stmt$INSERT INTO pg_temp.summary_assignment_project_pending (k0, k1, k2, v0) SELECT d.k0, d.k1, d.k2, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.project_id, count(*) FROM assignment_old r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0)$stmt$;
        EXECUTE $stmt$INSERT INTO pg_temp.summary_assignment_status_pending (k0, k1, k2, k3, v0) SELECT d.k0, d.k1, d.k2, d.k3, -1 * d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.unit_id, r.progress_status, count(*) FROM assignment_old r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0)$stmt$;
        END IF;
    ELSIF TG_OP = 'INSERT' THEN 
        EXECUTE $stmt$INSERT INTO summary_assignment_project AS s (level, area, round, project, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.project_id, count(*) FROM assignment_new r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, round, project) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_assignment_status AS s (level, area, round, unit, status, n)
        SELECT u.c0, u.c1, u.c2, u.c3, u.c4, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.k3, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.unit_id, r.progress_status, count(*) FROM assignment_new r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, c4, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3, u.c4
        ORDER BY u.c0, u.c1, u.c2, u.c3, u.c4
        ON CONFLICT (level, area, round, unit, status) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    ELSIF TG_OP = 'UPDATE' THEN 
        EXECUTE $stmt$INSERT INTO summary_assignment_project AS s (level, area, round, project, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.project_id, count(*) FROM (SELECT x.* FROM assignment_new x JOIN assignment_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."project_id", x."ended_at") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."project_id", y."ended_at")) r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.project_id, count(*) FROM (SELECT x.* FROM assignment_old x JOIN assignment_new y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."project_id", x."ended_at") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."project_id", y."ended_at")) r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, round, project) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_assignment_status AS s (level, area, round, unit, status, n)
        SELECT u.c0, u.c1, u.c2, u.c3, u.c4, sum(u.sign * u.v0)
        FROM (SELECT 1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.k3, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.unit_id, r.progress_status, count(*) FROM (SELECT x.* FROM assignment_new x JOIN assignment_old y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."unit_id", x."progress_status", x."ended_at") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."unit_id", y."progress_status", y."ended_at")) r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div) UNION ALL SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.k3, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.unit_id, r.progress_status, count(*) FROM (SELECT x.* FROM assignment_old x JOIN assignment_new y USING (id) WHERE ROW(x."cardholder_id", x."round_id", x."unit_id", x."progress_status", x."ended_at") IS DISTINCT FROM ROW(y."cardholder_id", y."round_id", y."unit_id", y."progress_status", y."ended_at")) r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, c4, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3, u.c4
        ORDER BY u.c0, u.c1, u.c2, u.c3, u.c4
        ON CONFLICT (level, area, round, unit, status) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
    ELSE 
        EXECUTE $stmt$INSERT INTO summary_assignment_project AS s (level, area, round, project, n)
        SELECT u.c0, u.c1, u.c2, u.c3, sum(u.sign * u.v0)
        FROM (SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.project_id, count(*) FROM assignment_old r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.ended_at IS NULL GROUP BY 1, 2, 3) AS d (k0, k1, k2, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, v0)
        GROUP BY u.c0, u.c1, u.c2, u.c3
        ORDER BY u.c0, u.c1, u.c2, u.c3
        ON CONFLICT (level, area, round, project) DO UPDATE SET n = s.n + EXCLUDED.n$stmt$;
        EXECUTE $stmt$INSERT INTO summary_assignment_status AS s (level, area, round, unit, status, n)
        SELECT u.c0, u.c1, u.c2, u.c3, u.c4, sum(u.sign * u.v0)
        FROM (SELECT -1 AS sign, lv.div AS level, d.k0 / lv.div AS area, d.k1, d.k2, d.k3, d.v0 FROM (SELECT c.subdistrict_id, r.round_id, r.unit_id, r.progress_status, count(*) FROM assignment_old r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x WHERE x.id = r.cardholder_id OFFSET 0) c WHERE r.ended_at IS NULL GROUP BY 1, 2, 3, 4) AS d (k0, k1, k2, k3, v0) CROSS JOIN (VALUES (1), (100), (10000)) AS lv(div)) AS u (sign, c0, c1, c2, c3, c4, v0)
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
"""


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0003_summary_person_lookup"),
    ]

    operations = [
        migrations.RunSQL(SUMMARY_TRIGGERS, PREVIOUS),
    ]
