import { describe, expect, it } from "vitest";
import { parseInline, parseMarkdown } from "./markdown";

describe("instruction markdown", () => {
  it("reads a runbook step: prose, a copyable command, a list and a link", () => {
    const blocks = parseMarkdown(
      [
        "## Check the queue",
        "Look at the depth with `redis-cli`:",
        "",
        "```bash",
        "  docker compose exec redis redis-cli LLEN jobs",
        "```",
        "",
        "- above **1000**: scale the workers",
        "- see https://wiki.example.com/queues.",
        "1. first",
        "2. second",
      ].join("\n"),
    );
    expect(blocks).toEqual([
      { kind: "heading", level: 3, content: [{ kind: "text", text: "Check the queue" }] },
      {
        kind: "paragraph",
        content: [
          { kind: "text", text: "Look at the depth with " },
          { kind: "code", text: "redis-cli" },
          { kind: "text", text: ":" },
        ],
      },
      { kind: "code", lang: "bash", text: "docker compose exec redis redis-cli LLEN jobs" },
      {
        kind: "list",
        ordered: false,
        items: [
          [
            { kind: "text", text: "above " },
            { kind: "strong", text: "1000" },
            { kind: "text", text: ": scale the workers" },
          ],
          [
            { kind: "text", text: "see " },
            {
              kind: "link",
              text: "https://wiki.example.com/queues",
              href: "https://wiki.example.com/queues",
            },
            { kind: "text", text: "." },
          ],
        ],
      },
      {
        kind: "list",
        ordered: true,
        items: [[{ kind: "text", text: "first" }], [{ kind: "text", text: "second" }]],
      },
    ]);
  });

  it("never makes a link of a script or data URL", () => {
    expect(parseInline("[click](javascript:alert(1))")).toEqual([
      { kind: "text", text: "[click](javascript:alert(1)" },
      { kind: "text", text: ")" },
    ]);
    expect(parseInline("[docs](https://example.com/a)")).toEqual([
      { kind: "link", text: "docs", href: "https://example.com/a" },
    ]);
  });

  it("keeps an unclosed fence as code to the end rather than losing it", () => {
    expect(parseMarkdown("```\npg_dump app > x.sql")).toEqual([
      { kind: "code", text: "pg_dump app > x.sql" },
    ]);
  });
});
