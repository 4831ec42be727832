import type { ZodError } from "zod";
import { ValidationError } from "../errors/app-error.ts";

type ValidationResult =
  & { target: string }
  & (
    | { success: true }
    | { success: false; error: ZodError }
  );

// An issue at the root of a target has no path of its own, so it is named after the target.
const TARGET_NAME: Record<string, string> = { json: "body", form: "body", param: "params" };

/**
 * The app-wide zod-openapi `defaultHook`: turns a failed parse into a `ValidationError` whose
 * fields are the dotted paths of the failing inputs.
 */
export function rejectInvalidInput(result: ValidationResult): void {
  if (result.success) return;
  const rootName = TARGET_NAME[result.target] ?? result.target;
  const failures = result.error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join(".") : rootName,
    message: issue.message,
  }));
  throw new ValidationError(
    [...new Set(failures.map(({ field }) => field))],
    failures.map(({ field, message }) => `${field}: ${message}`).join("; "),
  );
}
