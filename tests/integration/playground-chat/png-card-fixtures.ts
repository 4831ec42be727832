// PNG files written and read here byte by byte, independently of the code under test.

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes: Buffer) => {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
};

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A 2×1 RGBA PNG (red, then blue) with the given tEXt chunks, as card editors write them. */
export function pngWithText(texts: Record<string, string>): Uint8Array<ArrayBuffer> {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 6, 0, 0, 0], 8);
  // zlib stream of one stored block: filter byte 0, then two RGBA pixels.
  const raw = Buffer.from([0, 255, 0, 0, 255, 0, 0, 255, 255]);
  const adler = (() => {
    let a = 1, b = 0;
    for (const byte of raw) {
      a = (a + byte) % 65521;
      b = (b + a) % 65521;
    }
    return Buffer.from([b >> 8, b & 0xff, a >> 8, a & 0xff]);
  })();
  const stored = Buffer.concat([
    Buffer.from([0x78, 0x01, 1, raw.length, 0, ~raw.length & 0xff, 0xff]),
    raw,
    adler,
  ]);
  return Uint8Array.from(Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    ...Object.entries(texts).map(([keyword, value]) =>
      chunk("tEXt", Buffer.from(`${keyword}\0${value}`, "latin1"))
    ),
    chunk("IDAT", stored),
    chunk("IEND", Buffer.alloc(0)),
  ]));
}

/** The chunks of a PNG: type and data, in order. */
export function chunksOf(png: Uint8Array): Array<{ type: string; data: Buffer }> {
  const bytes = Buffer.from(png);
  const chunks = [];
  for (let offset = 8; offset < bytes.length;) {
    const length = bytes.readUInt32BE(offset);
    chunks.push({
      type: bytes.toString("latin1", offset + 4, offset + 8),
      data: bytes.subarray(offset + 8, offset + 8 + length),
    });
    offset += 12 + length;
  }
  return chunks;
}

/** A PNG's tEXt chunks by keyword. */
export function textsOf(png: Uint8Array): Record<string, string> {
  return Object.fromEntries(
    chunksOf(png).filter((c) => c.type === "tEXt").map((c) => {
      const zero = c.data.indexOf(0);
      return [c.data.toString("latin1", 0, zero), c.data.toString("latin1", zero + 1)];
    }),
  );
}

/** A card as base64 JSON, the way a tEXt chunk carries it. */
export const base64Json = (value: unknown) =>
  Buffer.from(JSON.stringify(value), "utf8").toString("base64");
export const fromBase64Json = (text: string) =>
  JSON.parse(Buffer.from(text, "base64").toString("utf8"));
