import net from "node:net";
import { AppError } from "@/lib/errors";

/** A port the OS says is free right now on `host`. */
export function findFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Fails with a clear message, before anything else starts, when the web port is taken. */
export function assertPortFree(port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        reject(
          new AppError(
            "PORT_IN_USE",
            `Port ${port} on ${host} is already in use by another program. Choose another port, e.g. PORT=${port === 65535 ? 3000 : port + 1} npm start.`,
          ),
        );
      } else if (error.code === "EACCES") {
        reject(
          new AppError(
            "PORT_IN_USE",
            `Not allowed to listen on port ${port} (ports below 1024 need privileges). Choose another, e.g. PORT=3000 npm start.`,
          ),
        );
      } else if (error.code === "EADDRNOTAVAIL") {
        reject(new AppError("CONFIG_INVALID", `HOST=${host} is not an address of this machine. Use 127.0.0.1 or 0.0.0.0.`));
      } else {
        reject(error);
      }
    });
    server.listen(port, host, () => server.close(() => resolve()));
  });
}
