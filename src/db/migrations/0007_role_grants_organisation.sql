-- 0007_role_grants_organisation.sql: who holds which role at an
-- organisation. The agreement form's examiner choices and the access
-- checks ask "the examiners (or staff) of this institution", which scanned
-- every role grant: fine for a demo, not for a country's accounts.
CREATE INDEX role_grants_organisation ON role_grants(organisation_id, role);
