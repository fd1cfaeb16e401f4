import { describe, expect, it } from "vitest";
import {
  displayValue,
  parseInfo,
  planCommands,
  READ_COMMANDS,
  replyValue,
  WRITE_COMMANDS,
} from "./redis-commands";

describe("planCommands", () => {
  it("fills a parameter inside one argument, whatever the value holds", () => {
    const [cmd] = planCommands(["GET taskiq:result:{{task_id}}"], READ_COMMANDS, { task_id: "a b; DEL x" });
    expect(cmd).toEqual({
      name: "GET",
      args: ["taskiq:result:a b; DEL x"],
      label: "GET taskiq:result:a b; DEL x",
    });
  });

  it("accepts the allowed read commands with their arity, case-insensitively", () => {
    const planned = planCommands(["llen q", "INFO memory", "INFO", "EXISTS a b"], READ_COMMANDS, {});
    expect(planned.map((c) => c.label)).toEqual(["LLEN q", "INFO memory", "INFO", "EXISTS a b"]);
  });

  it("refuses commands that are not allowed, naming the command and the list", () => {
    expect(() => planCommands(["LLEN q", "DEL q"], READ_COMMANDS, {})).toThrow(
      /commands\[1\] "DEL q": DEL is not allowed here \(allowed: LLEN/,
    );
    expect(() => planCommands(["FLUSHALL"], WRITE_COMMANDS, {})).toThrow(/FLUSHALL is not allowed/);
    expect(() => planCommands(["CONFIG SET x y"], READ_COMMANDS, {})).toThrow(/CONFIG is not allowed/);
  });

  it("refuses a wrong number of arguments and empty filled values", () => {
    expect(() => planCommands(["LLEN a b"], READ_COMMANDS, {})).toThrow(/expected LLEN key/);
    expect(() => planCommands(["GET {{k}}"], READ_COMMANDS, { k: "" })).toThrow(/empty/);
    expect(() => planCommands(["GET {{k}}"], READ_COMMANDS, {})).toThrow(/not a declared parameter/);
    expect(() => planCommands(["INFO all;x"], READ_COMMANDS, {})).toThrow(/section/);
  });

  it("does not treat inherited object keys as commands", () => {
    expect(() => planCommands(["constructor x"], READ_COMMANDS, {})).toThrow(/not allowed/);
  });
});

describe("replies", () => {
  it("turns HGETALL into an object and INFO into its fields", () => {
    const hgetall = planCommands(["HGETALL h"], READ_COMMANDS, {})[0];
    expect(replyValue(hgetall, ["a", "1", "b", "2"])).toEqual({ a: "1", b: "2" });
    const info = planCommands(["INFO memory"], READ_COMMANDS, {})[0];
    expect(replyValue(info, "# Memory\r\nused_memory:1024\r\nmaxmemory:0\r\n")).toEqual({
      used_memory: "1024",
      maxmemory: "0",
    });
    expect(parseInfo("")).toEqual({});
  });

  it("shows nil and caps long values", () => {
    expect(displayValue(null)).toBe("(nil)");
    expect(displayValue(3)).toBe("3");
    expect(displayValue("x".repeat(5000))).toMatch(/… \(5002 characters\)$/);
  });
});
