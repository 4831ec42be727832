/**
 * A cheap token estimate for text no provider counted (about four characters per token for
 * English with BPE tokenizers); good enough for budgets and usage, never for billing.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
