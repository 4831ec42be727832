import { createServer } from "node:net";

/** Fails with an actionable message when something already listens on `port` (127.0.0.1). */
export async function assertPortFree(port: number, what: string): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const probe = createServer()
      .once("error", () => resolve(false))
      .once("listening", () => probe.close(() => resolve(true)));
    probe.listen(port, "127.0.0.1");
  });
  if (!free) {
    throw new Error(
      `port ${port} (${what}) is in use: stop what uses it, or start with other ports (see README, "Ports")`,
    );
  }
}
