import { z } from "zod";

/** How the stand-in treats the predictions a script matches (tests arrange failures with it). */
export const predictionScriptSchema = z.object({
  /** Applies to predictions whose JSON input contains this text; to any prediction when absent. */
  inputIncludes: z.string().min(1).optional(),
  /** Answer the create request with 503, as when Replicate is down: no prediction is made. */
  refuse: z.boolean().optional(),
  outcome: z.enum(["succeeded", "failed", "canceled"]).optional(),
  /** The prediction's `error` when the outcome is `failed`. */
  error: z.string().optional(),
  /** Extra milliseconds the prediction spends processing before it finishes. */
  completionDelayMs: z.number().int().min(0).optional(),
  /** Deliver the `completed` webhook twice: as a retry (same webhook-id) or as a new message. */
  duplicateCompleted: z.enum(["same-id", "new-id"]).optional(),
  /** How many predictions the script applies to. */
  times: z.number().int().min(1).default(1),
});

export type PredictionScript = z.input<typeof predictionScriptSchema>;
export type ParsedPredictionScript = z.output<typeof predictionScriptSchema>;

/** Scripts waiting for matching predictions, consumed first come first served. */
export function createScriptBook() {
  let scripts: ParsedPredictionScript[] = [];
  return {
    add(...added: PredictionScript[]) {
      scripts.push(...added.map((script) => predictionScriptSchema.parse(script)));
    },
    /** Takes one use of the first script matching `input`, if any. */
    take(input: Record<string, unknown>): ParsedPredictionScript | undefined {
      const text = JSON.stringify(input);
      const script = scripts.find((candidate) =>
        !candidate.inputIncludes || text.includes(candidate.inputIncludes)
      );
      if (!script) return undefined;
      script.times -= 1;
      if (script.times === 0) scripts = scripts.filter((candidate) => candidate !== script);
      return script;
    },
    clear() {
      scripts = [];
    },
  };
}

export type ScriptBook = ReturnType<typeof createScriptBook>;
