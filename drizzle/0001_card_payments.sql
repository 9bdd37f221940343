ALTER TYPE "public"."order_status" ADD VALUE 'awaiting_payment' BEFORE 'placed';--> statement-breakpoint
ALTER TYPE "public"."payment_status" ADD VALUE 'pending' BEFORE 'paid';--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "merchant_transaction_id" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "checkout_id" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "refunded_cents" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "last_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "mismatch" text;--> statement-breakpoint
CREATE INDEX "payment_events_payment_idx" ON "payment_events" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "payments_status_idx" ON "payments" USING btree ("status");--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_merchant_transaction_id_unique" UNIQUE("merchant_transaction_id");