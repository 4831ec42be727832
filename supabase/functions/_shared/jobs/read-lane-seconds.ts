import type { SettingsReader } from "../settings/create-settings-reader.ts";
import { JOB_LANES, type JobLane } from "./job-lane.ts";

/** A duration per lane, in whole seconds. */
export type LaneSeconds = Record<JobLane, number>;

/**
 * Reads `jobs.<setting>.<lane>` for every lane through the settings reader, where a value that is
 * not a positive whole number reads as the lane's default. Callers read it before their
 * transaction and pass the figures to their SQL, so no row stays locked while settings load.
 * @example const leases = await readLaneSeconds(settings, "lease_seconds");
 */
export async function readLaneSeconds(
  settings: SettingsReader,
  setting: "lease_seconds" | "queued_limit_seconds",
): Promise<LaneSeconds> {
  const values = await settings.read(JOB_LANES.map((lane) => `jobs.${setting}.${lane}` as const));
  return Object.fromEntries(
    JOB_LANES.map((lane) => [lane, values[`jobs.${setting}.${lane}`]]),
  ) as LaneSeconds;
}
