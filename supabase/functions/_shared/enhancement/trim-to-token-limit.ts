import { estimateTokens } from "../llm/estimate-tokens.ts";

/**
 * `text` cut to about `tokenLimit` tokens: at the last sentence end inside the budget when that
 * keeps at least half of it, else at the last word boundary; never mid-word.
 */
export function trimToTokenLimit(text: string, tokenLimit: number | null): string {
  const trimmed = text.trim();
  if (tokenLimit === null || estimateTokens(trimmed) <= tokenLimit) return trimmed;
  const budget = tokenLimit * 4;
  const head = trimmed.slice(0, budget + 1);
  const sentenceEnd = Math.max(...[". ", "! ", "? "].map((mark) => head.lastIndexOf(mark)));
  if (sentenceEnd >= budget / 2) return head.slice(0, sentenceEnd + 1);
  const wordEnd = head.search(/\s\S*$/);
  const cut = wordEnd > 0 ? head.slice(0, wordEnd) : trimmed.slice(0, budget);
  return cut.replace(/[\s,;:]+$/, "");
}
