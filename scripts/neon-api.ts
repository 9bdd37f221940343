// Neon's management API, for the release tooling (preflight's restore window, the pipeline's restore point).
// NEON_API_URL points it elsewhere (a stand-in in tests); NEON_API_KEY and NEON_PROJECT_ID come from the secret store.
export const NEON_API_DEFAULT = "https://console.neon.tech/api/v2";

export function neonProject(env: Record<string, string | undefined>, doFetch: typeof fetch = fetch) {
  const { NEON_API_KEY: key, NEON_PROJECT_ID: project } = env;
  if (!key || !project) return null;
  const base = `${(env.NEON_API_URL || NEON_API_DEFAULT).replace(/\/$/, "")}/projects/${encodeURIComponent(project)}`;
  return async <T>(path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await doFetch(`${base}${path}`, {
      method: init.method ?? "GET",
      headers: { authorization: `Bearer ${key}`, accept: "application/json", "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const body = (await res.json().catch(() => ({}))) as T & { message?: string };
    return { ok: res.ok, status: res.status, body };
  };
}
