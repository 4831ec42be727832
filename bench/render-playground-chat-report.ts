import type { Percentiles, PlaygroundChatReport } from "./playground-chat.ts";

function row(label: string, p: Percentiles): string {
  return `| ${label} | ${p.samples} | ${p.p50Ms} | ${p.p99Ms} |`;
}

/** The Markdown report of the playground-chat benchmark. */
export function renderPlaygroundChatReport(
  report: PlaygroundChatReport,
  context: { measuredAt: string; machine: string; code: string; note?: string },
): string {
  const { ttft } = report;
  return `# playground-chat: time to first token and database time

Measured ${context.measuredAt} on ${context.machine}, code ${context.code}.${
    context.note ? ` ${context.note}` : ""
  }

## Time to first token

One client, alternating: a streamed request straight to the LLM stand-in (its own time to first
token, 20 ms by its switch), then \`POST /functions/v1/playground-chat\` with \`stream: true\`
through the API origin in a new conversation, to its first \`token\` event. The difference is what
playground-chat adds: JWT check, rate limit, one user transaction (conversation, tier, history,
user message) and the gateway hop.

| measure | samples | p50 ms | p99 ms |
|---|---|---|---|
${row("through playground-chat", ttft.throughFunction)}
${row("stand-in alone", ttft.standInAlone)}
${row("playground-chat's own (paired difference)", ttft.pairedOverhead)}

## Database time with a long conversation

In process, warm caches: everything a message costs before the model is called (settings, model
list and templates from the cache, one Redis EVAL for the rate limit, one user transaction that
reads the conversation, the tier and the history window and stores the message), and the history
window's query alone. The window stops at the token budget, so it reads the same few rows
however long the conversation is.

| conversation | messages read | before the model: p50 ms | p99 ms | history query: p50 ms | p99 ms | database round trips |
|---|---|---|---|---|---|---|
${
    report.database.map((d) =>
      `| ${d.messages} messages | ${d.windowMessages} | ${d.beforeModel.p50Ms} | ${d.beforeModel.p99Ms} | ${d.historyRead.p50Ms} | ${d.historyRead.p99Ms} | ${d.dbRoundTrips} |`
    ).join("\n")
  }
`;
}
