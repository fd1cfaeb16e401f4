import { describe, expect, it } from "vitest";
import { DEFAULT_CALLBACK, safeCallbackPath } from "./callback-url";

describe("safeCallbackPath: where sign-in sends the browser", () => {
  it.each([
    ["/services/web", "/services/web"],
    ["/audit?outcome=denied#top", "/audit?outcome=denied#top"],
    ["/settings/users", "/settings/users"],
  ])("keeps the console's own path %s", (raw, expected) => {
    expect(safeCallbackPath(raw)).toBe(expected);
  });

  it.each([
    "//other.host/x",
    "/\\other.host/x",
    "/\\\\other.host",
    "/\t/other.host/x",
    "/\n/other.host/x",
    "/\r\n/other.host",
    " //other.host",
    "https://other.host/x",
    "javascript:alert(1)",
    "other.host",
    "",
    "/login",
    "/login?callbackUrl=/login",
  ])("refuses %j and goes to the map instead", (raw) => {
    expect(safeCallbackPath(raw)).toBe(DEFAULT_CALLBACK);
  });

  it("refuses repeated or missing values", () => {
    expect(safeCallbackPath(["/a", "/b"])).toBe(DEFAULT_CALLBACK);
    expect(safeCallbackPath(undefined)).toBe(DEFAULT_CALLBACK);
  });
});
