-- A policy version now freezes every language's complete texts when it is published, and its config hash covers
-- them (shared/src/policy-version.ts). Versions published before keep null: their hash covers the config alone.
ALTER TABLE "site_policy_versions" ADD COLUMN "shown_texts" jsonb;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "shown_texts" jsonb;--> statement-breakpoint
-- A published version is what receipts point to as proof of what was shown: it never changes either.
CREATE TRIGGER site_policy_versions_append_only BEFORE UPDATE ON site_policy_versions
  FOR EACH ROW EXECUTE FUNCTION consentgate_refuse_update();
