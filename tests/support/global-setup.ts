import type { TestProject } from "vitest/node";
import { stackProfile } from "../../dev/stack/stack-profile.ts";
import { type StackInfo, startStack } from "../../dev/stack/start-stack.ts";
import { writeStackLog } from "./stack-log.ts";

declare module "vitest" {
  export interface ProvidedContext {
    stack: StackInfo;
  }
}

/**
 * Boots one fresh test stack (own ports and data folder) for the whole suite.
 * TEST_STACK_SLOT=1..9 moves it to other ports and folders, for parallel runs on one machine.
 */
export default async function setup(project: TestProject) {
  const profile = stackProfile("test", Number(process.env.TEST_STACK_SLOT ?? 0));
  const log = writeStackLog(profile.dataDir);
  const stack = await startStack({
    projectDir: profile.projectDir,
    dataDir: profile.dataDir,
    ports: profile.ports,
    reset: true,
    watch: false,
    log: log.write,
  });
  // Only what can cross to the test workers: no keys, promises or functions.
  const {
    keys: _keys,
    crashed: _crashed,
    faults: _faults,
    functionPids: _functionPids,
    stop,
    ...info
  } = stack;
  project.provide("stack", info);
  return async () => {
    await stop();
    log.close();
  };
}
