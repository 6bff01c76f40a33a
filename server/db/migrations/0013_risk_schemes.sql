CREATE TABLE "risk_levels" (
	"scheme" text NOT NULL,
	"code" text NOT NULL,
	"rank" integer NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	CONSTRAINT "risk_levels_scheme_code_pk" PRIMARY KEY("scheme","code"),
	CONSTRAINT "risk_levels_scheme_rank_uq" UNIQUE("scheme","rank"),
	CONSTRAINT "risk_levels_rank_ck" CHECK ("risk_levels"."rank" >= 1)
);
--> statement-breakpoint
CREATE TABLE "risk_schemes" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "risk_levels" ADD CONSTRAINT "risk_levels_scheme_risk_schemes_code_fk" FOREIGN KEY ("scheme") REFERENCES "public"."risk_schemes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Hand-ordered (the generated order adds keys before the rows they need): the two shipped schemes
-- and their levels, then zones.scheme filled from each zone's response, then the keys.
INSERT INTO "risk_schemes" ("code", "name_zh", "name_en") VALUES
	('sealed_controlled_precaution', '封控区 / 管控区 / 防范区', 'Sealed / controlled / precaution'),
	('high_medium_low', '高 / 中 / 低风险区', 'High / medium / low risk');--> statement-breakpoint
INSERT INTO "risk_levels" ("scheme", "code", "rank", "name_zh", "name_en") VALUES
	('sealed_controlled_precaution', 'sealed', 1, '封控区', 'Sealed area'),
	('sealed_controlled_precaution', 'controlled', 2, '管控区', 'Controlled area'),
	('sealed_controlled_precaution', 'precaution', 3, '防范区', 'Precaution area'),
	('high_medium_low', 'high', 1, '高风险区', 'High-risk area'),
	('high_medium_low', 'medium', 2, '中风险区', 'Medium-risk area'),
	('high_medium_low', 'low', 3, '低风险区', 'Low-risk area');--> statement-breakpoint
ALTER TABLE "responses" DROP CONSTRAINT "responses_scheme_ck";--> statement-breakpoint
ALTER TABLE "zones" DROP CONSTRAINT "zones_level_ck";--> statement-breakpoint
ALTER TABLE "zones" DROP CONSTRAINT "zones_period_ck";--> statement-breakpoint
ALTER TABLE "zones" ADD COLUMN "scheme" text;--> statement-breakpoint
UPDATE "zones" SET "scheme" = r."zone_scheme" FROM "responses" r WHERE r."id" = "zones"."response_id";--> statement-breakpoint
ALTER TABLE "zones" ALTER COLUMN "scheme" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_id_scheme_uq" UNIQUE("id","zone_scheme");--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_zone_scheme_risk_schemes_code_fk" FOREIGN KEY ("zone_scheme") REFERENCES "public"."risk_schemes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zones" ADD CONSTRAINT "zones_response_scheme_fk" FOREIGN KEY ("response_id","scheme") REFERENCES "public"."responses"("id","zone_scheme") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zones" ADD CONSTRAINT "zones_level_fk" FOREIGN KEY ("scheme","level") REFERENCES "public"."risk_levels"("scheme","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zones" ADD CONSTRAINT "zones_period_ck" CHECK ("zones"."ends_at" is null or "zones"."ends_at" >= "zones"."starts_at");
