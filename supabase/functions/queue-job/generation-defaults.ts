import type { JobQuality, JobType } from "../_shared/jobs/job-types.ts";

/** Output size per aspect ratio, in the `WxH` form workers read (CONTRACTS.md). */
export const RESOLUTION_BY_ASPECT_RATIO = {
  "1:1": "1024x1024",
  "16:9": "1024x576",
  "9:16": "576x1024",
} as const;

export type AspectRatio = keyof typeof RESOLUTION_BY_ASPECT_RATIO;

export const DEFAULT_ASPECT_RATIO: AspectRatio = "1:1";
export const DEFAULT_NUM_IMAGES = 1;
export const DEFAULT_CONTENT_MODE = "sfw";

/** WAN's sampler: the video worker left `unipc` for its CUDA solver errors with references. */
export const WAN_SAMPLE_SOLVER = "dpm++";

/** Sampling defaults per model family and quality: fast trades steps for latency. */
const SAMPLING = {
  sdxl: { fast: { steps: 15, guidanceScale: 6 }, high: { steps: 25, guidanceScale: 7.5 } },
  rv51: { fast: { steps: 20, guidanceScale: 7 }, high: { steps: 30, guidanceScale: 7 } },
  wan: { fast: { steps: 25, guidanceScale: 6.5 }, high: { steps: 50, guidanceScale: 6.5 } },
} as const;

/**
 * Image-to-image strengths per reference mode. `copy` keeps the reference almost untouched
 * (the old system's exact copy: 0.95 reference, 0.05 denoise); `modify` balances the prompt
 * against the reference. Values the request sends win over these.
 */
export const REFERENCE_STRENGTHS = {
  copy: { referenceStrength: 0.95, denoiseStrength: 0.05 },
  modify: { referenceStrength: 0.5, denoiseStrength: 0.5 },
} as const;

export type ReferenceMode = keyof typeof REFERENCE_STRENGTHS;

/**
 * Average seconds a job occupies a worker, used for wait estimates until finished jobs give a
 * measured average: an SDXL batch at 1024² takes seconds, a five-second WAN clip minutes.
 */
export const FALLBACK_JOB_SECONDS = { sdxl_queue: 10, wan_queue: 240 } as const;

/** Steps and guidance for a job type without explicit values. */
export function samplingDefaults(jobType: JobType, quality: JobQuality) {
  if (jobType.startsWith("sdxl_")) return SAMPLING.sdxl[quality];
  if (jobType.startsWith("rv51_")) return SAMPLING.rv51[quality];
  return SAMPLING.wan[quality];
}
