/**
 * A generated opsdeck.yml for the map benchmarks: `stacks` stacks of `perStack` services, each
 * with one HTTP check against the local switch server. Inside a stack, services sit in layers
 * of five and each depends on two services of the layer below; every stack but each fourth
 * one also depends on the next stack, so the map has cross-stack edges and impact chains.
 */

const ROLES = ["edge", "api", "worker", "store", "infra"];
const WIDTH = 5;

export interface MapConfigOptions {
  port: number;
  stacks: number;
  perStack: number;
  /** Interval of every check but the flip targets'. */
  interval: string;
  /** Service ids whose check runs every second with no flap damping, to flip quickly. */
  fast?: string[];
}

export const serviceId = (stack: number, index: number) => `st${stack}-svc${index}`;
export const checkPath = (id: string) => `/health/${id}`;

export function mapConfig(o: MapConfigOptions): string {
  const fast = new Set(o.fast ?? []);
  const lines = ["version: 1", "settings:", "  discoverContainers: false", "stacks:"];
  for (let k = 0; k < o.stacks; k++) lines.push(`  - id: stack-${k}`, `    name: Stack ${k}`);
  lines.push("services:");
  for (let k = 0; k < o.stacks; k++) {
    for (let i = 0; i < o.perStack; i++) {
      const layer = Math.floor(i / WIDTH);
      const id = serviceId(k, i);
      const deps: string[] = [];
      const below = (layer + 1) * WIDTH;
      if (below < o.perStack) {
        deps.push(serviceId(k, Math.min(o.perStack - 1, below + (i % WIDTH))));
        deps.push(serviceId(k, Math.min(o.perStack - 1, below + ((i + 1) % WIDTH))));
      }
      if (i === 0 && k % 4 !== 3 && k + 1 < o.stacks) deps.push(serviceId(k + 1, o.perStack - 1));
      lines.push(
        `  - id: ${id}`,
        `    name: ${ROLES[layer % ROLES.length]}-${k}-${i}`,
        `    stack: stack-${k}`,
        `    owner: team-${k % 5}`,
        `    tags: [${ROLES[layer % ROLES.length]}, ${k % 2 ? "eu" : "us"}]`,
        `    dependsOn: [${[...new Set(deps)].filter((d) => d !== id).join(", ")}]`,
        "    checks:",
        "      - id: http",
        "        kind: http",
        `        url: http://127.0.0.1:${o.port}${checkPath(id)}`,
        `        interval: ${fast.has(id) ? "1s" : o.interval}`,
        ...(fast.has(id) ? ["        failuresBeforeDown: 1"] : []),
        "        timeout: 2s",
        '        expect: [status == 200, json.status == "ok"]',
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
