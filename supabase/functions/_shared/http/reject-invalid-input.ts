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
  // An unknown key is named itself, not the object that holds it.
  const failures = result.error.issues.flatMap((issue) =>
    (issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => [...issue.path, key])
      : [issue.path])
      .map((path) => ({
        field: path.length > 0 ? path.join(".") : rootName,
        message: issue.code === "unrecognized_keys" ? "unknown field" : issue.message,
      }))
  );
  throw new ValidationError(
    [...new Set(failures.map(({ field }) => field))],
    failures.map(({ field, message }) => `${field}: ${message}`).join("; "),
  );
}
