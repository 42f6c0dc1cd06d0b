import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { assertPortFree, findFreePort } from "@/lib/net";

describe("assertPortFree", () => {
  const servers: net.Server[] = [];
  afterEach(() => servers.splice(0).forEach((server) => server.close()));

  it("passes for a free port", async () => {
    await expect(assertPortFree(await findFreePort("127.0.0.1"), "127.0.0.1")).resolves.toBeUndefined();
  });

  it("names the taken port and how to choose another", async () => {
    const server = net.createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    await expect(assertPortFree(port, "127.0.0.1")).rejects.toMatchObject({
      code: "PORT_IN_USE",
      message: expect.stringContaining(`Port ${port} on 127.0.0.1 is already in use`),
    });
    await expect(assertPortFree(port, "127.0.0.1")).rejects.toThrow(`PORT=${port + 1} npm start`);
  });

  it("says when HOST is not an address of this machine", async () => {
    await expect(assertPortFree(3999, "203.0.113.7")).rejects.toMatchObject({ code: "CONFIG_INVALID" });
  });
});
