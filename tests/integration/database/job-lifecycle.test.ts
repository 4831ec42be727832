import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeJobRow, makeWorkspaceAsset } from "../../support/database-factories.ts";
import { type Actors, asActor, createActors, errorAs } from "../../support/rls-actors.ts";
import { type ScratchDatabase, startScratchDatabase } from "../../support/scratch-database.ts";

let db: ScratchDatabase;
let actors: Actors;

beforeAll(async () => {
  db = await startScratchDatabase();
  actors = await createActors(db.sql);
}, 60_000);

afterAll(async () => {
  await db?.stop();
});

describe("job lifecycle", () => {
  it("stamps started_at and completed_at as the status moves", async () => {
    const job = await asActor(db.sql, actors.serviceRole, async (tx) => {
      const { id } = await makeJobRow(tx, actors.userA.userId);
      await tx`update public.jobs set status = 'processing' where id = ${id}`;
      const [processing] =
        await tx`select started_at, completed_at from public.jobs where id = ${id}`;
      await tx`update public.jobs set status = 'completed', progress = 100 where id = ${id}`;
      const [completed] = await tx`select completed_at from public.jobs where id = ${id}`;
      return { processing, completed };
    });
    expect(job.processing.started_at).toBeInstanceOf(Date);
    expect(job.processing.completed_at).toBeNull();
    expect(job.completed.completed_at).toBeInstanceOf(Date);
  });

  it.each(["completed", "failed", "cancelled"])(
    "keeps a %s job terminal (PT409)",
    async (terminal) => {
      const error = await errorAs(db.sql, actors.serviceRole, async (tx) => {
        const { id } = await makeJobRow(tx, actors.userA.userId);
        await tx`update public.jobs set status = ${terminal}::public.job_status where id = ${id}`;
        await tx`update public.jobs set status = 'processing' where id = ${id}`;
      });
      expect(error).toEqual({
        code: "PT409",
        message: expect.stringMatching(new RegExp(`is already ${terminal}$`)),
      });
    },
  );

  it("accepts an idempotency key once per user", async () => {
    const error = await errorAs(db.sql, actors.serviceRole, async (tx) => {
      await makeJobRow(tx, actors.userA.userId, { idempotency_key: "req-42" });
      await makeJobRow(tx, actors.userB.userId, { idempotency_key: "req-42" });
      await makeJobRow(tx, actors.userA.userId, { idempotency_key: "req-42" });
    });
    expect(error).toMatchObject({
      code: "23505",
      message: expect.stringContaining("jobs_user_id_idempotency_key_key"),
    });
  });

  it("maps a Replicate prediction to one job only", async () => {
    const error = await errorAs(db.sql, actors.serviceRole, async (tx) => {
      await makeJobRow(tx, actors.userA.userId, { provider_prediction_id: "p-1" });
      await makeJobRow(tx, actors.userB.userId, { provider_prediction_id: "p-1" });
    });
    expect(error).toMatchObject({
      code: "23505",
      message: expect.stringContaining("jobs_provider_prediction_id_key"),
    });
  });

  it("keeps progress within 0..100", async () => {
    const error = await errorAs(
      db.sql,
      actors.serviceRole,
      (tx) => makeJobRow(tx, actors.userA.userId, { progress: 101 }),
    );
    expect(error).toMatchObject({
      code: "23514",
      message: expect.stringContaining("jobs_progress_range"),
    });
  });

  it("stores an asset only inside its job's folder", async () => {
    const error = await errorAs(db.sql, actors.serviceRole, async (tx) => {
      const job = await makeJobRow(tx, actors.userA.userId);
      await makeWorkspaceAsset(tx, job, {
        temp_storage_path: `${actors.userB.userId}/${job.id}/0.png`,
      });
    });
    expect(error).toMatchObject({
      code: "23514",
      message: expect.stringContaining("workspace_assets_path_in_job_folder"),
    });
  });

  it("gives an asset to its job's owner only", async () => {
    const error = await errorAs(db.sql, actors.serviceRole, async (tx) => {
      const job = await makeJobRow(tx, actors.userA.userId);
      await makeWorkspaceAsset(tx, { id: job.id, user_id: actors.userB.userId });
    });
    expect(error).toMatchObject({
      code: "23503",
      message: expect.stringContaining("workspace_assets_job_id_fkey"),
    });
  });

  it("skips a repeated asset of a callback instead of duplicating it", async () => {
    const count = await asActor(db.sql, actors.serviceRole, async (tx) => {
      const job = await makeJobRow(tx, actors.userA.userId);
      await makeWorkspaceAsset(tx, job);
      await tx`insert into public.workspace_assets (user_id, job_id, asset_index, asset_type, temp_storage_path)
               values (${job
        .user_id as string}, ${job.id}, 0, 'image', ${`${job.user_id}/${job.id}/0.png`})
               on conflict (job_id, asset_index) do nothing`;
      const [row] =
        await tx`select count(*)::int as n from public.workspace_assets where job_id = ${job.id}`;
      return row.n;
    });
    expect(count).toBe(1);
  });
});
