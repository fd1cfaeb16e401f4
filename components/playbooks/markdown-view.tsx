"use client";

import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { parseMarkdown, type Inline } from "@/lib/playbooks/markdown";

/** An instruction step's markdown as elements (never HTML); each code block has a copy button. */
export function MarkdownView({ source }: { source: string }) {
  const blocks = useMemo(() => parseMarkdown(source), [source]);
  return (
    <div className="space-y-2 text-sm leading-relaxed">
      {blocks.map((b, i) => {
        switch (b.kind) {
          case "heading": {
            const H = b.level === 3 ? "h3" : "h4";
            return (
              <H key={i} className="pt-1 font-semibold">
                <Inlines content={b.content} />
              </H>
            );
          }
          case "paragraph":
            return (
              <p key={i}>
                <Inlines content={b.content} />
              </p>
            );
          case "list": {
            const L = b.ordered ? "ol" : "ul";
            return (
              <L key={i} className={b.ordered ? "list-decimal space-y-1 pl-5" : "list-disc space-y-1 pl-5"}>
                {b.items.map((item, j) => (
                  <li key={j}>
                    <Inlines content={item} />
                  </li>
                ))}
              </L>
            );
          }
          case "code":
            return <CodeBlock key={i} text={b.text} lang={b.lang} />;
        }
      })}
    </div>
  );
}

function Inlines({ content }: { content: Inline[] }) {
  return content.map((part, i) => {
    switch (part.kind) {
      case "text":
        return <span key={i}>{part.text}</span>;
      case "code":
        return (
          <code key={i} className="rounded bg-muted px-1 font-mono text-[0.85em]">
            {part.text}
          </code>
        );
      case "strong":
        return <strong key={i}>{part.text}</strong>;
      case "link":
        return (
          <a
            key={i}
            href={part.href}
            target="_blank"
            rel="noreferrer noopener"
            className="text-primary underline"
          >
            {part.text}
          </a>
        );
    }
  });
}

function CodeBlock({ text, lang }: { text: string; lang?: string }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }
  return (
    <div className="relative rounded-md border border-border bg-muted">
      <pre
        className="overflow-x-auto p-3 pr-20 font-mono text-xs"
        aria-label={lang ? `${lang} command` : "command"}
      >
        <code>{text}</code>
      </pre>
      <Button
        variant="secondary"
        size="sm"
        className="absolute top-1.5 right-1.5"
        onClick={() => void copy()}
      >
        {copied === "yes" ? "Copied" : "Copy"}
      </Button>
      {copied === "failed" && (
        <p className="px-3 pb-2 text-xs text-danger">
          The browser refused the clipboard: select the text and copy it.
        </p>
      )}
    </div>
  );
}
