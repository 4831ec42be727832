import type { TestUser } from "../../dev/auth/create-test-user.ts";

/** A chat message the client was answered for: the stream ended with `done` (or a partial reply). */
export interface AnsweredChat {
  conversationId: string;
  userMessageId: string | null;
  assistantMessageId: string;
}

/** What one simulated user did, for the invariant checks afterwards. */
export interface UserActivity {
  user: TestUser;
  jobs: Array<{ id: string; jobType: string }>;
  answeredChats: AnsweredChat[];
}

/** How long a client waits for an answer before it counts the request as hung. */
const CLIENT_TIMEOUT_MS = 30_000;
const THINK_MS = 150;
const JOB_TYPES = { sdxl: "sdxl_image_fast", replicate: "rv51_fast" } as const;

type Action = (
  call: (path: string, init?: RequestInit) => Promise<Response>,
  activity: UserActivity,
) => Promise<void>;

/**
 * One person using the app: submits worker and Replicate jobs and polls them, lists the
 * workspace, saves items to the library and removes some again, enhances prompts and chats with
 * streamed replies, one request at a time with a short pause, until `until` (performance.now()).
 */
export async function runSimulatedUser(options: {
  functionsUrl: string;
  user: TestUser;
  conversationId: string;
  until: number;
}): Promise<UserActivity> {
  const activity: UserActivity = { user: options.user, jobs: [], answeredChats: [] };
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${options.functionsUrl}/${path}`, {
      ...init,
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
      headers: {
        authorization: `Bearer ${options.user.accessToken}`,
        "content-type": "application/json",
        ...init.headers,
      },
    });
  const actions: Array<[number, Action]> = [
    [3, submitJob("sdxl")],
    [2, submitJob("replicate")],
    [2, readJob],
    [3, listWorkspace],
    [1, saveToLibrary],
    [1, removeFromLibrary],
    [2, enhancePrompt],
    [2, chat(options.conversationId)],
  ];
  const total = actions.reduce((sum, [weight]) => sum + weight, 0);
  while (performance.now() < options.until) {
    let pick = Math.random() * total;
    const [, action] = actions.find(([weight]) => (pick -= weight) < 0) ?? actions[0];
    // A failed or hung request is in the request log; the user just goes on.
    await action(call, activity).catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, THINK_MS));
  }
  return activity;
}

function submitJob(lane: keyof typeof JOB_TYPES): Action {
  return async (call, activity) => {
    const response = await call("queue-job", {
      method: "POST",
      body: JSON.stringify({
        job_type: JOB_TYPES[lane],
        prompt: `a harbour at dusk, soak ${crypto.randomUUID().slice(0, 8)}`,
      }),
    });
    const body = await response.json() as { jobId?: string };
    if (response.status === 202 && body.jobId) {
      activity.jobs.push({ id: body.jobId, jobType: JOB_TYPES[lane] });
    }
  };
}

const readJob: Action = async (call, activity) => {
  const job = activity.jobs[Math.floor(Math.random() * activity.jobs.length)];
  if (!job) return;
  await (await call(`queue-job/jobs/${job.id}`)).arrayBuffer();
};

async function workspaceIds(call: Parameters<Action>[0]): Promise<string[]> {
  const response = await call("workspace-actions/workspace?limit=20");
  const body = await response.json() as { items?: Array<{ id: string }> };
  return response.ok ? (body.items ?? []).map((item) => item.id) : [];
}

const listWorkspace: Action = async (call) => {
  await workspaceIds(call);
};

const saveToLibrary: Action = async (call) => {
  const ids = await workspaceIds(call);
  if (ids.length === 0) return;
  const asset = ids[Math.floor(Math.random() * ids.length)];
  await (await call("workspace-actions/library", {
    method: "POST",
    body: JSON.stringify({ asset_ids: [asset] }),
  })).arrayBuffer();
};

const removeFromLibrary: Action = async (call) => {
  const response = await call("workspace-actions/library?limit=20");
  const body = await response.json() as { items?: Array<{ id: string }> };
  const items = response.ok ? body.items ?? [] : [];
  // Keep most saves: remove only when the library has grown.
  if (items.length < 3) return;
  const item = items[Math.floor(Math.random() * items.length)];
  await (await call(`workspace-actions/library/${item.id}`, { method: "DELETE" })).arrayBuffer();
};

const enhancePrompt: Action = async (call) => {
  await (await call("enhance-prompt", {
    method: "POST",
    body: JSON.stringify({
      prompt: "a lighthouse at dusk",
      job_type: "sdxl_image_fast",
      enhancement_model: "stand-in",
    }),
  })).arrayBuffer();
};

function chat(conversationId: string): Action {
  return async (call, activity) => {
    const response = await call("playground-chat", {
      method: "POST",
      body: JSON.stringify({
        conversation_id: conversationId,
        message: `tell me about harbours ${crypto.randomUUID().slice(0, 8)}`,
        model_variant: "stand-in",
        stream: true,
      }),
    });
    const text = await response.text();
    if (!response.ok) return;
    const answered = finalEvent(text);
    if (answered?.assistant_message_id) {
      activity.answeredChats.push({
        conversationId,
        userMessageId: answered.user_message_id ?? null,
        assistantMessageId: answered.assistant_message_id,
      });
    }
  };
}

/** The reply described by the stream's `done` event, or by an `error` event that kept a partial reply. */
function finalEvent(
  stream: string,
): { user_message_id?: string; assistant_message_id?: string } | undefined {
  const last = stream.split("\n\n").map((block) => ({
    event: block.match(/^event: (.+)$/m)?.[1],
    data: block.match(/^data: (.+)$/m)?.[1],
  })).filter((block) => block.event === "done" || block.event === "error").at(-1);
  return last?.data ? JSON.parse(last.data) : undefined;
}
