import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Stand-in for the part of Neon's management API (`https://console.neon.tech/api/v2`) the release tooling reads:
 * `GET /api/v2/projects/:id` → `{ project: { id, name, history_retention_seconds, … } }` with `Authorization: Bearer
 * <api key>`; a wrong key is 401 `{ code, message }`, an unknown project 404, as Neon answers.
 */
export async function startNeonApiStandIn(opts: { apiKey: string; projectId: string; historyRetentionSeconds: number }) {
  const project = { historyRetentionSeconds: opts.historyRetentionSeconds };
  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.headers.authorization !== `Bearer ${opts.apiKey}`) return send(401, { code: "", message: "authorization failed" });
    const m = /^\/api\/v2\/projects\/([^/?]+)$/.exec(req.url ?? "");
    if (req.method !== "GET" || !m) return send(404, { code: "", message: "not found" });
    if (decodeURIComponent(m[1]) !== opts.projectId) return send(404, { code: "", message: "project not found" });
    return send(200, {
      project: {
        id: opts.projectId,
        platform_id: "aws",
        region_id: "aws-eu-central-1",
        name: "little-harvest",
        provisioner: "k8s-neonvm",
        pg_version: 17,
        history_retention_seconds: project.historyRetentionSeconds,
        created_at: "2026-11-01T08:00:00Z",
        updated_at: "2026-11-01T08:00:00Z",
      },
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    project,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
