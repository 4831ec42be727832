import { join } from "node:path";
import { benchPorts, devPorts, type StackPorts, testPorts } from "./stack-ports.ts";

export type StackProfileName = "dev" | "test" | "bench";

export interface StackProfile {
  name: StackProfileName;
  projectDir: string;
  dataDir: string;
  ports: StackPorts;
}

const portsByProfile: Record<StackProfileName, StackPorts> = {
  dev: devPorts,
  test: testPorts,
  bench: benchPorts,
};

/** Where a stack keeps its data and which ports it uses: the profiles never collide. */
export function stackProfile(name: StackProfileName): StackProfile {
  const projectDir = join(import.meta.dirname, "..", "..");
  return {
    name,
    projectDir,
    dataDir: join(projectDir, ".stack", name),
    ports: portsByProfile[name],
  };
}
