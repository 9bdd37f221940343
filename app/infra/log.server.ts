import pino, { type Logger } from "pino";
import { REDACT_PATHS, scrubText } from "./redaction";

export function createLogger(opts: { level: string; pretty?: boolean; destination?: pino.DestinationStream }): Logger {
  const options: pino.LoggerOptions = {
    level: opts.level,
    base: { app: "little-harvest" },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    formatters: { level: (label) => ({ level: label }) },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((a) => (typeof a === "string" ? scrubText(a) : a)) as typeof args;
        return method.apply(this, scrubbed);
      },
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (opts.destination) return pino(options, opts.destination);
  if (opts.pretty) return pino({ ...options, transport: { target: "pino-pretty", options: { colorize: true } } });
  return pino(options);
}
