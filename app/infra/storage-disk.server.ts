import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { newUploadPath, uploadKey, type Storage } from "./storage.server";

/** Node: files under $DATA_DIR/uploads, which the static middleware serves at /uploads/. */
export function createLocalStorage(dataDir: string): Storage {
  const root = path.resolve(dataDir, "uploads");
  return {
    async put(folder, bytes, ext) {
      const { key, url } = newUploadPath(folder, ext);
      await mkdir(path.join(root, folder), { recursive: true });
      await writeFile(path.join(root, key), bytes);
      return url;
    },
    async remove(url) {
      const key = uploadKey(url);
      if (key) await rm(path.join(root, key), { force: true });
    },
  };
}
