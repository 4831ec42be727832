import { afterAll, describe, expect, it } from "vitest";
import { findFreePort } from "../../../../dev/net/find-free-port.ts";
import { makeJob } from "../../../support/job-factory.ts";
import { createUser, stack } from "../../../support/stack.ts";
import { jobCallbackHarness } from "../../job-callback/worker-request.ts";
import {
  jobBody,
  jobsOf,
  startQueueJob,
  submitJob,
  uploadReference,
} from "../../queue-job/queue-job-harness.ts";

// Storage at a port nothing listens on; auth keeps the stack's issuer, so tokens still verify.
const deadStorageEnv = {
  ...stack.functionEnv,
  SUPABASE_URL: `http://127.0.0.1:${await findFreePort()}`,
  SUPABASE_AUTH_ISSUER: `${stack.functionEnv.SUPABASE_URL}/auth/v1`,
};
const queueJob = startQueueJob(deadStorageEnv);
const jobCallback = jobCallbackHarness(deadStorageEnv);
afterAll(() => Promise.all([queueJob.close(), jobCallback.close()]));

describe("signing a reference URL while Storage is unreachable", () => {
  it("answers the same 503 from queue-job's submission and job-callback's /reference-urls", async () => {
    const user = await createUser("storage-outage");
    const reference = await uploadReference(user);

    const submitted = await submitJob(
      queueJob.app,
      user,
      jobBody({ reference_image_url: reference, metadata: { reference_mode: "copy" } }),
    );
    const job = await makeJob(user, { metadata: { reference_image_url: reference } });
    const refreshed = await jobCallback.post("/reference-urls", { job_id: job.id });

    expect([submitted.status, refreshed.status]).toEqual([503, 503]);
    const [submittedError, refreshedError] = [
      (await submitted.json()).error,
      (await refreshed.json()).error,
    ];
    expect(submittedError).toEqual(refreshedError);
    expect(submittedError.code).toBe("SERVICE_UNAVAILABLE");
    expect((await jobsOf(user.id)).map((row) => row.id)).toEqual([job.id]);
  });
});
