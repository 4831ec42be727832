/**
 * A small MP4 byte sequence (an `ftyp` box naming the ISO base media brands and an empty `mdat`
 * box): what a video output looks like to code that stores and forwards it without decoding.
 */
export const sampleMp4: Buffer = Buffer.concat([
  box("ftyp", Buffer.concat([Buffer.from("isom"), uint32(512), Buffer.from("isomiso2avc1mp41")])),
  box("mdat", Buffer.alloc(0)),
]);

function box(type: string, payload: Buffer): Buffer {
  return Buffer.concat([uint32(8 + payload.length), Buffer.from(type, "ascii"), payload]);
}

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}
