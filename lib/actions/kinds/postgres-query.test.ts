import { describe, expect, it } from "vitest";
import { textTable } from "./postgres-query";

describe("textTable", () => {
  it("aligns columns, shows NULL and flattens line breaks", () => {
    expect(
      textTable(
        ["id", "name"],
        [
          [1, "a\nb"],
          [22, null],
        ],
      ),
    ).toEqual(["id | name", "---+-----", "1  | a b", "22 | NULL"]);
  });

  it("cuts long cells so one value cannot flood the output", () => {
    const [, , row] = textTable(["v"], [["x".repeat(100)]]);
    expect(row).toHaveLength(40);
    expect(row.endsWith("…")).toBe(true);
  });
});
