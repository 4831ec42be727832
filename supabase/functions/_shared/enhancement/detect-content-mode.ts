// Terms that make a prompt adult content. Matched as whole words (an optional plural "s"/"es"),
// so "Scunthorpe", "classic" or "assemble" never match, while "nude" next to "classroom" does.
const EXPLICIT_TERMS = [
  "nude",
  "nudity",
  "naked",
  "nsfw",
  "sex",
  "sexy",
  "sexual",
  "porn",
  "porno",
  "pornographic",
  "topless",
  "bottomless",
  "lingerie",
  "erotic",
  "erotica",
  "fetish",
  "bdsm",
  "bondage",
  "genital",
  "genitals",
  "nipple",
  "penis",
  "vagina",
  "vulva",
  "orgasm",
  "xxx",
  "hentai",
  "boob",
  "tits",
  "blowjob",
  "masturbation",
  "masturbating",
  "undressed",
  "unclothed",
  "stripper",
  "striptease",
  "cunt",
  "pussy",
  "butt naked",
];

const EXPLICIT = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${
    EXPLICIT_TERMS.map((t) => t.replace(/ /g, "\\s+")).join("|")
  })(?:e?s)?(?![\\p{L}\\p{N}])`,
  "iu",
);

/** "nsfw" when the prompt contains an explicit term as a whole word, else "sfw". */
export function detectContentMode(prompt: string): "sfw" | "nsfw" {
  return EXPLICIT.test(prompt) ? "nsfw" : "sfw";
}
