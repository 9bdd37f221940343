import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Stand-in for the part of Neon's management API (`https://console.neon.tech/api/v2`) the release tooling reads:
 * `GET /api/v2/projects/:id` → `{ project: { id, name, history_retention_seconds, … } }` and `POST
 * /api/v2/projects/:id/branches` `{ branch: { name } }` → 201 `{ branch: { id, name, parent_id, parent_lsn, … },
 * operations }`, with `Authorization: Bearer <api key>`; a wrong key is 401 `{ code, message }`, an unknown project 404,
 * a branch name already taken 409, as Neon answers.
 */
export async function startNeonApiStandIn(opts: { apiKey: string; projectId: string; historyRetentionSeconds: number }) {
  const project = { historyRetentionSeconds: opts.historyRetentionSeconds };
  const branches: { id: string; name: string; parent_id: string; parent_lsn: string }[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const send = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.headers.authorization !== `Bearer ${opts.apiKey}`) return send(401, { code: "", message: "authorization failed" });
    const m = /^\/api\/v2\/projects\/([^/?]+)(\/branches)?$/.exec(req.url ?? "");
    if (!m) return send(404, { code: "", message: "not found" });
    if (decodeURIComponent(m[1]) !== opts.projectId) return send(404, { code: "", message: "project not found" });
    if (m[2] && req.method === "POST") {
      const name = (JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as { branch?: { name?: string } }).branch?.name;
      if (!name) return send(400, { code: "", message: "branch name is required" });
      if (branches.some((b) => b.name === name)) return send(409, { code: "", message: "branch with that name already exists" });
      const branch = {
        id: `br-restore-${branches.length + 1}`,
        name,
        parent_id: "br-main-0001",
        parent_lsn: `0/${(branches.length + 1) * 1000}`,
      };
      branches.push(branch);
      return send(201, {
        branch: { ...branch, project_id: opts.projectId, current_state: "init", created_at: new Date().toISOString() },
        operations: [{ id: "op-1", action: "create_branch", status: "running" }],
      });
    }
    if (m[2] || req.method !== "GET") return send(405, { code: "", message: "method not allowed" });
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
    /** NEON_API_URL for a tool pointed here. */
    apiUrl: `http://127.0.0.1:${port}/api/v2`,
    project,
    branches,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
