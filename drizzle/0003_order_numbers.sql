CREATE TABLE "order_numbers" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "order_numbers_single_row" CHECK ("order_numbers"."id" = 1)
);
--> statement-breakpoint
DROP SEQUENCE "public"."order_number_seq";