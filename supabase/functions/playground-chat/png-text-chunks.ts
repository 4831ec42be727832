const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const latin1 = new TextDecoder("latin1");

/** Why bytes could not be read as a PNG, in words a caller can act on. */
export class PngFormatError extends Error {}

interface Chunk {
  type: string;
  /** Offset of the whole chunk (length field) and its total size. */
  start: number;
  size: number;
  data: Uint8Array;
}

function* chunksOf(png: Uint8Array): Generator<Chunk> {
  if (png.length < 8 || SIGNATURE.some((byte, i) => png[i] !== byte)) {
    throw new PngFormatError("the file is not a PNG image");
  }
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let offset = 8; offset < png.length;) {
    if (offset + 12 > png.length) throw new PngFormatError("the PNG image is truncated");
    const length = view.getUint32(offset);
    const size = 12 + length;
    if (offset + size > png.length) throw new PngFormatError("the PNG image is truncated");
    const type = latin1.decode(png.subarray(offset + 4, offset + 8));
    yield { type, start: offset, size, data: png.subarray(offset + 8, offset + 8 + length) };
    if (type === "IEND") return;
    offset += size;
  }
  throw new PngFormatError("the PNG image has no end chunk");
}

/**
 * The tEXt chunks of a PNG by keyword (Latin-1 text, as the PNG specification defines them).
 * Throws `PngFormatError` for bytes that are not a whole PNG.
 */
export function readPngTextChunks(png: Uint8Array): Map<string, string> {
  const texts = new Map<string, string>();
  for (const chunk of chunksOf(png)) {
    if (chunk.type !== "tEXt") continue;
    const separator = chunk.data.indexOf(0);
    if (separator <= 0) continue;
    texts.set(
      latin1.decode(chunk.data.subarray(0, separator)),
      latin1.decode(chunk.data.subarray(separator + 1)),
    );
  }
  return texts;
}

/**
 * The PNG with its tEXt chunks of the keywords in `texts` replaced by those values (a null value
 * only removes them), written just before the end chunk. Values must be Latin-1 (base64 is).
 */
export function writePngTextChunks(
  png: Uint8Array,
  texts: Record<string, string | null>,
): Uint8Array {
  const kept: Uint8Array[] = [];
  let end: Uint8Array | undefined;
  for (const chunk of chunksOf(png)) {
    const whole = png.subarray(chunk.start, chunk.start + chunk.size);
    if (chunk.type === "IEND") end = whole;
    else if (chunk.type !== "tEXt" || !(textKeyword(chunk.data) in texts)) kept.push(whole);
  }
  const added = Object.entries(texts).flatMap(([keyword, value]) =>
    value === null ? [] : [textChunk(keyword, value)]
  );
  const parts = [Uint8Array.from(SIGNATURE), ...kept, ...added, end!];
  const total = parts.reduce((n, part) => n + part.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function textKeyword(data: Uint8Array): string {
  const separator = data.indexOf(0);
  return separator < 0 ? "" : latin1.decode(data.subarray(0, separator));
}

function textChunk(keyword: string, value: string): Uint8Array {
  const body = Uint8Array.from(`tEXt${keyword}\0${value}`, (char) => char.charCodeAt(0) & 0xff);
  const chunk = new Uint8Array(8 + body.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, body.length - 4);
  chunk.set(body, 4);
  view.setUint32(4 + body.length, crc32(body));
  return chunk;
}

let crcTable: Uint32Array | undefined;

function crc32(bytes: Uint8Array): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
