import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { stackProfile } from "../stack/stack-profile.ts";
import { createGpuWorkerSimulator, type GpuWorkerSwitches } from "./create-gpu-worker-simulator.ts";

const usage = `Runs a simulated GPU worker against the dev stack (npm run dev).

  npx tsx dev/gpu-worker-simulator/cli.ts --queue sdxl_queue [--once] [switches]

  --queue sdxl_queue|wan_queue   the Redis list to pull from (required)
  --once                         process at most one job, then exit
  --crash-after-pop              pop jobs and drop them, as a worker that dies
  --crash-after-processing       report processing, then drop the job
  --fail CODE[:retryable]        report a failure instead of outputs
  --bad-signature                sign callbacks with a wrong secret
  --repeat-deliveries            send every callback twice with the same webhook-id
  --duplicate-completed          send the completed callback again with a new webhook-id
  --out-of-order                 send completed before processing
  --legacy sdxl|wan|camel        send the existing Python workers' callback bodies byte for byte`;

const { values } = parseArgs({
  options: {
    queue: { type: "string" },
    once: { type: "boolean", default: false },
    "crash-after-pop": { type: "boolean", default: false },
    "crash-after-processing": { type: "boolean", default: false },
    fail: { type: "string" },
    "bad-signature": { type: "boolean", default: false },
    "repeat-deliveries": { type: "boolean", default: false },
    "duplicate-completed": { type: "boolean", default: false },
    "out-of-order": { type: "boolean", default: false },
    legacy: { type: "string" },
    help: { type: "boolean", default: false },
  },
});

const legacyKinds = ["sdxl", "wan", "camel"] as const;
const legacy = legacyKinds.find((kind) => kind === values.legacy);
if (
  values.help || (values.queue !== "sdxl_queue" && values.queue !== "wan_queue") ||
  (values.legacy !== undefined && !legacy)
) {
  console.log(usage);
  process.exit(values.help ? 0 : 1);
}

const profile = stackProfile("dev");
const keysDir = join(profile.dataDir, "keys");
const readKey = async (name: string) => {
  try {
    return (await readFile(join(keysDir, name), "utf8")).trim();
  } catch {
    console.error(`Cannot read ${join(keysDir, name)}: start the dev stack first (npm run dev).`);
    process.exit(1);
  }
};
const [failCode, failRetryable] = values.fail?.split(":") ?? [];
const switches: GpuWorkerSwitches = {
  crashAfterPop: values["crash-after-pop"],
  crashAfterProcessing: values["crash-after-processing"],
  badSignature: values["bad-signature"],
  repeatDeliveries: values["repeat-deliveries"],
  duplicateCompleted: values["duplicate-completed"],
  outOfOrder: values["out-of-order"],
  legacy,
  fail: failCode
    ? {
      code: failCode,
      message: `simulated failure ${failCode}`,
      retryable: failRetryable === "retryable",
    }
    : undefined,
};

const worker = createGpuWorkerSimulator({
  redisRestUrl: `http://127.0.0.1:${profile.ports.redisRest}`,
  redisRestToken: await readKey("upstash-token"),
  queue: values.queue,
  callbackUrl: `http://127.0.0.1:${profile.ports.api}/functions/v1/job-callback`,
  webhookSecret: await readKey("worker-webhook-secret"),
  switches,
  log: (line) => console.log(`[${new Date().toISOString()}] ${line}`),
});

if (values.once) {
  const run = await worker.pollOnce();
  if (!run) console.log("The queue is empty.");
  for (const { url, status, response } of run?.exchanges ?? []) {
    console.log(
      `POST ${new URL(url).pathname} → ${status} ${JSON.stringify(response)}`.slice(0, 300),
    );
  }
  if (run && Object.keys(run.uploads).length > 0) {
    console.log(`uploads: ${JSON.stringify(run.uploads)}`);
  }
} else {
  console.log(`Worker ${worker.workerId} polling ${values.queue}; Ctrl-C stops it.`);
  worker.start();
  const stop = () => void worker.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
