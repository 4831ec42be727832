import { attemptOf, type QueuePayload } from "./queue-payload.ts";
import type { OutputFile } from "./render-outputs.ts";
import { sendSignedRequest, type SignedExchange } from "./send-signed-request.ts";

interface UploadUrl {
  name: string;
  signed_url: string;
}

/**
 * Asks job-callback for signed upload URLs of the job's files (`POST <callback>/uploads`, signed)
 * and PUTs each file's bytes to its URL with its Content-Type, as Storage's signed uploads take
 * them. Returns each file's upload status, or null when job-callback refuses the URLs.
 */
export async function uploadOutputs(input: {
  uploadsUrl: string;
  secret: string;
  job: QueuePayload;
  files: OutputFile[];
  forgeSignature?: boolean;
  onExchange: (exchange: SignedExchange) => void;
}): Promise<Record<string, number> | null> {
  const exchange = await sendSignedRequest({
    url: input.uploadsUrl,
    secret: input.secret,
    body: {
      job_id: input.job.id,
      ...attemptOf(input.job),
      files: input.files.map((file) => file.name),
    },
    forgeSignature: input.forgeSignature,
  });
  input.onExchange(exchange);
  if (exchange.status !== 200) return null;
  const urls = new Map(
    (exchange.response as { uploads: UploadUrl[] }).uploads.map((
      upload,
    ) => [upload.name, upload.signed_url]),
  );
  const statuses = await Promise.all(input.files.map(async (file) => {
    const url = urls.get(file.name);
    if (!url) return [file.name, 0] as const;
    const response = await fetch(url, {
      method: "PUT",
      headers: { "content-type": file.contentType, "x-upsert": "true" },
      body: new Uint8Array(file.bytes),
    });
    await response.body?.cancel();
    return [file.name, response.status] as const;
  }));
  return Object.fromEntries(statuses);
}
