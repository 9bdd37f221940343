import type { Logger } from "pino";
import { REDACT_PATHS, scrubText } from "./redaction";

/**
 * Pino-compatible JSON lines for runtimes where pino resolves to its browser build, which silently drops redaction
 * (workerd). Same line shape as app/infra/log.server.ts — `{"level":"info","time":…,"app":"little-harvest",…,"msg":…}`
 * — and the same redaction paths and free-text scrubbing. Only the surface the app uses is implemented.
 */
const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;
type Level = keyof typeof LEVELS;
const CENSOR = "[redacted]";
const PATHS = REDACT_PATHS.map((p) => p.split("."));

export function createJsonLogger(opts: { level: string; write: (line: string) => void }): Logger {
  const threshold = opts.level === "silent" ? Infinity : (LEVELS[opts.level as Level] ?? LEVELS.info);
  const make = (bindings: Record<string, unknown>): Logger => {
    const emit =
      (level: Level) =>
      (first?: unknown, ...rest: unknown[]) => {
        if (LEVELS[level] < threshold) return;
        const fields = typeof first === "object" && first !== null ? serialize(first) : {};
        const message = typeof first === "object" && first !== null ? rest[0] : first;
        const line: Record<string, unknown> = { level, time: new Date().toISOString(), ...bindings, ...fields };
        if (typeof message === "string") line.msg = scrubText(message);
        opts.write(JSON.stringify(redact(line)));
      };
    const logger = {
      level: opts.level,
      trace: emit("trace"),
      debug: emit("debug"),
      info: emit("info"),
      warn: emit("warn"),
      error: emit("error"),
      fatal: emit("fatal"),
      silent: () => {},
      child: (more: Record<string, unknown>) => make({ ...bindings, ...redact(serialize(more)) }),
      bindings: () => ({ ...bindings }),
      isLevelEnabled: (level: string) => (LEVELS[level as Level] ?? Infinity) >= threshold,
      flush: () => {},
    };
    return logger as unknown as Logger;
  };
  return make({ app: "little-harvest" });
}

// pino's standard `err` serializer shape: { type, message, stack }.
function serialize(obj: object): Record<string, unknown> {
  if (obj instanceof Error) return { err: errorFields(obj) };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = v instanceof Error ? errorFields(v) : v;
  return out;
}

const errorFields = (e: Error) => ({ type: e.name, message: scrubText(e.message), stack: e.stack && scrubText(e.stack) });

/** Applies REDACT_PATHS ("a", "*.a", "*.*.a", "a.b") to a copy: the caller's objects are never modified. */
function redact(line: Record<string, unknown>): Record<string, unknown> {
  let out = line;
  for (const path of PATHS) out = redactPath(out, path) as Record<string, unknown>;
  return out;
}

function redactPath(node: unknown, path: string[]): unknown {
  if (typeof node !== "object" || node === null || Array.isArray(node)) return node;
  const [head, ...rest] = path;
  const record = node as Record<string, unknown>;
  let copy: Record<string, unknown> | null = null;
  for (const key of head === "*" ? Object.keys(record) : [head]) {
    if (!(key in record)) continue;
    const next = rest.length === 0 ? CENSOR : redactPath(record[key], rest);
    if (next !== record[key]) (copy ??= { ...record })[key] = next;
  }
  return copy ?? node;
}
