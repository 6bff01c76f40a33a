ALTER TABLE "assignments" ADD COLUMN "ended_by" integer;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_ended_by_users_id_fk" FOREIGN KEY ("ended_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- custom (keep when regenerating)
-- Best effort for rows ended before the column: who ended by hand (end_assignment), by closing a
-- branch (close_org lists the branch's ended posts) or a response (close_response lists them all);
-- a past period recorded with its end was ended by whoever recorded it. Ends the seed made stay null.
UPDATE "assignments" a SET "ended_by" = e."user_id"
FROM (
  SELECT l."subject_id" AS "id", l."user_id" FROM "audit_log" l
  WHERE l."action" = 'end_assignment' AND l."subject_type" = 'assignment' AND l."user_id" IS NOT NULL
  UNION ALL
  SELECT x ->> 'id', l."user_id" FROM "audit_log" l, jsonb_array_elements(l."details" -> 'after' -> 'assignments') x
  WHERE l."action" = 'close_org' AND l."user_id" IS NOT NULL AND jsonb_typeof(l."details" -> 'after' -> 'assignments') = 'array'
  UNION ALL
  SELECT x ->> 'id', l."user_id" FROM "audit_log" l, jsonb_array_elements(l."details" -> 'after' -> 'endedAssignments') x
  WHERE l."action" = 'close_response' AND l."user_id" IS NOT NULL AND jsonb_typeof(l."details" -> 'after' -> 'endedAssignments') = 'array'
) e
WHERE a."id"::text = e."id" AND a."ends_at" IS NOT NULL AND a."ended_by" IS NULL;--> statement-breakpoint
UPDATE "assignments" a SET "ended_by" = a."assigned_by"
WHERE a."ends_at" IS NOT NULL AND a."ended_by" IS NULL AND a."assigned_by" IS NOT NULL AND EXISTS (
  SELECT 1 FROM "audit_log" l WHERE l."action" = 'assign' AND l."subject_type" = 'assignment' AND l."subject_id" = a."id"::text AND l."details" -> 'after' ->> 'endsAt' IS NOT NULL
);
