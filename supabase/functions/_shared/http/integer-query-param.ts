import { z } from "@hono/zod-openapi";

// Plain decimal digits only: no sign, exponent, hex, fraction or surrounding blanks.
const DECIMAL_DIGITS = /^\d{1,15}$/;

/**
 * A whole-number query parameter between `min` and `max`, written in decimal digits only:
 * `limit=1e1`, `0x10`, `" 5"` and `5.0` are refused, which `z.coerce.number()` would accept.
 * @example limit: integerQueryParam(1, 100).default(20)
 */
export function integerQueryParam(min: number, max: number) {
  return z.string()
    .regex(DECIMAL_DIGITS, "must be a whole number in decimal digits")
    .transform(Number)
    .pipe(z.int().min(min).max(max))
    .openapi({ type: "integer", minimum: min, maximum: max });
}
