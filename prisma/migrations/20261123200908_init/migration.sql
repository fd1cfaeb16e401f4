-- CreateEnum
CREATE TYPE "Role" AS ENUM ('viewer', 'operator', 'admin');

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'viewer',
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "sessionVersion" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastLoginAt" TIMESTAMP(3),

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CheckSample" (
    "id" BIGSERIAL NOT NULL,
    "serviceId" TEXT NOT NULL,
    "checkId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "latencyMs" INTEGER NOT NULL,
    "message" TEXT NOT NULL,
    "metrics" JSONB,

    CONSTRAINT "CheckSample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StateChange" (
    "id" BIGSERIAL NOT NULL,
    "scope" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "serviceId" TEXT,
    "fromState" TEXT,
    "toState" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StateChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CheckRollup" (
    "serviceId" TEXT NOT NULL,
    "checkId" TEXT NOT NULL,
    "bucket" TEXT NOT NULL,
    "bucketStart" TIMESTAMP(3) NOT NULL,
    "total" INTEGER NOT NULL,
    "up" INTEGER NOT NULL,
    "degraded" INTEGER NOT NULL,
    "down" INTEGER NOT NULL,
    "latencySum" DOUBLE PRECISION NOT NULL,
    "latencyMax" INTEGER NOT NULL,
    "metrics" JSONB,

    CONSTRAINT "CheckRollup_pkey" PRIMARY KEY ("serviceId","checkId","bucket","bucketStart")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "CheckSample_serviceId_checkId_at_idx" ON "CheckSample"("serviceId", "checkId", "at");

-- CreateIndex
CREATE INDEX "CheckSample_at_idx" ON "CheckSample"("at");

-- CreateIndex
CREATE INDEX "StateChange_entityId_at_idx" ON "StateChange"("entityId", "at");

-- CreateIndex
CREATE INDEX "StateChange_at_idx" ON "StateChange"("at");

-- CreateIndex
CREATE INDEX "CheckRollup_bucket_bucketStart_idx" ON "CheckRollup"("bucket", "bucketStart");
