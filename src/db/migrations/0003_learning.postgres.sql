-- 0003_learning.postgres.sql: a version's content is fixed once proposed, and
-- signatures are never changed or removed, whatever the program does.
CREATE FUNCTION agreement_version_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'a proposed or signed agreement version is never removed';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status <> 'draft' AND (NEW.content IS DISTINCT FROM OLD.content OR
                                NEW.content_hash IS DISTINCT FROM OLD.content_hash) THEN
    RAISE EXCEPTION 'a proposed or signed agreement version is never changed';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER agreement_versions_frozen BEFORE UPDATE OR DELETE ON agreement_versions
FOR EACH ROW EXECUTE FUNCTION agreement_version_refuse_change();
CREATE FUNCTION signatures_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'signatures are never changed or removed';
END
$$;
CREATE TRIGGER signatures_no_change BEFORE UPDATE OR DELETE ON signatures
FOR EACH ROW EXECUTE FUNCTION signatures_refuse_change();
