import { callSystemMetrics, describeRefusal } from "./api.js";
import { renderDashboard } from "./render-dashboard.js";

const REFRESH_MS = 10_000;
const $ = (id) => document.getElementById(id);
let timer;

const session = {
  get functionsUrl() {
    return localStorage.getItem("admin.functionsUrl") ?? `${location.origin}/functions/v1`;
  },
  get token() {
    return sessionStorage.getItem("admin.token");
  },
  save(functionsUrl, token) {
    localStorage.setItem("admin.functionsUrl", functionsUrl);
    sessionStorage.setItem("admin.token", token);
  },
  clear() {
    sessionStorage.removeItem("admin.token");
  },
};

function showStatus(text, isError = false) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}

async function refresh() {
  clearTimeout(timer);
  try {
    const metrics = await callSystemMetrics(session.functionsUrl, session.token);
    renderDashboard(metrics);
    $("dashboard").hidden = false;
    $("sign-out").hidden = false;
    showStatus(
      `Updated ${new Date(metrics.timestamp).toLocaleTimeString()}; refreshes every 10 s.`,
    );
    timer = setTimeout(refresh, REFRESH_MS);
  } catch (error) {
    showStatus(describeRefusal(error), true);
    if (error.status === 401 || error.status === 403) {
      $("dashboard").hidden = true;
      session.clear();
    } else {
      timer = setTimeout(refresh, REFRESH_MS);
    }
  }
}

async function redriveSelected() {
  const ids = [...document.querySelectorAll("#failed input:checked")].map((box) => box.value);
  if (ids.length === 0) return;
  $("redrive").disabled = true;
  try {
    const { results } = await callSystemMetrics(
      session.functionsUrl,
      session.token,
      "/jobs/redrive",
      {
        body: JSON.stringify({ job_ids: ids }),
      },
    );
    const redriven = results.filter((r) => r.outcome === "redriven").length;
    const others = results.filter((r) => r.outcome !== "redriven").map((r) =>
      `${r.jobId}: ${r.outcome.replaceAll("_", " ")}`
    );
    $("redrive-result").textContent = [`${redriven} job(s) redriven.`, ...others].join(" ");
  } catch (error) {
    $("redrive-result").textContent = describeRefusal(error);
  }
  await refresh();
}

$("functions-url").value = session.functionsUrl;
$("sign-in").addEventListener("submit", (event) => {
  event.preventDefault();
  session.save($("functions-url").value, $("token").value.trim());
  $("token").value = "";
  showStatus("Loading…");
  refresh();
});
$("sign-out").addEventListener("click", () => {
  clearTimeout(timer);
  session.clear();
  $("dashboard").hidden = true;
  $("sign-out").hidden = true;
  showStatus("Signed out.");
});
$("failed").addEventListener("change", () => {
  $("redrive").disabled = document.querySelectorAll("#failed input:checked").length === 0;
});
$("redrive").addEventListener("click", redriveSelected);
if (session.token) refresh();
