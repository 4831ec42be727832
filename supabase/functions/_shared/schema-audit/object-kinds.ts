import type { ObjectKind } from "./catalog.ts";
import { ACCESS_KINDS } from "./access-kinds.ts";
import type { KindRule } from "./kind-rule.ts";
import { RELATION_KINDS } from "./relation-kinds.ts";
import { ROUTINE_KINDS } from "./routine-kinds.ts";

/** Per kind of object: categories, severities, impacts and mechanical repairs. */
export const KIND_RULES = { ...RELATION_KINDS, ...ROUTINE_KINDS, ...ACCESS_KINDS } as Record<
  ObjectKind,
  KindRule
>;
