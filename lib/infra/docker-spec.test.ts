import type Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { toContainerSpec, toCreateOptions } from "./docker-spec";

const ID = "d89b3ce121660a61ff76af6008f4801c4568688240e485d50b71f007f7ff1ab1";
const ANON = "e2aa76c124b3d1a0f4d7073c70302cc9f90ed0d63b2c5a43d3812f0f86b043da";

/** The parts of `docker inspect` of a compose v1 container that the spec reads. */
function inspected(over: { binds?: string[]; networkMode?: string; networks?: Record<string, object> } = {}) {
  return {
    Id: ID,
    Config: {
      Hostname: ID.slice(0, 12),
      Domainname: "",
      User: "",
      Env: ["LOG_LEVEL=INFO", "SECRET=s3cret"],
      Cmd: ["sleep", "300"],
      Image: "opsdeck-test/busybox:1",
      Volumes: { "/data": {}, "/named": {} },
      WorkingDir: "",
      Entrypoint: null,
      Labels: { "com.docker.compose.project": "shop" },
      Tty: false,
      OpenStdin: false,
      StdinOnce: false,
      ExposedPorts: { "8080/tcp": {} },
    },
    HostConfig: {
      Binds: over.binds ?? ["shop_named:/named:rw"],
      NetworkMode: over.networkMode ?? "shop_default",
      RestartPolicy: { Name: "always", MaximumRetryCount: 0 },
      MaskedPaths: ["/proc/kcore"],
      ReadonlyPaths: ["/proc/sys"],
    },
    Mounts: [
      { Type: "volume", Name: "shop_named", Destination: "/named", RW: true },
      { Type: "volume", Name: ANON, Destination: "/data", RW: true },
    ],
    NetworkSettings: {
      Networks: over.networks ?? {
        shop_default: { Aliases: ["api", ID.slice(0, 12)], Links: null, IPAMConfig: null },
        shop_back: { Aliases: ["api"], Links: null, IPAMConfig: { IPv4Address: "10.5.0.9" } },
      },
    },
  } as unknown as Docker.ContainerInspectInfo;
}

describe("toContainerSpec", () => {
  it("keeps the container's own configuration and drops what the engine chose for it", () => {
    const spec = toContainerSpec(inspected());
    expect(spec).toMatchObject({
      image: "opsdeck-test/busybox:1",
      cmd: ["sleep", "300"],
      env: ["LOG_LEVEL=INFO", "SECRET=s3cret"],
      exposedPorts: { "8080/tcp": {} },
      hostname: undefined,
      entrypoint: undefined,
    });
    expect(spec.hostConfig).toEqual({
      Binds: ["shop_named:/named:rw"],
      NetworkMode: "shop_default",
      RestartPolicy: { Name: "always", MaximumRetryCount: 0 },
    });
    expect(spec.networks).toEqual([
      { name: "shop_default", aliases: ["api"], links: undefined, ipv4: undefined, ipv6: undefined },
      { name: "shop_back", aliases: ["api"], links: undefined, ipv4: "10.5.0.9", ipv6: undefined },
    ]);
    expect(spec.anonymousVolumes).toEqual([{ name: ANON, destination: "/data", readOnly: false }]);
  });

  it("still sees an anonymous volume that an earlier copy mounted by its generated name", () => {
    const spec = toContainerSpec(inspected({ binds: ["shop_named:/named:rw", `${ANON}:/data`] }));
    expect(spec.hostConfig.Binds).toEqual(["shop_named:/named:rw"]);
    expect(spec.anonymousVolumes).toEqual([{ name: ANON, destination: "/data", readOnly: false }]);
  });
});

describe("toCreateOptions", () => {
  it("creates on the container's own network, connects the others after, and mounts its anonymous volumes again", () => {
    const { options, connect } = toCreateOptions(toContainerSpec(inspected()));
    expect(options.HostConfig?.Binds).toEqual(["shop_named:/named:rw", `${ANON}:/data`]);
    expect(options.NetworkingConfig).toEqual({
      EndpointsConfig: { shop_default: { Aliases: ["api"], Links: undefined, IPAMConfig: undefined } },
    });
    expect(connect.map((n) => n.name)).toEqual(["shop_back"]);
    expect(options.Env).toEqual(["LOG_LEVEL=INFO", "SECRET=s3cret"]);
    expect(options).not.toHaveProperty("name");
  });

  it("attaches no network to a container sharing the host's or another container's network", () => {
    for (const mode of ["host", "none", "container:abc"]) {
      const { options, connect } = toCreateOptions(
        toContainerSpec(inspected({ networkMode: mode, networks: {} })),
      );
      expect(options.NetworkingConfig).toBeUndefined();
      expect(connect).toEqual([]);
    }
  });

  it("treats the default network mode as the bridge network", () => {
    const spec = toContainerSpec(
      inspected({ networkMode: "default", networks: { bridge: { Aliases: null } } }),
    );
    const { options, connect } = toCreateOptions(spec);
    expect(Object.keys(options.NetworkingConfig?.EndpointsConfig ?? {})).toEqual(["bridge"]);
    expect(options.NetworkingConfig?.EndpointsConfig?.bridge.Aliases).toBeUndefined();
    expect(connect).toEqual([]);
  });
});
