import type { JSONValue } from "postgres";

/** The largest width or height recorded for an asset, in pixels; far beyond any model's output. */
export const MAX_ASSET_DIMENSION = 16_384;

/** One output a worker or provider reports for a job, whatever wire form it came in. */
export interface ReportedAsset {
  type: "image" | "video";
  /** Where it was uploaded: `<owner>/<job_id>/<file>` in workspace-temp. */
  path: string;
  thumbnailPath?: string;
  /** Position among the job's outputs; unique per job. */
  index: number;
  width?: number;
  height?: number;
  seed?: number;
  durationSeconds?: number;
  /** The rest of what the reporter said about the asset, kept as generation settings. */
  settings: Record<string, JSONValue>;
  /** Input names of the path, thumbnail and index, so an error points at what was sent. */
  fields: { path: string; thumbnail: string; index: string };
}
