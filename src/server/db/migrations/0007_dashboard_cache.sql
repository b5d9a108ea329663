CREATE INDEX "evaluation_computed_at_idx" ON "evaluation" USING btree ("computed_at");--> statement-breakpoint
CREATE INDEX "submission_updated_at_idx" ON "submission" USING btree ("updated_at");