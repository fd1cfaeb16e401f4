import type { Document, LineCounter, Node } from "yaml";
import { isMap, isPair, isScalar, isSeq } from "yaml";

/** One problem in a config file. line/column are 1-based; 0 means "no position" (e.g. missing file). */
export interface ConfigError {
  file: string;
  line: number;
  column: number;
  /** Where in the model, like `services[2].checks[0].url`; "" for the whole file. */
  path: string;
  message: string;
}

/** `opsdeck.yml:12:7: services[0].checks[1].kind: expected one of http, tcp, ...` */
export function formatConfigError(e: ConfigError): string {
  const where = e.line > 0 ? `${e.file}:${e.line}:${e.column}` : e.file;
  return e.path ? `${where}: ${e.path}: ${e.message}` : `${where}: ${e.message}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}

/** Builds ConfigErrors against one parsed YAML document, resolving model paths to source offsets. */
export class ErrorSink {
  readonly errors: ConfigError[] = [];
  /** Loads anyway, but probably not what was meant (a timeout longer than its interval). */
  readonly warnings: ConfigError[] = [];
  constructor(
    private readonly file: string,
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  /** Values put in by `${NAME}`, longest first: never quoted back, whatever error mentions them. */
  private readonly substitutions: [value: string, name: string][] = [];

  substituted(value: string, name: string): void {
    // Shorter values (a port, "true") carry no secret and would blur ordinary messages.
    if (value.length < 3) return;
    this.substitutions.push([value, name]);
    this.substitutions.sort((a, b) => b[0].length - a[0].length);
  }

  atOffset(offset: number, path: readonly PropertyKey[], message: string, into = this.errors): void {
    const { line, col } = this.lines.linePos(offset);
    let text = message;
    for (const [value, name] of this.substitutions) text = text.split(value).join(`\${${name}}`);
    into.push({ file: this.file, line, column: col, path: formatPath(path), message: text });
  }

  /** A warning at the value for `path`. */
  warnAtPath(path: readonly PropertyKey[], message: string): void {
    this.atOffset(offsetOf(this.doc, path, "value"), path, message, this.warnings);
  }

  /** At the value for `path`, or at the nearest existing ancestor when the value is missing. */
  atPath(path: readonly PropertyKey[], message: string, extraColumns = 0): void {
    this.atOffset(offsetOf(this.doc, path, "value") + extraColumns, path, message);
  }

  /** At the key `key` of the mapping at `path` (for unknown keys). */
  atKey(path: readonly PropertyKey[], key: string, message: string): void {
    this.atOffset(offsetOf(this.doc, [...path, key], "key"), [...path, key], message);
  }

  /** The scalar node at `path`, if it is one (for column offsets inside strings). */
  scalarAt(path: readonly PropertyKey[]): Node | undefined {
    const node = walk(this.doc, path).node;
    return isScalar(node) ? node : undefined;
  }
}

interface Walked {
  node: unknown;
  keyNode?: unknown;
  complete: boolean;
}

function walk(doc: Document.Parsed, path: readonly PropertyKey[]): Walked {
  let node: unknown = doc.contents;
  let keyNode: unknown;
  for (const segment of path) {
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (pair) {
        keyNode = pair.key;
        // `url:` with no value: point at the key rather than the parent.
        next = pair.value ?? pair.key;
      }
    } else if (isSeq(node) && typeof segment === "number") {
      next = node.items[segment];
      keyNode = undefined;
    }
    if (next === undefined || next === null) return { node, keyNode: undefined, complete: false };
    node = next;
  }
  return { node, keyNode, complete: true };
}

function rangeStart(node: unknown): number {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : 0;
}

function offsetOf(doc: Document.Parsed, path: readonly PropertyKey[], want: "key" | "value"): number {
  const walked = walk(doc, path);
  if (want === "key" && walked.complete && walked.keyNode) return rangeStart(walked.keyNode);
  return rangeStart(walked.node);
}
