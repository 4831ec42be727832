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

/**
 * Where a stack keeps its data and which ports it uses: the profiles never collide. `slot`
 * (0-9) shifts a profile's ports by 100 each and gives it its own data folder, so several test
 * runs can share a machine.
 */
export function stackProfile(name: StackProfileName, slot = 0): StackProfile {
  if (!Number.isInteger(slot) || slot < 0 || slot > 9) {
    throw new Error(`stack slot must be 0-9, got ${slot}`);
  }
  const projectDir = join(import.meta.dirname, "..", "..");
  const ports = Object.fromEntries(
    Object.entries(portsByProfile[name]).map(([key, port]) => [key, port + slot * 100]),
  ) as unknown as StackPorts;
  return {
    name,
    projectDir,
    dataDir: join(projectDir, ".stack", slot === 0 ? name : `${name}-${slot}`),
    ports,
  };
}
