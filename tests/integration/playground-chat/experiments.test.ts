import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestUser } from "../../../dev/auth/create-test-user.ts";
import { createUser, stackSql } from "../../support/stack.ts";
import { addStandInModel, post, startPlaygroundChat, type TestModel } from "./chat-harness.ts";

let chat: ReturnType<typeof startPlaygroundChat>;
const models: Record<string, TestModel> = {};
beforeAll(async () => {
  models.a = await addStandInModel("words=5");
  models.b = await addStandInModel("words=9&ttft_ms=30");
  models.broken = await addStandInModel("error=500");
  chat = startPlaygroundChat();
});
afterAll(() => chat.close());

const variant = (model: TestModel, extra: Record<string, unknown> = {}) => ({ ...model, ...extra });
const runsOf = (experimentId: string) =>
  stackSql()`select * from public.chat_experiment_runs where experiment_id = ${experimentId} order by position, created_at`;
function patch(user: TestUser, path: string, body: unknown) {
  return chat.app.request(`/playground-chat${path}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}
async function experiment(user: TestUser, prompt = "Describe a lighthouse") {
  const res = await post(chat.app, user, "/experiments", {
    title: "Lighthouses",
    prompt,
    system_prompt: "Be brief.",
    history: [{ role: "user", content: "Hello" }, { role: "assistant", content: "Hi!" }],
    variants: [
      variant(models.a, { temperature: 0.2 }),
      variant(models.b, { temperature: 0.9, max_tokens: 64 }),
      variant(models.broken),
    ],
  });
  expect(res.status).toBe(201);
  return res.json();
}

describe("POST /playground-chat/experiments", () => {
  it("runs one prompt across three models, recording each run's parameters, output, tokens and timings, one failing", async () => {
    const user = await createUser("experiment");

    const { experiment_id, runs } = await experiment(user);

    expect(runs.map((r: { status: string }) => r.status)).toEqual([
      "succeeded",
      "succeeded",
      "failed",
    ]);
    const [a, b, broken] = runs;
    expect(a).toMatchObject({
      model: models.a.model_variant,
      parameters: { temperature: 0.2 },
      error: null,
    });
    expect(a.output).toMatch(/^Describe a lighthouse, /);
    expect(b).toMatchObject({ parameters: { temperature: 0.9, max_tokens: 64 } });
    for (const run of [a, b]) {
      expect(run.output_tokens).toBeGreaterThan(0);
      expect(run.input_tokens).toBeGreaterThan(0);
      expect(run.latency_ms).toBeGreaterThanOrEqual(0);
      expect(run.time_to_first_token_ms).not.toBeNull();
    }
    expect(b.time_to_first_token_ms).toBeGreaterThanOrEqual(30);
    expect(broken).toMatchObject({ output: null, error: "the model failed (server_error)" });
    const stored = await runsOf(experiment_id);
    expect(stored.map((r) => r.id)).toEqual(runs.map((r: { id: string }) => r.id));
    expect(stored.every((r) => r.user_id === user.id && r.finished_at !== null)).toBe(true);
  });

  it("answers 400 naming the variant whose model does not exist, recording nothing", async () => {
    const user = await createUser("experiment-bad");

    const res = await post(chat.app, user, "/experiments", {
      prompt: "hi",
      variants: [variant(models.a), { model_variant: "no-such-model" }],
    });

    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual(["variants.1.model_variant"]);
    expect(await stackSql()`select id from public.chat_experiments where user_id = ${user.id}`)
      .toEqual([]);
  });

  it("answers 429 when the runs would pass the user's cap on runs in flight, recording nothing", async () => {
    const user = await createUser("experiment-cap");
    const [cap] =
      await stackSql()`select value from public.system_config where key = 'chat.experiment_max_running_runs'`;
    const [busy] = await stackSql()`
      insert into public.chat_experiments (user_id, prompt) values (${user.id}, 'busy') returning id`;
    await stackSql()`
      insert into public.chat_experiment_runs (experiment_id, user_id, position, model)
      select ${busy.id}, ${user.id}, n, 'stand-in' from generate_series(1, ${
      Number(cap.value) - 1
    }) as n`;

    const res = await post(chat.app, user, "/experiments", {
      prompt: "hi",
      variants: [variant(models.a), variant(models.b)],
    });

    expect(res.status).toBe(429);
    expect(await stackSql()`select id from public.chat_experiments where user_id = ${user.id}`)
      .toEqual([busy]);
  });

  it("re-runs a recorded run with its exact parameters, as a new run naming the original", async () => {
    const user = await createUser("experiment-rerun");
    const { experiment_id, runs } = await experiment(user);

    const res = await post(
      chat.app,
      user,
      `/experiments/${experiment_id}/runs/${runs[1].id}/rerun`,
      undefined,
    );

    expect(res.status).toBe(201);
    const rerun = await res.json();
    expect(rerun).toMatchObject({
      status: "succeeded",
      model: runs[1].model,
      parameters: runs[1].parameters,
      rerun_of: runs[1].id,
      output: runs[1].output,
    });
    expect(await runsOf(experiment_id)).toHaveLength(4);
  });

  it("rates and discards a run, and refuses another user's run", async () => {
    const user = await createUser("experiment-rate");
    const stranger = await createUser("experiment-stranger");
    const { experiment_id, runs } = await experiment(user);
    const path = `/experiments/${experiment_id}/runs/${runs[0].id}`;

    const rated = await patch(user, path, { rating: 4, discarded: true });
    const theirs = await patch(stranger, path, { rating: 1 });

    expect(rated.status).toBe(200);
    expect(await rated.json()).toMatchObject({ rating: 4, discarded_at: expect.any(String) });
    expect(theirs.status).toBe(404);
    expect((await runsOf(experiment_id)).find((r) => r.id === runs[0].id)).toMatchObject({
      rating: 4,
    });
    const restored = await (await patch(user, path, { discarded: false })).json();
    expect(restored).toMatchObject({ rating: 4, discarded_at: null });
  });
});

describe("POST /playground-chat/experiments/export", () => {
  it("exports the caller's experiments as JSON through a signed link, and records the export", async () => {
    const user = await createUser("export-json");
    const other = await createUser("export-other");
    const { experiment_id } = await experiment(user);
    await experiment(other);

    const res = await post(chat.app, user, "/experiments/export", { format: "json" });

    expect(res.status).toBe(201);
    const exported = await res.json();
    expect(exported).toMatchObject({ format: "json", experiment_count: 1, run_count: 3 });
    const file = await (await fetch(exported.url)).json();
    expect(file.experiments).toHaveLength(1);
    expect(file.experiments[0]).toMatchObject({
      id: experiment_id,
      title: "Lighthouses",
      system_prompt: "Be brief.",
    });
    expect(file.experiments[0].runs.map((r: { status: string }) => r.status)).toEqual([
      "succeeded",
      "succeeded",
      "failed",
    ]);
    const [record] =
      await stackSql()`select * from public.chat_experiment_exports where id = ${exported.export_id}`;
    expect(record).toMatchObject({
      user_id: user.id,
      format: "json",
      experiment_count: 1,
      run_count: 3,
    });
  });

  it("exports CSV with one line per run, quoting text and defusing formulas", async () => {
    const user = await createUser("export-csv");
    await experiment(user, '=HYPERLINK("x")');

    const exported = await (await post(chat.app, user, "/experiments/export", { format: "csv" }))
      .json();

    const csv = await (await fetch(exported.url)).text();
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "experiment_id,experiment_title,prompt,system_prompt,id,position,model,provider,parameters,status,output,error," +
        "input_tokens,output_tokens,tokens_estimated,latency_ms,time_to_first_token_ms,rating,discarded_at,rerun_of," +
        "created_at,finished_at",
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`,"'=HYPERLINK(""x"")",`);
  });
});
