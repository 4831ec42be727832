import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { denoBinary } from "../../dev/stack/serve-functions.ts";
import type { RunningStack } from "../../dev/stack/start-stack.ts";
import { startDenoServer } from "./start-deno-server.ts";

/** One server's cold starts: spawn of its Deno process to the first 200 on its health path. */
export interface ColdStart {
  server: string;
  runsMs: number[];
  medianMs: number;
  /** `deno info --json`: project modules in the graph (esm) and npm specifiers it imports. */
  modules: { project: number; npmSpecifiers: number } | null;
}

export const HELLO_HONO = "hono hello-world";

/**
 * Starts each function's entrypoint, then a Hono hello-world, `runs` times in rounds (so a busy
 * moment of a shared machine hits every server alike), with the functions' environment; the
 * servers answer /health only and are stopped at once.
 */
export async function benchColdStarts(
  stack: RunningStack,
  projectDir: string,
  runs: number,
): Promise<ColdStart[]> {
  const servers = [
    ...stack.functions.map((name) => ({
      server: name,
      file: join("supabase", "functions", name, "index.ts"),
      healthPath: `/${name}/health`,
    })),
    {
      server: HELLO_HONO,
      file: join("bench", "functions", "floors", "hello-hono.ts"),
      healthPath: "/hello/health",
    },
  ];
  const runsMs = new Map(servers.map((server) => [server.server, [] as number[]]));
  for (let run = 0; run < runs; run++) {
    for (const server of servers) {
      const started = await startDenoServer({
        projectDir,
        file: server.file,
        env: stack.functionEnv,
        healthPath: server.healthPath,
      });
      await started.stop();
      runsMs.get(server.server)!.push(started.readyMs);
    }
  }
  return servers.map((server) => {
    const times = runsMs.get(server.server)!;
    return {
      server: server.server,
      runsMs: times,
      medianMs: [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)],
      modules: moduleGraph(projectDir, server.file),
    };
  });
}

function moduleGraph(projectDir: string, file: string): ColdStart["modules"] {
  try {
    const info = JSON.parse(
      execFileSync(denoBinary(projectDir), ["info", "--json", file], {
        cwd: projectDir,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
        maxBuffer: 64 * 1024 * 1024,
      }),
    ) as { modules: { kind: string }[] };
    const count = (kind: string) => info.modules.filter((module) => module.kind === kind).length;
    return { project: count("esm"), npmSpecifiers: count("external") };
  } catch {
    return null;
  }
}
