import { createWriteStream, mkdirSync } from "node:fs";
import { join } from "node:path";

/** Sends the test stack's process output to `<dataDir>.log`, out of the test report. */
export function writeStackLog(dataDir: string) {
  mkdirSync(join(dataDir, ".."), { recursive: true });
  const stream = createWriteStream(`${dataDir}.log`);
  return {
    write: (source: string, line: string) => stream.write(`[${source}] ${line}\n`),
    close: () => new Promise<void>((resolve) => stream.end(resolve)),
  };
}
