import { EXPOSURE_LINTS } from "./exposure-lints.ts";
import { PERFORMANCE_LINTS } from "./performance-lints.ts";
import { RLS_LINTS } from "./rls-lints.ts";

/** Every lint the audit runs on the live database, written against the catalogs. */
export const LINT_RULES = [...RLS_LINTS, ...EXPOSURE_LINTS, ...PERFORMANCE_LINTS];
