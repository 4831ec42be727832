import type { RequestMonitor } from "../monitoring/create-request-monitor.ts";

/** The Hono env every function app shares; middleware such as `requireUser` extends it. */
export type FunctionEnv = {
  Variables: {
    requestId: string;
    monitor: RequestMonitor;
  };
};
