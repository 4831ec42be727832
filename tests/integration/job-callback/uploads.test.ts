import { afterAll, describe, expect, it } from "vitest";
import { makeJob, pngBytes, readJob } from "../../support/job-factory.ts";
import { createUser, stack, stackSql } from "../../support/stack.ts";
import { jobCallbackHarness } from "./worker-request.ts";

const { post, close } = jobCallbackHarness();
afterAll(close);

describe("POST /job-callback/uploads", () => {
  it("hands out URLs a worker can PUT its outputs to without any key, which a completion then accepts", async () => {
    const owner = await createUser("uploads");
    const job = await makeJob(owner, { status: "processing" });

    const res = await post("/uploads", { job_id: job.id, files: ["0.png", "0.thumb.webp"] });

    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ job_id: job.id, bucket: "workspace-temp", expires_in: 7200 });
    expect(body.uploads.map((upload: { path: string }) => upload.path)).toEqual([
      `${owner.id}/${job.id}/0.png`,
      `${owner.id}/${job.id}/0.thumb.webp`,
    ]);
    for (const [i, upload] of (body.uploads as Array<{ signed_url: string }>).entries()) {
      expect(
        upload.signed_url.startsWith(
          `${stack.apiUrl}/storage/v1/object/upload/sign/workspace-temp/`,
        ),
      ).toBe(true);
      const put = await fetch(upload.signed_url, {
        method: "PUT",
        headers: { "content-type": i === 0 ? "image/png" : "image/webp" },
        body: pngBytes(i * 10),
      });
      expect(put.status).toBe(200);
    }

    const completed = await post("", {
      job_id: job.id,
      status: "completed",
      assets: [{ type: "image", url: body.uploads[0].path, thumbnail_url: body.uploads[1].path }],
    });

    expect(completed.status).toBe(200);
    expect((await readJob(job.id)).status).toBe("completed");
    const [asset] =
      await stackSql()`select file_size_bytes, mime_type from public.workspace_assets where job_id = ${job.id}`;
    expect(asset).toEqual({
      file_size_bytes: String(pngBytes().byteLength),
      mime_type: "image/png",
    });
  });

  it("lets a retried attempt overwrite the files of an earlier one", async () => {
    const job = await makeJob(await createUser("overwrite"));
    const urlFor = async () =>
      (await (await post("/uploads", { job_id: job.id, files: ["0.png"] })).json()).uploads[0]
        .signed_url;
    const put = (url: string, bytes: Uint8Array<ArrayBuffer>) =>
      fetch(url, { method: "PUT", headers: { "content-type": "image/png" }, body: bytes });

    expect((await put(await urlFor(), pngBytes(1))).status).toBe(200);
    expect((await put(await urlFor(), pngBytes(50))).status).toBe(200);

    const [object] = await stackSql()`
      select metadata ->> 'size' as size from storage.objects
      where bucket_id = 'workspace-temp' and name = ${`${job.user_id}/${job.id}/0.png`}`;
    expect(object).toEqual({ size: String(pngBytes(50).byteLength) });
  });

  it.each([
    ["a path that climbs out of the folder", "../other.png"],
    ["a sub-folder", "nested/0.png"],
    ["a hidden file", ".env"],
    ["an absolute path", "/etc/passwd"],
  ])("refuses %s as a file name", async (_, name) => {
    const job = await makeJob(await createUser("bad-name"));

    const res = await post("/uploads", { job_id: job.id, files: ["0.png", name] });

    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual(["files.1"]);
  });

  it("refuses URLs for a job that has finished", async () => {
    const job = await makeJob(await createUser("finished"), { status: "completed" });

    const res = await post("/uploads", { job_id: job.id, files: ["0.png"] });

    expect(res.status).toBe(409);
  });

  it("answers 404 for an unknown job and 401 for an unsigned request", async () => {
    const unknown = await post("/uploads", { job_id: crypto.randomUUID(), files: ["0.png"] });
    const unsigned = await post("/uploads", { job_id: crypto.randomUUID(), files: ["0.png"] }, {
      unsigned: true,
    });

    expect([unknown.status, unsigned.status]).toEqual([404, 401]);
  });
});
