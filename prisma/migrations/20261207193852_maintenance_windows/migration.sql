-- CreateTable
CREATE TABLE "MaintenanceWindow" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "notes" TEXT,
    "services" JSONB NOT NULL,
    "stacks" JSONB NOT NULL,
    "tags" JSONB NOT NULL,
    "owner" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3),
    "cron" TEXT,
    "durationMs" INTEGER,
    "timeZone" TEXT,
    "playbookId" TEXT,
    "announceMs" INTEGER,
    "endedAt" TIMESTAMP(3),
    "endedBy" TEXT,
    "cancelledAt" TIMESTAMP(3),
    "cancelledBy" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MaintenanceWindow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MaintenanceEvent" (
    "id" BIGSERIAL NOT NULL,
    "windowId" TEXT NOT NULL,
    "occurrence" TIMESTAMP(3) NOT NULL,
    "type" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,
    "title" TEXT NOT NULL,
    "services" JSONB NOT NULL,
    "message" TEXT NOT NULL,
    "playbookRunId" TEXT,
    "claimedBy" TEXT NOT NULL,

    CONSTRAINT "MaintenanceEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MaintenanceWindow_cancelledAt_endsAt_idx" ON "MaintenanceWindow"("cancelledAt", "endsAt");

-- CreateIndex
CREATE INDEX "MaintenanceEvent_at_idx" ON "MaintenanceEvent"("at");

-- CreateIndex
CREATE UNIQUE INDEX "MaintenanceEvent_windowId_occurrence_type_key" ON "MaintenanceEvent"("windowId", "occurrence", "type");
