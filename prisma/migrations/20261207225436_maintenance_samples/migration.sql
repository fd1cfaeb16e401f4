-- AlterTable
ALTER TABLE "CheckRollup" ADD COLUMN     "maintenance" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "CheckSample" ADD COLUMN     "maintenance" BOOLEAN NOT NULL DEFAULT false;
