-- 0002_person_scope.sql: the organisation that registered a person.
-- People are private: an institution's administrators and an employer's HR
-- see the people their organisation registered, employs or has given a
-- role, and nobody else's (domain/authz.c).
ALTER TABLE persons ADD COLUMN registered_by_id TEXT REFERENCES organisations(id);
CREATE INDEX persons_registered_by ON persons(registered_by_id, id);
CREATE INDEX accounts_person ON accounts(person_id);
