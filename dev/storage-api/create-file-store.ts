import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile, mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { storageErrors } from "./storage-error.ts";

/** An object's address: bucket id and object name (`folder/file.png`). */
export interface ObjectKey {
  bucket: string;
  name: string;
}

/** Object bytes on disk at `<filesDir>/<bucket>/<name>`. */
export interface FileStore {
  /** Replaces the object's bytes atomically (readers see the old or the new file, never a part). */
  write(key: ObjectKey, bytes: Uint8Array): Promise<void>;
  /** The object's bytes as a stream and their size, or null when no file is stored. */
  read(key: ObjectKey): Promise<{ size: number; stream: ReadableStream<Uint8Array> } | null>;
  copy(from: ObjectKey, to: ObjectKey): Promise<void>;
  move(from: ObjectKey, to: ObjectKey): Promise<void>;
  /** Deletes the files; already missing ones are fine. */
  remove(keys: ObjectKey[]): Promise<void>;
}

// A file and a folder cannot share a path on disk, unlike keys in an object store.
const pathClashCodes = new Set(["ENOTDIR", "EISDIR", "EEXIST"]);

/** Stores object bytes as plain files under `filesDir`, refusing names that would leave it. */
export function createFileStore(filesDir: string): FileStore {
  const pathOf = ({ bucket, name }: ObjectKey): string => {
    const segments = [bucket, ...name.split("/")];
    if (
      segments.some((s) =>
        s === "" || s === "." || s === ".." || s.includes("\0") || s.includes("\\")
      )
    ) {
      throw storageErrors.invalidKey(name);
    }
    return join(filesDir, ...segments);
  };

  const onDisk = async (
    key: ObjectKey,
    operation: (path: string) => Promise<void>,
  ): Promise<void> => {
    try {
      await operation(pathOf(key));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "";
      if (pathClashCodes.has(code)) throw storageErrors.invalidKey(key.name);
      if (code === "ENOENT") throw storageErrors.noSuchKey();
      throw error;
    }
  };

  return {
    write: (key, bytes) =>
      onDisk(key, async (path) => {
        await mkdir(dirname(path), { recursive: true });
        const partial = `${path}.${randomUUID()}.partial`;
        await writeFile(partial, bytes);
        await rename(partial, path).catch(async (error) => {
          await rm(partial, { force: true });
          throw error;
        });
      }),

    async read(key) {
      const path = pathOf(key);
      try {
        const { size } = await stat(path);
        return {
          size,
          stream: Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>,
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },

    copy: (from, to) =>
      onDisk(to, async (path) => {
        await mkdir(dirname(path), { recursive: true });
        await copyFile(pathOf(from), path);
      }),

    move: (from, to) =>
      onDisk(to, async (path) => {
        await mkdir(dirname(path), { recursive: true });
        await rename(pathOf(from), path);
      }),

    async remove(keys) {
      await Promise.all(keys.map((key) => rm(pathOf(key), { force: true })));
    },
  };
}
