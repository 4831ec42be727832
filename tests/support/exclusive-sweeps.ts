import type { ReservedSql } from "postgres";
import { afterEach, beforeEach } from "vitest";
import { stackSql } from "./stack.ts";

// A sweep takes every job that is due, whichever test made it: a sweep from another test file
// running meanwhile could act on a test's job first and leave that test's own sweep nothing to
// report. Tests that read what their sweep did hold this lock throughout; any other sweep waits
// for it.
const SWEEP_LOCK = 7_340_021;

async function takeSweepLock(): Promise<ReservedSql> {
  const held = await stackSql().reserve();
  await held`select pg_advisory_lock(${SWEEP_LOCK})`;
  return held;
}

async function releaseSweepLock(held: ReservedSql): Promise<void> {
  await held`select pg_advisory_unlock(${SWEEP_LOCK})`;
  held.release();
}

/** Runs each test of the calling file with no other file's sweep; call at the file's top. */
export function useExclusiveSweeps(): void {
  let held: ReservedSql | undefined;
  beforeEach(async () => {
    held = await takeSweepLock();
  }, 120_000);
  afterEach(async () => {
    if (held) await releaseSweepLock(held);
    held = undefined;
  });
}

/** Runs `sweep` while no test that reads what its own sweep did is running. */
export async function sweepAlone<T>(sweep: () => T | Promise<T>): Promise<T> {
  const held = await takeSweepLock();
  try {
    return await sweep();
  } finally {
    await releaseSweepLock(held);
  }
}
