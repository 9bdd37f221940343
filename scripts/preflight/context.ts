import type { Config } from "../../app/infra/config.server";

export type Target = "production" | "staging";

/** What every check may use: the raw environment, the parsed config (null when invalid) and the outside world. */
export type PreflightContext = {
  env: Record<string, string | undefined>;
  config: Config | null;
  target: Target;
  now: () => Date;
  fetch: typeof fetch;
  /** Extra trusted CA certificates (PEM) for the public URL's TLS check, as NODE_EXTRA_CA_CERTS would add. */
  ca?: string;
  sendTestEvent: boolean;
  /** Where `promtool` is, or null when it is not installed. */
  promtool: string | null;
  /** The Prometheus alert rules and their unit tests (ops/prometheus/). */
  alertRules: { rules: string };
};
