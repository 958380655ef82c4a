-- 0003_learning.sqlite.sql: a version's content is fixed once proposed, and
-- signatures are never changed or removed, whatever the program does.
CREATE TRIGGER agreement_versions_frozen BEFORE UPDATE OF content, content_hash
ON agreement_versions WHEN OLD.status <> 'draft'
BEGIN SELECT RAISE(ABORT, 'a proposed or signed agreement version is never changed'); END;
CREATE TRIGGER agreement_versions_no_delete BEFORE DELETE ON agreement_versions
WHEN OLD.status <> 'draft'
BEGIN SELECT RAISE(ABORT, 'a proposed or signed agreement version is never removed'); END;
CREATE TRIGGER signatures_no_update BEFORE UPDATE ON signatures
BEGIN SELECT RAISE(ABORT, 'signatures are never changed'); END;
CREATE TRIGGER signatures_no_delete BEFORE DELETE ON signatures
BEGIN SELECT RAISE(ABORT, 'signatures are never removed'); END;
