import { afterAll, describe, expect, it } from "vitest";
import { createUser } from "../../support/stack.ts";
import { jobBody, startQueueJob, submitJob } from "./queue-job-harness.ts";

// A fresh isolate of its own, so the first request here is the cold one.
const queueJob = startQueueJob();
afterAll(() => queueJob.close());

const lastLine = () => queueJob.log.lines.at(-1);

describe("round trips per submission", () => {
  it("reads configuration from Postgres only while cold, then sends one statement and two Redis calls", async () => {
    const user = await createUser("round-trips");
    const body = jobBody({ job_type: "wan_video_fast", prompt: "a paper boat drifting" });

    expect((await submitJob(queueJob.app, user, body)).status).toBe(202);
    // Cold, the isolate fetches each setting from the shared Redis tier, or from Postgres when
    // no other isolate has loaded it yet.
    const cold = lastLine();
    expect(cold?.redis).toBeGreaterThan(2);
    expect(cold?.db).toBeGreaterThanOrEqual(1);

    const warm = await submitJob(queueJob.app, user, body);
    expect(warm.status).toBe(202);
    // One statement locks the profile, inserts the job and reserves its credits;
    // then the rate-limit check and the LPUSH.
    expect(lastLine()).toMatchObject({ status: 202, db: 1, redis: 2, cacheMisses: 0 });
    expect(lastLine()?.cacheHits).toBeGreaterThan(0);
    expect(warm.headers.get("server-timing")).toMatch(
      /db;desc="1 round trip".*redis;desc="2 commands"/,
    );
  });
});
