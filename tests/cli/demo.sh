#!/usr/bin/env bash
# demo.sh: `leerpad demo` loads the letter's world through the domain, is
# idempotent, refuses a database with other data, prints its logins, and
# every demo login really logs in with its role.
. "$(dirname "$0")/lib.sh"

# --logins prints the table and touches no database
run 0 demo --logins --db "$WORK/never.db"
[ ! -e "$WORK/never.db" ] || fail "--logins created a database"
for who in learner coach examiner examboard programme-manager institution-admin hr \
	supervisor voucher-authority network-coordinator monitor admin; do
	grep -q "^  [a-z_]* *$who@demo\.leerpad\.nl *demo-wachtwoord" out ||
		fail "--logins does not show $who@demo.leerpad.nl with its password"
done
[ "$(grep -c '@demo\.leerpad\.nl' out)" -eq 12 ] || fail "--logins shows other than 12 logins"
ok "demo --logins prints the 12 logins with the password"

# loading: into a database that `init` made (as the browser tests do)
run 0 init --db demo.db
run 0 demo --db demo.db
contains out "loaded the demo into demo.db"
[ "$(sql demo.db "SELECT COUNT(*) FROM programmes WHERE name = 'Associate degree Engineering' AND total_ec = 1200 AND modes = '[\"part_time\",\"dual\"]'")" -eq 1 ] ||
	fail "no Fontys Ad Engineering of 120 EC, part-time and dual"
[ "$(sql demo.db "SELECT SUM(o.ec) FROM outcomes o JOIN programmes p ON p.id = o.programme_id WHERE p.name = 'Associate degree Engineering'")" -eq 1200 ] ||
	fail "the outcomes of Ad Engineering do not add up to 120 EC"
[ "$(sql demo.db "SELECT COUNT(*) FROM outcomes o JOIN programmes p ON p.id = o.programme_id WHERE p.name = 'Associate degree Engineering'")" -ge 8 ] ||
	fail "Ad Engineering has fewer than 8 outcomes"
[ "$(sql demo.db "SELECT COUNT(*) FROM outcomes WHERE alignments LIKE '%http://data.europa.eu/esco/skill/%'")" -ge 1 ] ||
	fail "no outcome is aligned with an ESCO skill"
[ "$(sql demo.db "SELECT COUNT(DISTINCT learning_line) FROM programmes WHERE learning_line = 'sbrm'")" -eq 1 ] &&
[ "$(sql demo.db "SELECT COUNT(*) FROM programmes WHERE learning_line = 'sbrm'")" -eq 2 ] ||
	fail "the SBRM Ad and bachelor are not on one learning line"
for name in 'VDL ETG' 'VDL Kunststoffen' 'Trespa International BV' 'Votex Bison' 'Albert Heijn' \
	'HEMA' 'VDL Nedcar'; do
	[ "$(sql demo.db "SELECT COUNT(*) FROM organisations WHERE name = '$name' AND kind = 'employer' AND length(coc_number) = 8")" -eq 1 ] ||
		fail "no employer $name with a KvK number"
done
[ "$(sql demo.db "SELECT COUNT(*) FROM network_memberships m JOIN organisations n ON n.id = m.network_id WHERE n.short_name = 'ACE'")" -ge 10 ] ||
	fail "the ACE has too few members"
for role in lead institution company network_organisation government; do
	[ "$(sql demo.db "SELECT COUNT(*) FROM network_memberships WHERE role = '$role'")" -ge 1 ] ||
		fail "no ACE member with role $role"
done
[ "$(sql demo.db "SELECT COUNT(*) FROM offerings o JOIN organisations p ON p.id = o.provider_id WHERE p.kind = 'employer' AND o.mode = 'at_work'")" -ge 1 ] ||
	fail "no company training at work"
[ "$(sql demo.db "SELECT COUNT(*) FROM organisations WHERE kind = 'institution' AND funded = 0")" -ge 2 ] ||
	fail "no private providers"
[ "$(sql demo.db "SELECT COUNT(*) FROM offerings WHERE start_date < '2026-01-01' OR end_date > '2027-12-31'")" -eq 0 ] ||
	fail "offerings outside 2026-2027"
ok "the demo holds the programmes, companies and network of the letter"

# everything went through the domain: one audit entry per record
records=$(sql demo.db "SELECT (SELECT COUNT(*) FROM organisations) + (SELECT COUNT(*) FROM network_memberships) + (SELECT COUNT(*) FROM programmes) + (SELECT COUNT(*) FROM outcomes) + (SELECT COUNT(*) FROM offerings) + (SELECT COUNT(*) FROM persons) + (SELECT COUNT(*) FROM employments) + (SELECT COUNT(*) FROM accounts) + (SELECT COUNT(*) FROM role_grants) + (SELECT COUNT(*) FROM periods) + (SELECT COUNT(*) FROM cohorts) + (SELECT COUNT(*) FROM enrolments) + (SELECT COUNT(*) FROM agreements) + (SELECT COUNT(*) FROM voucher_schemes) + (SELECT COUNT(*) FROM employer_contributions)")
audited=$(sql demo.db "SELECT COUNT(*) FROM audit_log WHERE action = 'create' AND actor_id = 'system'")
[ "$records" -eq "$audited" ] || fail "$records records but $audited audit entries"
ok "every demo record is audited ($records)"

# the learning agreements of issue 4: Sanne's signed by three with an achieved
# outcome and attested evidence, Lisa's a draft in the Albert Heijn group
[ "$(sql demo.db "SELECT COUNT(*) FROM agreements a JOIN enrolments e ON e.id = a.enrolment_id JOIN accounts l ON l.person_id = e.person_id WHERE l.email = 'learner@demo.leerpad.nl' AND a.status = 'active'")" -eq 1 ] ||
	fail "the demo learner has no active agreement"
[ "$(sql demo.db "SELECT COUNT(*) FROM signatures")" -eq 3 ] || fail "not three signatures"
[ "$(sql demo.db "SELECT COUNT(*) FROM assessments WHERE result = 'achieved' AND board_status = 'confirmed'")" -eq 1 ] ||
	fail "no confirmed achieved outcome"
[ "$(sql demo.db "SELECT COUNT(*) FROM attestations")" -eq 1 ] || fail "no attested evidence"
[ "$(sql demo.db "SELECT COUNT(*) FROM agreements a JOIN enrolments e ON e.id = a.enrolment_id JOIN cohorts c ON c.id = e.cohort_id JOIN organisations o ON o.id = c.employer_id WHERE o.name = 'Albert Heijn' AND c.kind = 'company' AND a.status = 'draft'")" -eq 1 ] ||
	fail "no draft agreement in the Albert Heijn company group"
[ "$(sql demo.db "SELECT COUNT(*) FROM prior_learning_claims c JOIN accounts x ON x.person_id = c.examiner_id WHERE x.email = 'examiner@demo.leerpad.nl' AND c.status = 'submitted'")" -eq 1 ] ||
	fail "no prior learning claim waiting for the demo examiner"
ok "the demo holds a signed agreement with an achieved outcome, a claim of prior learning and a draft at Albert Heijn"

# idempotent: a second run changes nothing and says so
snapshot demo.db before.sql
run 0 demo --db demo.db
contains out "demo data already present"
snapshot demo.db after.sql
cmp -s before.sql after.sql || fail "a second demo run changed the database"
ok "a second run says 'demo data already present' and changes nothing"

# a database with other organisations is refused, unchanged
run 0 init --db other.db
printf '{"format":"leerpad-catalog","version":1,"organisations":[{"id":"0190a000-0000-7000-8000-000000000001","kind":"employer","name":"Bakkerij Jansen"}]}' >other.json
run 0 import --db other.db other.json
snapshot other.db before.sql
run 1 demo --db other.db
one_line_error
contains err "1 organisation"
snapshot other.db after.sql
cmp -s before.sql after.sql || fail "the refused demo changed the database"
ok "a database with other organisations is refused (exit 1, one line)"

# every demo login logs in, with the role and scope of the table
serve demo.db
fontys=$(sql demo.db "SELECT id FROM organisations WHERE institution_code = '30GB'")
vdl_etg=$(sql demo.db "SELECT id FROM organisations WHERE name = 'VDL ETG'")
ace=$(sql demo.db "SELECT id FROM organisations WHERE short_name = 'ACE'")
check_login() {   # check_login WHO ROLE ORGANISATION-ID-or-empty
	http POST /api/v1/session "{\"email\":\"$1@demo.leerpad.nl\",\"password\":\"demo-wachtwoord\"}"
	[ "$STATUS" = 201 ] || [ "$STATUS" = 200 ] || fail "$1 cannot log in (status $STATUS)"
	if [ -n "$3" ]; then
		contains body "{\"role\":\"$2\",\"organisation_id\":\"$3\"}"
	else
		grep -qE "\\{\"role\":\"$2\",\"organisation_id\":null\\}|\\{\"role\":\"$2\"\\}" body ||
			fail "$1 does not hold $2 everywhere"
	fi
	grep -q '"person_id":"[0-9a-f-]\{36\}"' body || fail "$1 has no person"
}
check_login learner learner "$fontys"
check_login coach coach "$fontys"
check_login examiner examiner "$fontys"
check_login examboard exam_board "$fontys"
check_login programme-manager programme_manager "$fontys"
check_login institution-admin institution_admin "$fontys"
check_login hr employer_hr "$vdl_etg"
check_login supervisor workplace_supervisor "$vdl_etg"
check_login voucher-authority voucher_authority ""
check_login network-coordinator network_coordinator "$ace"
check_login monitor monitor ""
check_login admin system_admin ""
ok "all 12 demo logins log in with their role and scope"

# the learner works at VDL ETG, supervised by the supervisor login's person
[ "$(sql demo.db "SELECT COUNT(*) FROM employments e JOIN accounts l ON l.person_id = e.person_id JOIN accounts s ON s.person_id = e.supervisor_id WHERE l.email = 'learner@demo.leerpad.nl' AND s.email = 'supervisor@demo.leerpad.nl' AND e.employer_id = '$vdl_etg'")" -eq 1 ] ||
	fail "the demo learner is not supervised at VDL ETG by the demo supervisor"
ok "the demo learner is employed at VDL ETG under the demo supervisor"
