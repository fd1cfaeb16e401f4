-- CreateTable
CREATE TABLE "PlaybookRun" (
    "id" TEXT NOT NULL,
    "playbookId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "playbook" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "currentStep" TEXT,
    "state" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "severity" TEXT,
    "serviceId" TEXT,
    "incidentId" TEXT,
    "startedById" TEXT NOT NULL,
    "startedBy" TEXT NOT NULL,
    "ownerName" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "PlaybookRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlaybookRunEvent" (
    "id" BIGSERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "type" TEXT NOT NULL,
    "stepId" TEXT,
    "actorName" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "data" JSONB,

    CONSTRAINT "PlaybookRunEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PlaybookRun_status_startedAt_idx" ON "PlaybookRun"("status", "startedAt");

-- CreateIndex
CREATE INDEX "PlaybookRun_playbookId_startedAt_idx" ON "PlaybookRun"("playbookId", "startedAt");

-- CreateIndex
CREATE INDEX "PlaybookRun_serviceId_startedAt_idx" ON "PlaybookRun"("serviceId", "startedAt");

-- CreateIndex
CREATE INDEX "PlaybookRunEvent_runId_id_idx" ON "PlaybookRunEvent"("runId", "id");

-- AddForeignKey
ALTER TABLE "PlaybookRunEvent" ADD CONSTRAINT "PlaybookRunEvent_runId_fkey" FOREIGN KEY ("runId") REFERENCES "PlaybookRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
