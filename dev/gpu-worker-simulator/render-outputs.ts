import { encodePng } from "../replicate-emulator/media/encode-png.ts";
import { sampleMp4 } from "../replicate-emulator/media/sample-mp4.ts";
import { sampleWebp } from "../replicate-emulator/media/sample-webp.ts";
import type { QueuePayload } from "./queue-payload.ts";

/** A file the worker uploads into the job's folder. */
export interface OutputFile {
  /** The name inside `<user_id>/<job_id>/`. */
  name: string;
  bytes: Buffer;
  contentType: string;
}

/** One entry of the completed callback's `assets`, paths relative to the bucket. */
export interface CallbackAsset {
  type: "image" | "video";
  url: string;
  thumbnail_url: string;
  metadata: Record<string, unknown>;
}

/**
 * What a worker produces for a job: `num_images` PNGs of the requested resolution, or one MP4 for
 * a video job, each with a WebP thumbnail, and the `assets` its completed callback reports.
 */
export function renderOutputs(job: QueuePayload): { files: OutputFile[]; assets: CallbackAsset[] } {
  const folder = `${job.user_id}/${job.id}`;
  const [width, height] = (job.config.resolution ?? "1024x1024").split("x").map(Number) as [
    number,
    number,
  ];
  const seed = job.config.seed ?? Math.floor(Math.random() * 2 ** 31);
  const video = job.config.pipeline === "video" || job.type.includes("video");
  const count = video ? 1 : (job.config.num_images ?? 1);
  const files: OutputFile[] = [];
  const assets: CallbackAsset[] = [];
  for (let index = 0; index < count; index++) {
    const main = video ? { name: `${index}.mp4`, bytes: sampleMp4, contentType: "video/mp4" } : {
      name: `${index}.png`,
      bytes: encodePng(width, height, [index * 40, 120, 200]),
      contentType: "image/png",
    };
    const thumbnail = { name: `${index}.thumb.webp`, bytes: sampleWebp, contentType: "image/webp" };
    files.push(main, thumbnail);
    assets.push({
      type: video ? "video" : "image",
      url: `${folder}/${main.name}`,
      thumbnail_url: `${folder}/${thumbnail.name}`,
      metadata: {
        width,
        height,
        seed: seed + index,
        asset_index: index,
        file_size_bytes: main.bytes.length,
        mime_type: main.contentType,
        ...(video ? { duration_seconds: durationOf(job) } : {}),
      },
    });
  }
  return { files, assets };
}

function durationOf(job: QueuePayload): number {
  const duration = job.metadata?.duration;
  return typeof duration === "number" && duration > 0 ? duration : 5;
}
