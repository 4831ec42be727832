import { createWriteStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { Redis } from "@upstash/redis";
import { createTestUser } from "../../dev/auth/create-test-user.ts";
import { stackProfile } from "../../dev/stack/stack-profile.ts";
import { startStack } from "../../dev/stack/start-stack.ts";
import { invalidateCaches } from "../../supabase/functions/_shared/cache-utils/create-cache.ts";
import { describeCodeVersion } from "../lib/describe-code-version.ts";
import { analyseRecovery, type FaultWindow } from "./analyse-recovery.ts";
import { checkInvariants } from "./check-invariants.ts";
import { drainAndMaintain } from "./drain-and-maintain.ts";
import { FAULTS } from "./faults.ts";
import { startGpuWorkers } from "./gpu-workers.ts";
import { renderSoakReport } from "./render-soak-report.ts";
import { recordFunctionRequests } from "./request-log.ts";
import { sampleFunctionMemory } from "./sample-memory.ts";
import { runSimulatedUser } from "./simulated-user.ts";
import { SOAK_SETTINGS } from "./soak-settings.ts";
import { stackVersions } from "./stack-versions.ts";
import { tolerateClosedSocketWrites } from "./tolerate-postgres-js-closed-socket.ts";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "4" },
    users: { type: "string", default: "6" },
    workers: { type: "string", default: "3" },
  },
});
const loadMs = Number(values.minutes) * 60_000;
const userCount = Number(values.users);
if (!(loadMs >= 60_000) || !(userCount >= 1)) {
  throw new Error("--minutes must be at least 1 and --users at least 1");
}
const projectDir = join(import.meta.dirname, "..", "..");
const profile = stackProfile("bench", Number(process.env.BENCH_STACK_SLOT ?? 0));
// Production's schedule is a minute; the dev stack's 5 s lets a few minutes see many rounds.
const MAINTENANCE_INTERVAL_MS = 5_000;

const closedSocketWrites = tolerateClosedSocketWrites();
// Beside the data folder, which a fresh start wipes: every line the stack's parts printed.
const stackLog = createWriteStream(`${profile.dataDir}-soak.log`);
console.log(`booting a fresh stack (${profile.dataDir}); its log: ${stackLog.path}`);
const stack = await startStack({
  ...profile,
  reset: true,
  watch: false,
  maintenanceIntervalMs: MAINTENANCE_INTERVAL_MS,
  log: (source, line) => stackLog.write(`${new Date().toISOString()} ${source} ${line}\n`),
});
const code = describeCodeVersion(projectDir, ["supabase", "dev", "bench/soak"]);
const sql = postgres(stack.dbUrl, { max: 4, onnotice: () => {} });
try {
  for (const [key, value] of Object.entries(SOAK_SETTINGS)) {
    await sql`update public.system_config set value = ${value}::text::jsonb where key = ${key}`;
  }
  await invalidateCaches(new Redis({ url: stack.redisRestUrl, token: stack.redisRestToken }), [
    "system-config",
  ]);
  const users = await Promise.all(
    Array.from({ length: userCount }, async (_, i) => {
      const user = await createTestUser(sql, stack.keys, { email: `soak-${i}@example.test` });
      await sql`insert into public.credit_ledger (user_id, kind, amount, reason)
        values (${user.id}, 'grant', 100000, 'soak')`;
      const [conversation] = await sql<{ id: string }[]>`
        insert into public.conversations (user_id, title) values (${user.id}, 'Soak') returning id`;
      return { user, conversationId: conversation.id };
    }),
  );

  const startedAt = performance.now();
  // A function or backing service that dies on its own (not in a restart on purpose) is a defect.
  const crashes: Array<{ at: number; reason: string }> = [];
  void stack.crashed.then((reason) =>
    crashes.push({ at: Math.round(performance.now() - startedAt), reason })
  );
  const log = recordFunctionRequests(stack.functionsUrl, startedAt);
  const memory = sampleFunctionMemory(() => stack.functionPids(), startedAt);
  const workers = startGpuWorkers(stack, Number(values.workers));
  const until = startedAt + loadMs;
  const load = Promise.all(
    users.map(({ user, conversationId }) =>
      runSimulatedUser({ functionsUrl: stack.functionsUrl, user, conversationId, until })
    ),
  );

  // Warm-up first, then each fault at the start of its own slot, the rest of the slot quiet.
  const warmUpMs = loadMs * 0.1;
  const slotMs = (loadMs - warmUpMs) / FAULTS.length;
  const windows: Array<FaultWindow & { jobIds: string[] }> = [];
  for (const [i, fault] of FAULTS.entries()) {
    const slotStart = startedAt + warmUpMs + i * slotMs;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, slotStart - performance.now())));
    const faultStart = performance.now();
    console.log(`fault ${fault.name}`);
    const jobIds = await fault.run(stack);
    windows.push({
      name: fault.name,
      what: fault.what,
      startedAt: Math.round(faultStart - startedAt),
      endedAt: Math.round(performance.now() - startedAt),
      jobIds,
    });
  }
  const activity = await load;
  const loadEndedAt = Math.round(performance.now() - startedAt);
  console.log("load over; draining the queues and running maintenance to completion");
  const drained = await drainAndMaintain(stack, sql);
  await workers.stop();
  const rss = await memory.stop();
  log.restore();

  const userIds = users.map(({ user }) => user.id);
  const invariants = await checkInvariants({
    sql,
    stack,
    userIds,
    answeredChats: activity.flatMap((each) => each.answeredChats),
    duplicatedJobIds: windows.find((w) => w.name === "duplicate-callbacks")?.jobIds ?? [],
    killedJobIds: windows.find((w) => w.name === "worker-killed")?.jobIds ?? [],
    answeredRequestIds: log.records.flatMap((record) => record.requestId ?? []),
  });
  const recovery = analyseRecovery(log.records.filter((r) => r.at <= loadEndedAt), windows);
  const report = {
    measuredAt: new Date().toISOString(),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${
      Math.round(totalmem() / 2 ** 30)
    } GiB`,
    versions: await stackVersions(projectDir, sql),
    code,
    loadMs,
    users: userCount,
    gpuWorkers: Number(values.workers),
    settings: SOAK_SETTINGS,
    requests: log.records.filter((r) => r.at <= loadEndedAt).length,
    faults: recovery.perFault.map(({ functions, ...fault }) => ({
      ...fault,
      jobIds: windows.find((w) => w.name === fault.name)?.jobIds ?? [],
      functions,
    })),
    totals: recovery.totals,
    failuresOutsideFaults: recovery.failuresOutsideFaults,
    wrongFailureAnswers: recovery.wrongFailureAnswers,
    hangs: recovery.hangs,
    drained,
    crashes,
    closedSocketWritesTolerated: closedSocketWrites.count(),
    memory: rss.map((series) => {
      const mib = series.samples.map(([, value]) => value);
      return {
        fn: series.fn,
        startMiB: mib[0],
        halfwayMiB: mib[Math.floor(mib.length / 2)],
        endMiB: mib.at(-1),
        peakMiB: Math.max(...mib),
      };
    }),
    invariants,
  };
  const reportsDir = join(import.meta.dirname, "..", "reports");
  await writeFile(join(reportsDir, "soak.json"), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(join(reportsDir, "soak.md"), renderSoakReport(report));
  console.log(renderSoakReport(report));
  process.exitCode = invariants.every((check) => check.pass) && crashes.length === 0 ? 0 : 1;
} finally {
  await sql.end({ timeout: 5 });
  // A stop that hangs must not keep the soak running for ever: say so and fail the run.
  const STOP_LIMIT_MS = 60_000;
  let limit: ReturnType<typeof setTimeout> | undefined;
  const stopped = await Promise.race([
    stack.stop().then(() => true),
    new Promise<false>((resolve) => (limit = setTimeout(() => resolve(false), STOP_LIMIT_MS))),
  ]);
  clearTimeout(limit);
  stackLog.end();
  closedSocketWrites.stop();
  if (!stopped) {
    console.error(`the stack did not stop within ${STOP_LIMIT_MS / 1000} s; ending the soak`);
    process.exit(1);
  }
}
