import { describe, expect, it } from "vitest";
import { BACKUP_NAME, backupFileName, backupsIn } from "./backup-files";

describe("backup file names", () => {
  const at = new Date("2026-08-04T12:30:01.456Z");

  it("names dumps by service, database and UTC time", () => {
    expect(backupFileName("shop.db", "app", "custom", at)).toBe("shop.db-app-20260804T123001Z.dump");
    expect(backupFileName("shop/db", "my db", "plain", at)).toBe("shop_db-my_db-20260804T123001Z.sql");
    expect(BACKUP_NAME.test(backupFileName("shop.db", "app", "custom", at))).toBe(true);
  });

  it("lists only this service's finished backups, newest first", () => {
    const names = [
      "shop.db-app-20260804T123001Z.dump",
      "shop.db-app-20260805T000000Z.sql",
      "shop.db-app-20260806T000000Z.dump.partial",
      "other-app-20260807T000000Z.dump",
      "shop.db-app-notes.txt",
      "../shop.db-app-20260808T000000Z.dump",
    ];
    expect(backupsIn(names, "shop.db")).toEqual([
      "shop.db-app-20260805T000000Z.sql",
      "shop.db-app-20260804T123001Z.dump",
    ]);
  });
});
