import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestUser } from "../../../dev/auth/create-test-user.ts";
import { EXPERIMENT_RUN_TIME_BUDGET_SECONDS } from "../../../supabase/functions/playground-chat/experiment-run-time-budget.ts";
import { nonServiceRoleCallers } from "../../support/non-service-role-callers.ts";
import { createUser, stack, stackSql } from "../../support/stack.ts";
import { addStandInModel, post, startPlaygroundChat, type TestModel } from "./chat-harness.ts";

let chat: ReturnType<typeof startPlaygroundChat>;
let model: TestModel;
beforeAll(async () => {
  model = await addStandInModel("words=3");
  chat = startPlaygroundChat();
});
afterAll(() => chat.close());

/** POSTs to the sweep with `token` as the bearer (none when null). */
function sweep(token: string | null = stack.serviceRoleKey) {
  return chat.app.request("/playground-chat/experiments/sweep", {
    method: "POST",
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
}

async function sweepResult() {
  const res = await sweep();
  expect(res.status).toBe(200);
  return (await res.json()) as { failed: number };
}

/** `count` runs of `user`'s left `running`, recorded `ageSeconds` ago, as a dead request leaves them. */
async function runningRuns(user: TestUser, count: number, ageSeconds: number) {
  const [experiment] = await stackSql()`
    insert into public.chat_experiments (user_id, prompt) values (${user.id}, 'left behind')
    returning id`;
  return stackSql()<{ id: string }[]>`
    insert into public.chat_experiment_runs (experiment_id, user_id, position, model, created_at)
    select ${experiment.id}, ${user.id}, n, 'stand-in', now() - make_interval(secs => ${ageSeconds})
    from generate_series(1, ${count}) as n
    returning id`;
}

const statusOf = (ids: { id: string }[]) =>
  stackSql()`
    select status, error, finished_at is not null as finished
    from public.chat_experiment_runs where id in ${stackSql()(ids.map((row) => row.id))}`;

describe("POST /playground-chat/experiments/sweep", () => {
  it("answers only the service role", async () => {
    const callers = await nonServiceRoleCallers("chat-sweep-caller");

    const responses = await Promise.all(callers.map((caller) => sweep(caller.token)));

    expect(responses.map((res) => res.status)).toEqual(callers.map((caller) => caller.status));
  });

  it("fails a run left running past its time budget with the run_abandoned error, and leaves a fresh one running", async () => {
    const user = await createUser("chat-sweep-stuck");
    const stuck = await runningRuns(user, 2, EXPERIMENT_RUN_TIME_BUDGET_SECONDS + 1);
    const fresh = await runningRuns(user, 1, EXPERIMENT_RUN_TIME_BUDGET_SECONDS - 60);

    const { failed } = await sweepResult();

    expect(failed).toBeGreaterThanOrEqual(2);
    expect(await statusOf(stuck)).toEqual([
      {
        status: "failed",
        error: "the request running it stopped before it finished (run_abandoned)",
        finished: true,
      },
      {
        status: "failed",
        error: "the request running it stopped before it finished (run_abandoned)",
        finished: true,
      },
    ]);
    expect(await statusOf(fresh)).toEqual([{ status: "running", error: null, finished: false }]);
  });

  it("leaves finished runs as they were recorded", async () => {
    const user = await createUser("chat-sweep-finished");
    const [run] = await runningRuns(user, 1, EXPERIMENT_RUN_TIME_BUDGET_SECONDS + 1);
    await stackSql()`
      update public.chat_experiment_runs
      set status = 'succeeded', output = 'done', finished_at = now() where id = ${run.id}`;

    await sweepResult();

    expect(await statusOf([run])).toEqual([{ status: "succeeded", error: null, finished: true }]);
  });

  it("after the sweep, the per-user cap counts only the runs still in flight", async () => {
    const user = await createUser("chat-sweep-cap");
    const [cap] =
      await stackSql()`select value from public.system_config where key = 'chat.experiment_max_running_runs'`;
    const stuck = await runningRuns(
      user,
      Number(cap.value),
      EXPERIMENT_RUN_TIME_BUDGET_SECONDS + 1,
    );
    await runningRuns(user, Number(cap.value) - 2, 0);

    await sweepResult();
    const overCap = await post(chat.app, user, "/experiments", {
      prompt: "hi",
      variants: [model, model, model],
    });
    const withinCap = await post(chat.app, user, "/experiments", {
      prompt: "hi",
      variants: [model, model],
    });

    expect((await statusOf(stuck)).every((run) => run.status === "failed")).toBe(true);
    expect(overCap.status).toBe(429);
    expect(withinCap.status).toBe(201);
    expect((await withinCap.json()).runs.map((run: { status: string }) => run.status))
      .toEqual(["succeeded", "succeeded"]);
  });
});
