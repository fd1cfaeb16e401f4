/**
 * Reads shell text the way a person reads it, never runs it: logical lines (prompts, `\`
 * continuations, open quotes), then words and operators, so `docker compose ... logs worker |
 * grep x` is known as a logs search on `worker` filtered by `x`. Linear in the input; lines past
 * MAX_LINE are kept as text but not taken apart.
 */

export interface SimpleCommand {
  argv: string[];
  /** `<` and `>` targets, e.g. `psql db < backup.sql`. */
  stdin?: string;
  stdout?: string;
}

export interface ShellCommand {
  /** The logical line as written (continuations joined), prompt removed. */
  text: string;
  /** 0-based line in the block where it starts. */
  line: number;
  /** Commands joined by `&&`, `;` or `||`; each is a pipeline (the first does the work, the rest filter). */
  pipelines: SimpleCommand[][];
}

const MAX_LINE = 20_000;

/** Words that start a command in prose or in a paragraph without a fence. */
export const COMMAND_WORDS = new Set(
  (
    "docker docker-compose podman kubectl helm oc curl wget http https redis-cli psql pg_dump pg_dumpall " +
    "pg_restore pg_isready pg_ctl mysql mysqldump mysqladmin mongo mongosh sqlite3 systemctl service " +
    "journalctl git make npm npx yarn pnpm pip pip3 poetry python python3 node bun deno pm2 ssh scp rsync " +
    "cd ls cat tail head less grep egrep rg find rm cp mv mkdir chmod chown sudo export echo kill pkill " +
    "killall ps top htop lsof netstat ss df du free uptime ollama alembic bash sh zsh nano vim vi tar " +
    "gzip gunzip unzip aws gcloud az terraform ansible ansible-playbook nginx supervisorctl crontab " +
    "openssl dig nslookup ping traceroute nc telnet jq celery gunicorn uvicorn dmesg watch env nohup touch " +
    "tee sed awk sort wc date ip iptables ufw certbot vault consul nomad cargo go mvn gradle dotnet php " +
    "composer bundle rake rails apt apt-get yum dnf brew snap rabbitmqctl etcdctl nodetool cqlsh " +
    "redis-server taskiq flask django-admin"
  ).split(" "),
);

/** Words after a command word that say the line is English, not a command ("make sure ..."). */
const PROSE_NEXT = new Set("sure the a an it that this is are was to of and or if".split(" "));

/** A line that reads as a command: `$ cmd`, a known command word, `./script`, or `VAR=x cmd`. */
export function isCommandLine(line: string): boolean {
  const text = line.trim().slice(0, 300);
  if (text.startsWith("$ ")) return true;
  const words = text.split(/\s+/);
  let i = 0;
  while (i < words.length - 1 && /^[A-Z_][A-Z0-9_]*=\S*$/.test(words[i])) i++;
  const first = words[i] ?? "";
  if (/^(\.{1,2}\/|~\/|\/)[\w./-]+$/.test(first) && /\.(sh|py|js|rb)$|\/bin\//.test(first)) return true;
  if (!COMMAND_WORDS.has(first)) return false;
  return !PROSE_NEXT.has((words[i + 1] ?? "").toLowerCase());
}

/** Every logical command line of a block of shell text (comments and prompt-less output skipped). */
export function shellCommands(code: string): ShellCommand[] {
  const lines = code.split("\n");
  const prompted = lines.some((l) => /^\s*\$ /.test(l));
  const out: ShellCommand[] = [];
  for (let i = 0; i < lines.length; i++) {
    let text = lines[i].trim();
    if (!text || text.startsWith("#")) continue;
    if (prompted) {
      if (!text.startsWith("$ ")) continue;
      text = text.slice(2).trim();
    } else if (text.startsWith("$ ")) text = text.slice(2).trim();
    const start = i;
    while (i + 1 < lines.length && continues(text)) {
      i++;
      const next = lines[i].trim();
      text = endsWithBackslash(text) ? `${text.slice(0, -1).trimEnd()} ${next}` : `${text}\n${next}`;
      if (text.length > MAX_LINE) break;
    }
    out.push({ text, line: start, pipelines: text.length > MAX_LINE ? [] : parseCommandLine(text) });
  }
  return out;
}

function endsWithBackslash(text: string): boolean {
  const m = /\\+$/.exec(text);
  return m !== null && m[0].length % 2 === 1;
}

function continues(text: string): boolean {
  if (endsWithBackslash(text)) return true;
  if (/(\|\||&&|\|)\s*$/.test(text.slice(-4))) return true;
  return openQuote(text);
}

/** Whether a quote is still open at the end of `text`. */
function openQuote(text: string): boolean {
  let quote = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = "";
      else if (c === "\\" && quote === '"') i++;
    } else if (c === "\\") i++;
    else if (c === "'" || c === '"') quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(text[i - 1]))) return false;
  }
  return quote !== "";
}

type Token = { word: string } | { op: string };

/** Words and operators of one logical line; quotes removed, `$(...)` kept as written. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let word = "";
  let inWord = false;
  const push = () => {
    if (inWord) tokens.push({ word });
    word = "";
    inWord = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      const stop = end < 0 ? text.length : end;
      word += text.slice(i + 1, stop);
      inWord = true;
      i = stop;
    } else if (c === '"') {
      inWord = true;
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === "\\" && i + 1 < text.length && '"\\$`'.includes(text[i + 1])) i++;
        word += text[i];
      }
    } else if (c === "\\") {
      if (i + 1 < text.length) word += text[++i];
      inWord = true;
    } else if (c === "$" && text[i + 1] === "(") {
      let depth = 0;
      const from = i;
      for (; i < text.length; i++) {
        if (text[i] === "(") depth++;
        else if (text[i] === ")" && --depth === 0) break;
      }
      word += text.slice(from, i + 1);
      inWord = true;
    } else if (c === "#" && !inWord) {
      break;
    } else if (/\s/.test(c)) {
      push();
    } else if (c === "<" && /^<[A-Za-z][\w.-]{0,40}>/.test(text.slice(i, i + 44))) {
      // `<task_id>`: a placeholder the reader fills in, not a redirection.
      const end = text.indexOf(">", i);
      word += text.slice(i, end + 1);
      inWord = true;
      i = end;
    } else if ("|&;<>".includes(c)) {
      const op = /^(\|\||&&|>>|>&[12]|&>|[|&;<>])/.exec(text.slice(i, i + 3))![0];
      // `2>` and `2>&1`: the 2 belongs to the operator.
      if (word === "2" && op.startsWith(">")) inWord = false;
      push();
      tokens.push({ op });
      i += op.length - 1;
    } else {
      word += c;
      inWord = true;
    }
  }
  push();
  return tokens;
}

export function parseCommandLine(text: string): SimpleCommand[][] {
  const sequence: SimpleCommand[][] = [];
  let pipeline: SimpleCommand[] = [];
  let current: SimpleCommand = { argv: [] };
  let redirect: "stdin" | "stdout" | "" = "";
  const endCommand = () => {
    if (current.argv.length) pipeline.push(current);
    current = { argv: [] };
  };
  const endPipeline = () => {
    endCommand();
    if (pipeline.length) sequence.push(pipeline);
    pipeline = [];
  };
  for (const token of tokenize(text)) {
    if ("word" in token) {
      if (redirect) current[redirect] = token.word;
      else current.argv.push(token.word);
      redirect = "";
    } else if (token.op === "|") endCommand();
    else if (token.op === "<") redirect = "stdin";
    else if (token.op.startsWith(">&")) continue;
    else if (token.op.startsWith(">") || token.op === "&>") redirect = "stdout";
    else endPipeline();
  }
  endPipeline();
  return sequence;
}

/** The command without `sudo`, `env`, `time`, `nohup` and leading `VAR=value` assignments. */
export function bareArgv(argv: readonly string[]): string[] {
  let i = 0;
  while (i < argv.length) {
    const w = argv[i];
    if (w === "sudo" || w === "time" || w === "nohup" || w === "env") i++;
    else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) i++;
    else if (argv[i - 1] === "sudo" && /^-[A-Za-z]$/.test(w)) i += w === "-u" ? 2 : 1;
    else break;
  }
  return argv.slice(i);
}
