import { describe, expect, it } from "vitest";
import { checkDestination, DestinationRefused, isPrivateAddress } from "./destination";

describe("webhook destinations", () => {
  it("knows private, loopback, link-local and unspecified addresses, mapped ones included", () => {
    for (const ip of [
      "127.0.0.1",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "fd00::1",
      "fe80::1",
      "::ffff:127.0.0.1",
      "[::1]",
    ])
      expect(isPrivateAddress(ip), ip).toBe(true);
    for (const ip of ["93.184.216.34", "1.1.1.1", "2606:4700::1111"])
      expect(isPrivateAddress(ip), ip).toBe(false);
  });

  it("refuses a name that resolves to any private address, unless allowed", async () => {
    const resolve = async (host: string) =>
      host === "rebind.example" ? ["93.184.216.34", "10.0.0.5"] : ["93.184.216.34"];
    await expect(checkDestination("https://rebind.example/x", false, resolve)).rejects.toBeInstanceOf(
      DestinationRefused,
    );
    await expect(checkDestination("http://127.0.0.1:9/x", false, resolve)).rejects.toBeInstanceOf(
      DestinationRefused,
    );
    await expect(checkDestination("https://public.example/x", false, resolve)).resolves.toBeUndefined();
    await expect(checkDestination("http://127.0.0.1:9/x", true, resolve)).resolves.toBeUndefined();
  });
});
