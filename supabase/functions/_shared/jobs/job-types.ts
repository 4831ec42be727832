import { Constants } from "../database.types.ts";

/** Every job type the frontend submits (CONTRACTS.md). */
export const JOB_TYPES = [
  "sdxl_image_fast",
  "sdxl_image_high",
  "image_fast",
  "image_high",
  "video_fast",
  "video_high",
  "wan_video_fast",
  "wan_video_high",
  "image7b_fast_enhanced",
  "image7b_high_enhanced",
  "video7b_fast_enhanced",
  "video7b_high_enhanced",
  "rv51_fast",
  "rv51_high",
] as const;

export type JobType = (typeof JOB_TYPES)[number];
export type JobQuality = "fast" | "high";
export type JobFormat = "image" | "video";
export type QueueName = "sdxl_queue" | "wan_queue";

/** Every job status, as the `job_status` enum holds them. */
export const JOB_STATUSES = Constants.public.Enums.job_status;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Completed, failed and cancelled jobs never change state again. */
export function isTerminalStatus(status: JobStatus): boolean {
  return status === "completed" || status === "failed" || status === "cancelled";
}

/** `fast` or `high`, from the job type's suffix. */
export function qualityOf(jobType: JobType): JobQuality {
  return /_high(_enhanced)?$/.test(jobType) ? "high" : "fast";
}

/** `video` for video types, else `image`. */
export function formatOf(jobType: JobType): JobFormat {
  return jobType.includes("video") ? "video" : "image";
}

/** The Redis list a local GPU worker pulls this type from: SDXL and images, or WAN video. */
export function queueOf(jobType: JobType): QueueName {
  return jobType.startsWith("sdxl_") || formatOf(jobType) === "image" ? "sdxl_queue" : "wan_queue";
}

/** The type as workers know it: `wan_video_*` is sent as `video_*`. */
export function workerJobType(jobType: JobType): string {
  return jobType.replace(/^wan_video_/, "video_");
}
