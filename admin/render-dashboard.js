import { barChart, lineChart, perMinute } from "./charts.js";
import {
  card,
  el,
  fillTable,
  formatBytes,
  formatMs,
  formatPercent,
  formatSeconds,
  formatTime,
  num,
} from "./dom.js";

const $ = (id) => document.getElementById(id);

/** Draws every section of the dashboard from one `/system-metrics` answer. */
export function renderDashboard(metrics) {
  renderQueues(metrics);
  renderWorkers(metrics.workers);
  renderJobs(metrics.jobs);
  renderFunctions(metrics.functions);
  renderLlm(metrics.llm);
  renderCredits(metrics.credits, metrics.storage);
}

function renderQueues({ queues, eta }) {
  const lanes = [["sdxl", "sdxl_queue"], ["wan", "wan_queue"]];
  $("queues").replaceChildren(
    ...lanes.flatMap(([lane, queue]) => [
      card(String(queues[queue]), `${queue}: jobs waiting`),
      card(
        eta[lane].noHealthyWorker && eta[lane].jobsAhead > 0
          ? "no worker"
          : formatSeconds(eta[lane].seconds),
        `${lane} wait · ${eta[lane].healthyWorkers} healthy · median run ${
          formatSeconds(eta[lane].medianRunSeconds)
        }`,
        eta[lane].noHealthyWorker,
      ),
    ]),
  );
}

function renderWorkers(workersByType) {
  const workers = Object.values(workersByType).flat();
  fillTable($("workers"), workers, (w) => [
    w.type,
    w.url,
    el("td", w.enabled ? w.status : "disabled", { class: `status-${w.status}` }),
    num(formatMs(w.responseTime)),
    formatTime(w.lastChecked),
    w.version ?? "–",
  ], "No worker is registered.");
}

function renderJobs(jobs) {
  $("job-periods").replaceChildren(
    ...["hour", "day"].flatMap((period) => {
      const p = jobs.periods[period];
      return [
        card(String(p.created.total), `jobs submitted, last ${period}`),
        card(p.throughputPerMinute.toFixed(2), `completed per minute, last ${period}`),
        card(
          formatPercent(p.failureRate),
          `failure rate, last ${period}`,
          (p.failureRate ?? 0) > 0.1,
        ),
        card(
          `${formatSeconds(p.timeInQueueSeconds.p50)} / ${formatSeconds(p.timeInQueueSeconds.p95)}`,
          `time in queue p50 / p95, last ${period}`,
        ),
        card(
          `${formatSeconds(p.timeToCompleteSeconds.p50)} / ${
            formatSeconds(p.timeToCompleteSeconds.p99)
          }`,
          `time to complete p50 / p99, last ${period}`,
        ),
      ];
    }),
  );
  lineChart($("job-chart"), [
    { label: "completed", values: perMinute(jobs.lastHour, (m) => m.completed, 0) },
    { label: "failed", values: perMinute(jobs.lastHour, (m) => m.failed, 0) },
  ]);
  barChart(
    $("failure-chart"),
    jobs.periods.day.failuresByCode.map((f) => ({ label: f.code, value: f.count })),
  );

  fillTable($("stuck"), jobs.stuck, (job) => [
    job.id,
    job.job_type,
    job.status,
    job.reason.replaceAll("_", " "),
    formatTime(job.since),
  ], "No stuck job.");
  fillTable($("failed"), jobs.failed, (job) => {
    const box = el("input", "", {
      type: "checkbox",
      value: job.id,
      "aria-label": `select ${job.id}`,
    });
    if (!job.queue_name) box.disabled = true;
    return [
      box,
      job.id,
      job.job_type,
      job.error_code ?? "unknown",
      num(String(job.attempts)),
      formatTime(job.failed_at),
    ];
  }, "No failed job in the last day.");
}

function renderFunctions(functions) {
  lineChart($("request-chart"), [
    { label: "requests", values: perMinute(functions.lastHour, (m) => m.requests, 0) },
    { label: "errors", values: perMinute(functions.lastHour, (m) => m.errors, 0) },
  ]);
  lineChart(
    $("latency-chart"),
    ["p50", "p95", "p99"].map((q) => ({
      label: q,
      values: perMinute(functions.lastHour, (m) => m[q]),
    })),
  );
  fillTable($("routes"), functions.periods.hour, (r) => [
    r.function,
    r.route,
    num(String(r.requests)),
    num(formatPercent(r.errorRate)),
    num(formatMs(r.latencyMs.p50)),
    num(formatMs(r.latencyMs.p95)),
    num(formatMs(r.latencyMs.p99)),
    num(formatPercent(r.cacheHitRate)),
  ], "No request in the last hour.");
}

function renderLlm(llm) {
  fillTable($("llm"), llm.day, (m) => [
    m.model,
    num(String(m.calls)),
    num(formatPercent(m.failureRate)),
    num(String(m.promptTokens)),
    num(String(m.completionTokens)),
    num(`$${m.costUsd.toFixed(4)}`),
    num(formatMs(m.avgTtftMs)),
  ], "No LLM call in the last day.");
}

function renderCredits(credits, storage) {
  $("credits").replaceChildren(
    ...["hour", "day"].flatMap((period) => [
      card(String(credits[period].reserved), `credits reserved, last ${period}`),
      card(String(credits[period].settled), `credits settled, last ${period}`),
      card(String(credits[period].refunded), `credits refunded, last ${period}`),
    ]),
  );
  fillTable(
    $("storage"),
    storage,
    (b) => [b.bucket, num(String(b.objects)), num(formatBytes(b.bytes))],
    "No bucket.",
  );
}
