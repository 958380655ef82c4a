#!/usr/bin/env bash
# catalog_io.sh: `leerpad export` and `leerpad import` round-trip the
# catalog with its ids; a bad document changes nothing and names the record.
. "$(dirname "$0")/lib.sh"

run 0 demo --db a.db

# export: one document with every catalog record
run 0 export --db a.db --out one.json
[ ! -s out ] || fail "export --out also wrote to stdout"
for list in organisations network_memberships programmes outcomes offerings; do
	want=$(sql a.db "SELECT COUNT(*) FROM $list")
	got=$(grep -c '"id": "' <(sed -n "/^  \"$list\": \[/,/^  \]/p" one.json)) || true
	# offerings list their outcome_ids but not under the key "id"
	[ "$got" -eq "$want" ] || fail "the export holds $got $list, the database $want"
done
head -n 3 one.json | grep -q '"format": "leerpad-catalog"' || fail "no format in the export"
grep -q '"version": 1,' one.json || fail "no version 1 in the export"
if grep -q '"created_at"\|"updated_at"\|"password' one.json; then
	fail "the export holds bookkeeping or people's data"
fi
if grep -q 'demo.leerpad.nl' one.json; then fail "the export holds accounts"; fi
run 0 export --db a.db
cmp -s out one.json || fail "export to stdout differs from export --out"
ok "export writes the catalog as one document, to a file or stdout"

# round trip: import into an empty database and export again
run 0 import --db b.db one.json
contains out "131 created, 0 updated, 0 unchanged"
run 0 export --db b.db --out two.json
cmp -s one.json two.json || { diff one.json two.json | head -20 >&2; fail "the round trip changed the document"; }
[ "$(sql b.db "SELECT COUNT(*) FROM audit_log WHERE action = 'create'")" -eq 131 ] ||
	fail "the imported records are not audited"
ok "export, import into an empty database, export gives the same document"

# a second import changes nothing; from stdin too
snapshot b.db before.sql
run 0 import --db b.db - <one.json
contains out "0 created, 0 updated, 131 unchanged"
snapshot b.db after.sql
cmp -s before.sql after.sql || fail "importing the same document again changed the database"
ok "importing the same document again changes nothing"

# a changed record is updated in place, keeping its id
id=$(sql b.db "SELECT id FROM programmes WHERE name = 'Automotive (deeltijd)'")
sed "s/\"Automotive (deeltijd)\"/\"Automotive Engineering (deeltijd)\"/" one.json >changed.json
run 0 import --db b.db changed.json
contains out "0 created, 1 updated, 130 unchanged"
[ "$(sql b.db "SELECT name || ' ' || version FROM programmes WHERE id = '$id'")" = "Automotive Engineering (deeltijd) 2" ] ||
	fail "the programme was not updated in place"
ok "a changed record is updated under its own id"

# bad documents: exit 1, one line naming the record and field, nothing written
snapshot b.db before.sql
bad() {   # bad FILE TEXT-IN-MESSAGE
	run 1 import --db b.db "$1"
	one_line_error
	contains err "$2"
	snapshot b.db after.sql
	cmp -s before.sql after.sql || fail "the bad document $1 changed the database"
}
# jedit IN OUT PATH VALUE: OUT is IN with the JSON value at PATH replaced
# (SQLite's JSON functions; VALUE is JSON text).
jedit() {
	sqlite3 -batch :memory: "SELECT json_set(readfile('$1'), '$3', json('$4'))" >"$2"
}
# partial.json renames a programme (an update that comes first) and then
# breaks one record: the update must be rolled back with the rest
sed 's/"name": "Automotive Engineering (deeltijd)"/"name": "Automotive Engineering (voltijd)"/' changed.json >partial.json
jedit partial.json bad_ec.json '$.programmes[4].total_ec' '"veel"'
bad bad_ec.json 'programmes[4].total_ec: must be a number (record '
grep -q '(record [0-9a-f-]\{36\})$' err || fail "the message does not name the record's id"
jedit partial.json bad_ref.json '$.offerings[#-1].outcome_ids[0]' '"0190a000-0000-7000-8000-00000000dead"'
bad bad_ref.json "offerings[$(( $(sql b.db 'SELECT COUNT(*) FROM offerings') - 1 ))].outcome_ids"
jedit partial.json bad_kind.json '$.organisations[0].kind' '"school"'
bad bad_kind.json 'organisations[0].kind'
jedit partial.json bad_date.json '$.offerings[2].end_date' '"2020-01-01"'
bad bad_date.json 'offerings[2].end_date'
jedit partial.json bad_type.json '$.outcomes[1]' '"an outcome"'
bad bad_type.json 'outcomes[1]: a record must be a JSON object'
jedit partial.json bad_twice.json '$.outcomes[1].id' "\"$(sql b.db 'SELECT id FROM outcomes ORDER BY id LIMIT 1')\""
bad bad_twice.json 'outcomes[1].id: appears twice'
printf '{"format":"leerpad-catalog","version":1,"programmes":[{"id":"%s","unknown_field":1}]}' "$id" >bad_field.json
bad bad_field.json 'programmes[0].unknown_field'
printf '{"format":"leerpad-catalog","version":2}' >bad_version.json
bad bad_version.json 'version'
printf '{"format":"leerpad-catalog","version":1,"accounts":[]}' >bad_list.json
bad bad_list.json 'accounts'
printf '{"format":"leerpad-catalog","version":1,"organisations":[{"id":"not-an-id","kind":"employer","name":"X"}]}' >bad_id.json
bad bad_id.json 'organisations[0].id'
printf '{"format":"leerpad-catalog","version":1,"organisations":[' >bad_json.json
bad bad_json.json 'bad_json.json: line'
printf '{"format":"leerpad-catalog","format":"leerpad-catalog","version":1}' >bad_dup.json
bad bad_dup.json 'duplicate'
ok "bad documents exit 1 with one line naming record and field, and change nothing"

# the outcome's programme cannot be moved by an import (immutable field)
outcome=$(sql b.db "SELECT o.id FROM outcomes o JOIN programmes p ON p.id = o.programme_id WHERE p.name = 'HBO-ICT (deeltijd)' LIMIT 1")
other=$(sql b.db "SELECT id FROM programmes WHERE name = 'Associate degree Engineering'")
sql b.db "SELECT json_object('format', 'leerpad-catalog', 'version', 1, 'outcomes', json_array(json_object('id', id, 'programme_id', '$other', 'code', code, 'title', title, 'ec', ec / 10)))
	FROM outcomes WHERE id = '$outcome'" >bad_move.json
bad bad_move.json 'outcomes[0].programme_id'
contains err 'cannot be changed'
ok "an import cannot change an immutable field"
