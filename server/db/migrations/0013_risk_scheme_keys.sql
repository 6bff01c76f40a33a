ALTER TABLE "responses" DROP CONSTRAINT "responses_scheme_ck";--> statement-breakpoint
ALTER TABLE "zones" DROP CONSTRAINT "zones_level_ck";--> statement-breakpoint
ALTER TABLE "zones" DROP CONSTRAINT "zones_period_ck";--> statement-breakpoint
ALTER TABLE "zones" ALTER COLUMN "scheme" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_zone_scheme_risk_schemes_code_fk" FOREIGN KEY ("zone_scheme") REFERENCES "public"."risk_schemes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zones" ADD CONSTRAINT "zones_response_scheme_fk" FOREIGN KEY ("response_id","scheme") REFERENCES "public"."responses"("id","zone_scheme") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zones" ADD CONSTRAINT "zones_level_fk" FOREIGN KEY ("scheme","level") REFERENCES "public"."risk_levels"("scheme","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zones" ADD CONSTRAINT "zones_period_ck" CHECK ("zones"."ends_at" is null or "zones"."ends_at" >= "zones"."starts_at");