// One process at a time on an embedded database: two PGlite instances on the same files silently lose writes.
// Used by the Node server and the db:* scripts only (never by routes).
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

class DataDirLockedError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes `<dataDir>/.lock` (holding our PID) or throws DataDirLockedError naming the directory and the holder. A lock
 * left by a process that no longer exists is taken over. Released when this process exits.
 */
function lockDataDir(dataDir: string): void {
  const dir = path.resolve(dataDir);
  const file = path.join(dir, ".lock");
  mkdirSync(dir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      process.on("exit", () => {
        try {
          unlinkSync(file);
        } catch {
          // already gone
        }
      });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(readFileSync(file, "utf8").trim());
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) {
        throw new DataDirLockedError(`${dir} is in use by another Little Harvest process (PID ${holder}); stop it first.`);
      }
      unlinkSync(file); // stale: its process is gone
    }
  }
  throw new DataDirLockedError(`${dir} could not be locked; remove ${file} if no Little Harvest process is running.`);
}

/** For entry points: the lock, or one line on stderr and exit code 1. */
export function lockDataDirOrExit(dataDir: string): void {
  try {
    lockDataDir(dataDir);
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
