/**
 * Removes the role prefixes models put before a reply ("Assistant:", "{{char}}:", the
 * character's own name, repeated) while it streams: the first characters are held back only while
 * they could still become a prefix, and everything after them passes through untouched.
 */
export function createRolePrefixStripper(characterName: string | null) {
  const names = ["assistant", "{{char}}", ...(characterName ? [characterName] : [])];
  const pattern = new RegExp(
    `^\\s*(?:(?:${names.map(escapeRegExp).join("|")})\\s*:[ \\t]*)+`,
    "i",
  );
  // Long enough to see a prefix twice over; a reply shorter than this is decided at its end.
  const holdLength = 2 * (Math.max(...names.map((name) => name.length)) + 4);
  let held = "";
  let decided = false;

  // Whether more text could still turn what is held into a prefix ("Assi", "Mira ", "Mira: ").
  const mayBecomePrefix = (text: string): boolean => {
    const rest = text.replace(pattern, "").trimStart().toLowerCase();
    if (rest === "") return true;
    return names.some((name) => {
      const lower = name.toLowerCase();
      if (lower.startsWith(rest)) return true;
      return rest.startsWith(lower) && /^\s*$/.test(rest.slice(lower.length));
    });
  };

  const decide = (): string => {
    decided = true;
    const text = held.replace(pattern, "");
    held = "";
    return text;
  };

  return {
    /** The part of `text` that is safe to show now. */
    push(text: string): string {
      if (decided) return text;
      held += text;
      return held.length >= holdLength || !mayBecomePrefix(held) ? decide() : "";
    },
    /** What is still held back, once the reply ended. */
    flush(): string {
      return decided ? "" : decide();
    },
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
