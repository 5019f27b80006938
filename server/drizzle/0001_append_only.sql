-- Receipts are evidence: once written they never change. Rows leave only by retention purge or erasure (DELETE).
CREATE OR REPLACE FUNCTION consentgate_refuse_update() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER receipts_append_only BEFORE UPDATE ON receipts
  FOR EACH ROW EXECUTE FUNCTION consentgate_refuse_update();
--> statement-breakpoint
-- The audit log may not be altered or deleted at all.
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION consentgate_refuse_update();
