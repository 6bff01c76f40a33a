ALTER TABLE "round_pool_sizes" DROP CONSTRAINT "round_pool_sizes_level_ck";--> statement-breakpoint
-- Hand-ordered: the column is filled before it is made not null. Level codes are unique over the two
-- shipped schemes, so each existing row takes the scheme its level belongs to.
ALTER TABLE "round_pool_sizes" ADD COLUMN "scheme" text;--> statement-breakpoint
UPDATE "round_pool_sizes" p SET "scheme" = (SELECT l."scheme" FROM "risk_levels" l WHERE l."code" = p."level" ORDER BY l."scheme" LIMIT 1);--> statement-breakpoint
ALTER TABLE "round_pool_sizes" ALTER COLUMN "scheme" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "round_pool_sizes" ADD CONSTRAINT "round_pool_sizes_level_fk" FOREIGN KEY ("scheme","level") REFERENCES "public"."risk_levels"("scheme","code") ON DELETE no action ON UPDATE no action;
