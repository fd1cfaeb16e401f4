import { describe, expect, it } from "vitest";
import type { ContainerSpec, ContainerSummary } from "@/lib/infra/docker";
import { membersOf, planScale, replicaName, replicaSpec, withEnv, type ComposeMember } from "./compose-clone";

const shop = { project: "shop", service: "api" };

function summary(name: string, labels: Record<string, string>, state = "running"): ContainerSummary {
  return {
    id: `id-${name}`,
    name,
    image: "x",
    created: new Date(0),
    state,
    status: "",
    health: "none",
    labels,
    networks: {},
  };
}
const composeLabels = (project: string, service: string, n: number, oneoff = "False") => ({
  "com.docker.compose.project": project,
  "com.docker.compose.service": service,
  "com.docker.compose.container-number": String(n),
  "com.docker.compose.oneoff": oneoff,
});
const member = (number: number, state = "running"): ComposeMember => ({
  id: `id-${number}`,
  name: `shop-api-${number}`,
  state,
  number,
  labels: composeLabels("shop", "api", number),
});

describe("membersOf", () => {
  it("keeps the service's containers in every state, by number, without one-off runs or other services", () => {
    const list = [
      summary("shop-api-10", composeLabels("shop", "api", 10), "exited"),
      summary("shop-api-2", composeLabels("shop", "api", 2)),
      summary("shop-api-run-1", composeLabels("shop", "api", 1, "True")),
      summary("shop-web-1", composeLabels("shop", "web", 1)),
      summary("other-api-1", composeLabels("other", "api", 1)),
      summary("plain", {}),
    ];
    expect(membersOf(list, shop).map((m) => [m.name, m.number, m.state])).toEqual([
      ["shop-api-2", 2, "running"],
      ["shop-api-10", 10, "exited"],
    ]);
  });
});

describe("replicaName", () => {
  it("follows the naming of the existing containers", () => {
    expect(replicaName(shop, 3, ["shop-api-1"])).toBe("shop-api-3");
    expect(replicaName(shop, 3, ["shop_api_1"])).toBe("shop_api_3");
    expect(replicaName(shop, 2, ["shop_api_custom"])).toBe("shop-api-2");
  });
});

describe("withEnv", () => {
  it("changes only the one variable, in place, and says what it was", () => {
    expect(withEnv(["A=1", "LOG_LEVEL=INFO", "B=x=y"], "LOG_LEVEL", "DEBUG")).toEqual({
      env: ["A=1", "LOG_LEVEL=DEBUG", "B=x=y"],
      previous: "INFO",
    });
  });

  it("adds a variable that was not set, and does not confuse prefixes", () => {
    expect(withEnv(["LOG_LEVEL_X=1"], "LOG_LEVEL", "DEBUG")).toEqual({
      env: ["LOG_LEVEL_X=1", "LOG_LEVEL=DEBUG"],
      previous: undefined,
    });
  });
});

describe("replicaSpec", () => {
  it("numbers the copy, names it in its aliases and gives it its own volumes and addresses", () => {
    const template = {
      image: "x",
      env: ["A=1"],
      labels: composeLabels("shop", "api", 1),
      tty: false,
      openStdin: false,
      stdinOnce: false,
      hostConfig: { NetworkMode: "shop_default" },
      networks: [{ name: "shop_default", aliases: ["shop-api-1", "api"], ipv4: "10.0.0.5" }],
      anonymousVolumes: [{ name: "f".repeat(64), destination: "/data", readOnly: false }],
    } satisfies ContainerSpec;
    const copy = replicaSpec(template, { name: "shop-api-1" }, { name: "shop-api-4", number: 4 });
    expect(copy.labels["com.docker.compose.container-number"]).toBe("4");
    expect(copy.networks).toEqual([
      { name: "shop_default", aliases: ["shop-api-4", "api"], links: undefined },
    ]);
    expect(copy.anonymousVolumes).toEqual([]);
    expect(copy.env).toEqual(["A=1"]);
    expect(template.labels["com.docker.compose.container-number"]).toBe("1");
  });
});

describe("planScale", () => {
  it("creates the next numbers when scaling up", () => {
    const plan = planScale([member(1), member(4)], 4);
    expect(plan.create).toEqual([5, 6]);
    expect(plan.remove).toEqual([]);
  });

  it("removes the highest numbers first when scaling down", () => {
    const plan = planScale([member(1), member(2), member(3)], 1);
    expect(plan.keep.map((m) => m.number)).toEqual([1]);
    expect(plan.remove.map((m) => m.number)).toEqual([3, 2]);
    expect(plan.create).toEqual([]);
  });

  it("keeps the first container at 0 replicas, so there is a configuration to scale up from", () => {
    const plan = planScale([member(1), member(2)], 0);
    expect(plan.keep.map((m) => m.number)).toEqual([1]);
    expect(plan.remove.map((m) => m.number)).toEqual([2]);
  });
});
