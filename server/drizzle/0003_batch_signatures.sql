-- Receipts are now signed per batch: `signature` holds the batch's tree-head JWS and `proof` the receipt's inclusion
-- proof (null for receipts signed one by one before). Services and Consent Mode state stay in the claims only.
ALTER TABLE "receipts" ADD COLUMN "proof" jsonb;--> statement-breakpoint
ALTER TABLE "receipts" DROP COLUMN "services";--> statement-breakpoint
ALTER TABLE "receipts" DROP COLUMN "consent_mode";