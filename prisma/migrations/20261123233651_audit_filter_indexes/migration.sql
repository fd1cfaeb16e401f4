-- DropIndex
DROP INDEX "AuditEvent_action_seq_idx";

-- DropIndex
DROP INDEX "AuditEvent_actorName_seq_idx";

-- DropIndex
DROP INDEX "AuditEvent_outcome_seq_idx";

-- DropIndex
DROP INDEX "AuditEvent_target_seq_idx";

-- CreateIndex
CREATE INDEX "AuditEvent_actorName_seq_action_outcome_target_at_idx" ON "AuditEvent"("actorName", "seq", "action", "outcome", "target", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_action_seq_actorName_outcome_target_at_idx" ON "AuditEvent"("action", "seq", "actorName", "outcome", "target", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_target_seq_actorName_action_outcome_at_idx" ON "AuditEvent"("target", "seq", "actorName", "action", "outcome", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_outcome_seq_actorName_action_target_at_idx" ON "AuditEvent"("outcome", "seq", "actorName", "action", "target", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_seq_at_idx" ON "AuditEvent"("seq", "at");
