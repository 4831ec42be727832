import { type Catalog, type CatalogObject, objectKey, type ObjectKind } from "./catalog.ts";
import { type Finding, SEVERITY_RANK } from "./finding.ts";
import { KIND_RULES } from "./object-kinds.ts";

/** The order a patch creates objects in, so each finds what it depends on. */
const CREATE_ORDER: ObjectKind[] = [
  "schema",
  "extension",
  "type",
  "sequence",
  "table",
  "column",
  "function",
  "constraint",
  "index",
  "view",
  "trigger",
  "policy",
  "table-grant",
  "function-grant",
  "default-privileges",
  "publication-member",
  "bucket",
];

const label = (kind: string) => kind.replaceAll("-", " ");
const kebab = (prop: string) => prop.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const show = (value: unknown) => (value === null || value === undefined ? "(none)" : String(value));

function createSql(object: CatalogObject): string {
  return KIND_RULES[object.kind].create?.(object) ?? object.create;
}

/**
 * Compares the live catalog with the intended one (the migrations applied to a scratch
 * database): objects missing, extra or different, one finding per object and category.
 * Objects inside a missing or extra parent are folded into the parent's finding.
 */
export function compareCatalogs(intended: Catalog, live: Catalog): Finding[] {
  const intendedByKey = new Map(intended.objects.map((o) => [objectKey(o), o]));
  const liveByKey = new Map(live.objects.map((o) => [objectKey(o), o]));
  const missing = intended.objects.filter((o) => !liveByKey.has(objectKey(o)));
  const missingKeys = new Set(missing.map(objectKey));
  const extra = live.objects.filter((o) => !intendedByKey.has(objectKey(o)) && !o.platform);
  const extraKeys = new Set(extra.map(objectKey));
  const byCreateOrder = (a: CatalogObject, b: CatalogObject) =>
    CREATE_ORDER.indexOf(a.kind) - CREATE_ORDER.indexOf(b.kind);

  const findings: Finding[] = [];
  for (const object of missing) {
    if (object.parent && missingKeys.has(object.parent)) continue;
    const rule = KIND_RULES[object.kind];
    const children = missing
      .filter((child) => child.parent === objectKey(object))
      .sort(byCreateOrder);
    findings.push(finding(object, {
      category: rule.category,
      severity: rule.missing,
      rule: `missing-${object.kind}`,
      summary: `The ${label(object.kind)} ${object.name} that the migrations create is missing.`,
      expected: createSql(object),
      actual: null,
      impact: rule.impactMissing,
      fix: "Create it as the migrations do (the patch does).",
      patch: [object, ...children].map(createSql).filter(Boolean).join("\n"),
    }));
  }
  for (const object of extra) {
    if (object.parent && extraKeys.has(object.parent)) continue;
    const rule = KIND_RULES[object.kind];
    const patch = rule.dropExtra?.(object) ?? null;
    findings.push(finding(object, {
      category: rule.category,
      severity: typeof rule.extra === "function" ? rule.extra(object) : rule.extra,
      rule: `extra-${object.kind}`,
      summary: `The ${label(object.kind)} ${object.name} exists, but no migration creates it.`,
      expected: null,
      actual: createSql(object),
      impact: rule.impactExtra,
      fix: patch
        ? "Remove it (the patch does), or add it to a migration if it is wanted."
        : "Add it to a migration if it is wanted; otherwise a person decides how to remove it.",
      patch,
    }));
  }
  for (const object of intended.objects) {
    const actual = liveByKey.get(objectKey(object));
    if (actual) findings.push(...compareProps(object, actual));
  }
  return findings;
}

/** One finding per category of the properties that differ. */
function compareProps(intended: CatalogObject, live: CatalogObject): Finding[] {
  const rules = KIND_RULES[intended.kind].props;
  const differing = Object.keys(rules).filter((prop) =>
    show(intended.props[prop]) !== show(live.props[prop])
  );
  const categories = [...new Set(differing.map((prop) => rules[prop].category))];
  return categories.map((category) => {
    const props = differing.filter((prop) => rules[prop].category === category);
    const severities = props.map((prop) => {
      const severity = rules[prop].severity;
      return typeof severity === "function"
        ? severity(intended.props[prop], live.props[prop])
        : severity;
    });
    const patches = props.map((prop) => rules[prop].patch?.(intended, live) ?? null);
    const patch = patches.every((p) => p !== null) ? [...new Set(patches)].join("\n") : null;
    return finding(intended, {
      category,
      severity: severities.reduce((a, b) => (SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a)),
      rule: props.length === 1 ? `changed-${kebab(props[0])}` : `changed-${intended.kind}`,
      summary: props.length === 1 && rules[props[0]].summary
        ? rules[props[0]].summary!(intended, live)
        : `The ${label(intended.kind)} ${intended.name} differs from the migrations in its ${
          props.map(kebab).map((p) => p.replaceAll("-", " ")).join(", ")
        }.`,
      expected: props.map((prop) => `${prop}: ${show(intended.props[prop])}`).join("\n"),
      actual: props.map((prop) => `${prop}: ${show(live.props[prop])}`).join("\n"),
      impact: props.map((prop) => rules[prop].impact).join(" "),
      fix: patch
        ? "Bring it back to the migrations' definition (the patch does), or write a migration if the change is wanted."
        : "A person decides: write a migration for the change, or alter the object back by hand.",
      patch,
    });
  });
}

function finding(
  object: CatalogObject,
  details: Omit<Finding, "id" | "object" | "evidence" | "alsoMatched">,
): Finding {
  return {
    id: `${details.rule}:${object.kind}:${object.name}`,
    object: { kind: object.kind, name: object.name },
    evidence: KIND_RULES[object.kind].evidence(object),
    alsoMatched: [],
    ...details,
  };
}
