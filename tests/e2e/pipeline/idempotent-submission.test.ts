import { describe, expect, it } from "vitest";
import { createUser, stackSql } from "../../support/stack.ts";
import { creditsOf, queuedEntriesOf, readJobView, submitJob, workOn } from "./pipeline-harness.ts";

describe("submitting with an Idempotency-Key", () => {
  it("creates one job from 50 concurrent submissions with the same key, and every answer names it", async () => {
    const user = await createUser("idempotent");
    const key = crypto.randomUUID();
    const body = { job_type: "sdxl_image_fast", prompt: "one lighthouse, asked for fifty times" };

    const answers = await Promise.all(Array.from({ length: 50 }, () => submitJob(user, body, key)));

    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([...Array(49).fill(200), 202]);
    const jobIds = new Set(answers.map((answer) => answer.body.jobId));
    expect(jobIds.size).toBe(1);
    const [jobId] = jobIds as Set<string>;
    const rows = await stackSql()`select id from public.jobs where user_id = ${user.id}`;
    expect(rows.map((row) => row.id)).toEqual([jobId]);
    expect(await queuedEntriesOf("sdxl_queue", jobId!)).toBe(1);
    expect(await creditsOf(user, jobId!)).toEqual({
      balanced: true,
      balance: 19,
      entries: ["reserve -1"],
    });

    await workOn("sdxl_queue", jobId!);
    expect(await readJobView(user, jobId!)).toMatchObject({ status: "completed" });
    expect((await submitJob(user, body, key)).body).toMatchObject({ jobId, status: "completed" });
  });
});
