-- CreateTable
CREATE TABLE "ScheduleState" (
    "scheduleId" TEXT NOT NULL,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "pausedBy" TEXT,
    "pausedAt" TIMESTAMP(3),
    "pauseReason" TEXT,
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "checkedThrough" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScheduleState_pkey" PRIMARY KEY ("scheduleId")
);

-- CreateTable
CREATE TABLE "ScheduleRun" (
    "id" TEXT NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "occurrence" TIMESTAMP(3) NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "actionRunId" TEXT,
    "playbookRunId" TEXT,
    "missedCount" INTEGER NOT NULL DEFAULT 0,
    "missedFrom" TIMESTAMP(3),
    "message" TEXT,
    "requestedBy" TEXT,
    "claimedBy" TEXT NOT NULL,

    CONSTRAINT "ScheduleRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Artifact" (
    "id" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "bytes" BIGINT,
    "sha256" TEXT,
    "actionRunId" TEXT,
    "scheduleId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),
    "deletedBy" TEXT,

    CONSTRAINT "Artifact_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ScheduleRun_status_idx" ON "ScheduleRun"("status");

-- CreateIndex
CREATE UNIQUE INDEX "ScheduleRun_scheduleId_occurrence_trigger_key" ON "ScheduleRun"("scheduleId", "occurrence", "trigger");

-- CreateIndex
CREATE INDEX "Artifact_serviceId_createdAt_idx" ON "Artifact"("serviceId", "createdAt");

-- CreateIndex
CREATE INDEX "Artifact_scheduleId_createdAt_idx" ON "Artifact"("scheduleId", "createdAt");
