import { afterAll, describe, expect, it } from "vitest";
import { makeJob, pngBytes, queuePayload, serviceStorage } from "../../support/job-factory.ts";
import { createUser, stack } from "../../support/stack.ts";
import { jobCallbackHarness } from "./worker-request.ts";

const { post, close } = jobCallbackHarness();
afterAll(close);

async function storeReference(bucket: string, path: string, bytes: Uint8Array) {
  const { error } = await serviceStorage.from(bucket).upload(path, bytes, {
    contentType: "image/png",
    upsert: true,
  });
  if (error) throw error;
}

async function downloaded(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

describe("POST /job-callback/reference-urls", () => {
  it("signs fresh URLs for a job's reference images, stored as paths or as expired signed URLs", async () => {
    const owner = await createUser("references");
    await storeReference("reference_images", `${owner.id}/start.png`, pngBytes(3));
    await storeReference("user-library", `${owner.id}/end.png`, pngBytes(7));
    const id = crypto.randomUUID();
    const payload = queuePayload(id, owner.id, "wan_video_fast");
    const expired =
      `${stack.apiUrl}/storage/v1/object/sign/user-library/${owner.id}/end.png?token=expired`;
    const job = await makeJob(owner, {
      id,
      job_type: "wan_video_fast",
      queue_name: "wan_queue",
      metadata: { start_reference_url: `reference_images/${owner.id}/start.png` },
      queue_payload: { ...payload, config: { ...(payload.config as object), last_frame: expired } },
    });

    const res = await post("/reference-urls", { job_id: job.id });

    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ job_id: job.id, expires_in: 21600 });
    expect(Object.keys(body.urls).sort()).toEqual(["end_reference_url", "start_reference_url"]);
    expect(await downloaded(body.urls.start_reference_url)).toEqual(pngBytes(3));
    expect(await downloaded(body.urls.end_reference_url)).toEqual(pngBytes(7));
  });

  it("never signs a file of another user named in a job", async () => {
    const owner = await createUser("owner");
    const stranger = await createUser("stranger");
    await storeReference("reference_images", `${stranger.id}/secret.png`, pngBytes());
    const job = await makeJob(owner, {
      metadata: { reference_image_url: `reference_images/${stranger.id}/secret.png` },
    });

    const res = await post("/reference-urls", { job_id: job.id });

    expect(res.status).toBe(200);
    expect((await res.json()).urls).toEqual({});
  });

  it("answers 409 when a reference image has been deleted since the job was queued", async () => {
    const owner = await createUser("deleted-ref");
    const job = await makeJob(owner, {
      metadata: { reference_image_url: `reference_images/${owner.id}/gone.png` },
    });

    const res = await post("/reference-urls", { job_id: job.id });

    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toContain("reference_image_url");
  });

  it("refuses a job that has finished and an unsigned request", async () => {
    const job = await makeJob(await createUser("done"), { status: "failed" });

    const finished = await post("/reference-urls", { job_id: job.id });
    const unsigned = await post("/reference-urls", { job_id: job.id }, { unsigned: true });

    expect([finished.status, unsigned.status]).toEqual([409, 401]);
  });
});
