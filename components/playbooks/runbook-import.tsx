"use client";

import { useDeferredValue, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import type { ImportCatalog } from "@/lib/runbook-import/catalog";
import { slug } from "@/lib/runbook-import/ids";
import { importRunbook, MAX_INPUT_CHARS } from "@/lib/runbook-import/import-runbook";
import { RunbookImportNotes } from "./runbook-import-notes";

const ALL = "";

/**
 * The import page's workspace: the runbook (pasted or read from a file, in the browser) beside the
 * draft YAML, converted as it is typed; a draft to pick, its source lines, copy and download.
 * Nothing is sent anywhere: the drafts are files for review.
 */
export function RunbookImport({ catalog }: { catalog: ImportCatalog }) {
  const [text, setText] = useState("");
  const [sourceName, setSourceName] = useState<string | undefined>();
  const [picked, setPicked] = useState(ALL);
  const [status, setStatus] = useState("");
  const source = useRef<HTMLTextAreaElement>(null);
  const deferred = useDeferredValue(text);
  const result = useMemo(
    () => (deferred.trim() ? importRunbook(deferred, { catalog, sourceName }) : null),
    [deferred, catalog, sourceName],
  );
  const drafts = result?.playbooks ?? [];
  const draft = drafts.length === 1 ? drafts[0] : drafts.find((d) => d.id === picked);
  const yaml = draft?.yaml ?? result?.yaml ?? "";
  const fileName = `${draft?.id ?? (slug(result?.title ?? "", 60) || "runbook")}.yml`;

  async function readFile(file: File | undefined) {
    if (!file) return;
    if (file.size > MAX_INPUT_CHARS) return setStatus(`${file.name} is larger than ${MAX_INPUT_CHARS} bytes`);
    setText(await file.text());
    setSourceName(file.name);
    setPicked(ALL);
    setStatus(`Read ${file.name}`);
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(yaml);
      setStatus("Copied the YAML");
    } catch {
      setStatus("The browser refused the clipboard: select the YAML and copy it.");
    }
  }

  function download() {
    const url = URL.createObjectURL(new Blob([yaml], { type: "application/yaml" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
    setStatus(`Downloaded ${fileName}`);
  }

  /** Selects the draft's lines in the source, so the two can be read side by side. */
  function showSource(line: number, end: number) {
    const area = source.current;
    if (!area) return;
    const lines = area.value.split("\n");
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    const stop = lines.slice(0, end).reduce((n, l) => n + l.length + 1, 0);
    area.focus();
    area.setSelectionRange(start, Math.max(start, stop - 1));
    area.scrollTop = (area.scrollHeight * (line - 1)) / Math.max(1, lines.length);
  }

  return (
    <div className="space-y-4">
      <div className="grid gap-4 lg:grid-cols-2">
        <section aria-labelledby="runbook-source" className="flex min-w-0 flex-col gap-2">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="runbook-source" className="text-base font-semibold">
              Runbook
            </h2>
            <label className="text-sm">
              <span className="mr-2 text-muted-foreground">Upload</span>
              <input
                type="file"
                accept=".md,.markdown,.txt,text/markdown,text/plain"
                aria-label="Upload a markdown runbook"
                className="text-sm"
                onChange={(e) => void readFile(e.target.files?.[0])}
              />
            </label>
          </div>
          <textarea
            ref={source}
            aria-label="Runbook markdown"
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setSourceName(undefined);
            }}
            spellCheck={false}
            placeholder={
              "# Queue backlog\n\n## Check the queue\n\n```bash\ndocker compose exec redis redis-cli LLEN jobs\n```"
            }
            className="h-[28rem] w-full resize-y rounded-md border border-input bg-background p-3 font-mono text-xs text-foreground lg:h-[36rem]"
          />
        </section>
        <section aria-labelledby="runbook-draft" className="flex min-w-0 flex-col gap-2">
          <div className="flex flex-wrap items-center gap-2">
            <h2 id="runbook-draft" className="mr-auto text-base font-semibold">
              Draft playbooks{drafts.length ? ` (${drafts.length})` : ""}
            </h2>
            {drafts.length > 1 && (
              <Select
                aria-label="Draft"
                value={picked}
                onChange={(e) => setPicked(e.target.value)}
                className="max-w-[16rem]"
              >
                <option value={ALL}>All drafts, one YAML stream</option>
                {drafts.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.title}
                  </option>
                ))}
              </Select>
            )}
            <Button variant="secondary" size="sm" onClick={() => void copy()} disabled={!yaml}>
              Copy
            </Button>
            <Button size="sm" onClick={download} disabled={!yaml}>
              Download YAML
            </Button>
          </div>
          {draft && (
            <p className="text-xs text-muted-foreground">
              <code>{fileName}</code> for <code>playbooks/</code>, from lines {draft.line}-{draft.end}.{" "}
              <button type="button" className="underline" onClick={() => showSource(draft.line, draft.end)}>
                Show in the runbook
              </button>
            </p>
          )}
          <pre
            aria-label="Draft YAML"
            tabIndex={0}
            className="h-[28rem] overflow-auto rounded-md border border-border bg-surface p-3 font-mono text-xs whitespace-pre lg:h-[36rem]"
          >
            {yaml || "Paste a runbook, or upload a .md file: its drafts appear here."}
          </pre>
        </section>
      </div>
      <p role="status" aria-live="polite" className="text-sm text-muted-foreground">
        {status}
      </p>
      {result && <RunbookImportNotes result={result} draftId={draft?.id} />}
    </div>
  );
}
