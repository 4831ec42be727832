import {
  formatOf,
  JOB_TYPES,
  type JobFormat,
  type JobQuality,
  type JobType,
  qualityOf,
} from "../../_shared/jobs/job-types.ts";

const MODEL_TYPES = [
  "sdxl",
  "wan",
  "rv51",
  "flux",
  "replicate-sdxl",
  "replicate-sdxl-i2i",
] as const;

/** The job columns of the completed job a library item copied back to the workspace belongs to. */
export interface LibraryCopyJob {
  job_type: JobType;
  model_type: string | null;
  format: JobFormat;
  quality: JobQuality;
}

/**
 * Describes a copied-back item's job from the generation settings saved with it, so the next round
 * of variations starts from the same job type; items saved without them get the default type of
 * their asset type.
 */
export function libraryCopyJob(
  assetType: JobFormat,
  settings: Record<string, unknown>,
): LibraryCopyJob {
  const saved = settings.job_type;
  const jobType = isJobType(saved) && formatOf(saved) === assetType
    ? saved
    : assetType === "video"
    ? "wan_video_high"
    : "sdxl_image_high";
  const modelType = MODEL_TYPES.find((type) => type === settings.model_type) ??
    modelTypeImpliedBy(jobType);
  return {
    job_type: jobType,
    model_type: modelType,
    format: formatOf(jobType),
    quality: qualityOf(jobType),
  };
}

function isJobType(value: unknown): value is JobType {
  return JOB_TYPES.some((type) => type === value);
}

// The model a job type's name prefix stands for (sdxl_, rv51_, wan_), null for other families.
// Unlike queue-job's choice for a new job, it knows neither the provider nor the request's
// references: a copy only restores what its type name implies when no model type was saved.
function modelTypeImpliedBy(jobType: JobType): string | null {
  if (jobType.startsWith("sdxl_")) return "sdxl";
  if (jobType.startsWith("rv51_")) return "rv51";
  if (jobType.startsWith("wan_")) return "wan";
  return null;
}
