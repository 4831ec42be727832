import { encodePng } from "./media/encode-png.ts";
import { sampleMp4 } from "./media/sample-mp4.ts";
import type { EmulatedPrediction } from "./prediction.ts";

/** A file a succeeded prediction serves, as Replicate's delivery host would. */
export interface OutputFile {
  bytes: Buffer;
  contentType: string;
}

/** The `output` a succeeded prediction reports: one MP4 URL for a video model, else a list of PNG URLs. */
export function predictionOutput(
  prediction: EmulatedPrediction,
  origin: string,
  video: boolean,
): string | string[] {
  const base = `${origin}/files/${prediction.id}`;
  if (video) return `${base}/0.mp4`;
  return Array.from({ length: outputCount(prediction.input) }, (_, i) => `${base}/${i}.png`);
}

/** The bytes behind one of `prediction`'s output URLs: a PNG of the requested size, or a small MP4. */
export function outputFile(
  prediction: EmulatedPrediction,
  name: string,
  video: boolean,
): OutputFile | undefined {
  if (video) return name === "0.mp4" ? { bytes: sampleMp4, contentType: "video/mp4" } : undefined;
  const match = /^(\d+)\.png$/.exec(name);
  const index = match ? Number(match[1]) : -1;
  if (index < 0 || index >= outputCount(prediction.input)) return undefined;
  const width = dimension(prediction.input.width);
  const height = dimension(prediction.input.height);
  return {
    bytes: encodePng(width, height, colourOf(`${prediction.id}/${index}`)),
    contentType: "image/png",
  };
}

function outputCount(input: Record<string, unknown>): number {
  const count = input.num_outputs;
  return typeof count === "number" && Number.isInteger(count) && count >= 1 && count <= 4
    ? count
    : 1;
}

function dimension(value: unknown): number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 2048
    ? value
    : 1024;
}

// Each output gets its own colour, so two outputs never have the same bytes.
function colourOf(key: string): [number, number, number] {
  let hash = 0;
  for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return [hash & 0xff, (hash >> 8) & 0xff, (hash >> 16) & 0xff];
}
