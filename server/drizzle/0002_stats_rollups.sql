CREATE TABLE "stats_hourly" (
	"site_id" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"method" "consent_method" NOT NULL,
	"receipts" integer NOT NULL,
	CONSTRAINT "stats_hourly_site_id_hour_method_pk" PRIMARY KEY("site_id","hour","method")
);
--> statement-breakpoint
CREATE TABLE "stats_hourly_categories" (
	"site_id" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"category" text NOT NULL,
	"granted" integer NOT NULL,
	"decided" integer NOT NULL,
	CONSTRAINT "stats_hourly_categories_site_id_hour_category_pk" PRIMARY KEY("site_id","hour","category")
);
--> statement-breakpoint
CREATE TABLE "stats_rollup_state" (
	"site_id" text PRIMARY KEY NOT NULL,
	"rolled_up_until" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stats_hourly" ADD CONSTRAINT "stats_hourly_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stats_hourly_categories" ADD CONSTRAINT "stats_hourly_categories_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stats_rollup_state" ADD CONSTRAINT "stats_rollup_state_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;