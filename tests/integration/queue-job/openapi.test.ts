import { afterAll, expect, it } from "vitest";
import { startQueueJob } from "./queue-job-harness.ts";

const queueJob = startQueueJob();
afterAll(() => queueJob.close());

it("documents submitting, polling and cancelling jobs, each behind a bearer token", async () => {
  const document = await (await queueJob.app.request("/queue-job/openapi.json")).json();

  expect(Object.keys(document.paths)).toEqual(
    expect.arrayContaining(["/queue-job", "/queue-job/jobs/{id}", "/queue-job/jobs/{id}/cancel"]),
  );
  expect(Object.keys(document.paths["/queue-job"].post.responses)).toEqual(
    expect.arrayContaining(["200", "202", "400", "401", "402", "429", "503"]),
  );
  expect(document.paths["/queue-job/jobs/{id}/cancel"].post.security).toEqual([{ bearerAuth: [] }]);
  expect(document.components.securitySchemes.bearerAuth).toMatchObject({
    type: "http",
    scheme: "bearer",
  });
  expect(document.components.schemas.JobRequest.properties).toHaveProperty("reference_image_url");
});
