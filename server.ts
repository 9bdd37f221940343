// Node runtime adapter (DESIGN §1): config → AppContext once → fetch handler over node:http → graceful shutdown.
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestListener, type FetchHandler } from "@remix-run/node-fetch-server";
import type { ServerBuild } from "@remix-run/node";
import { ConfigError, loadConfig } from "./app/infra/config.server";
import { createAppContext } from "./app/infra/context.server";
import { createAppHandler } from "./app/infra/http/app-handler.server";
import { createEmailSender } from "./app/domain/email-sender.server";
import { startPaymentJobs } from "./app/infra/payment-jobs-loop.server";

const shuttingDown = () =>
  new Response(JSON.stringify({ status: "fail", description: "Little Harvest readiness", output: "shutting down" }), {
    status: 503,
    headers: { "content-type": "application/health+json", "cache-control": "no-store", connection: "close" },
  });

function withConnectionClose(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.set("connection", "close");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

async function main() {
  if ((process.env.NODE_ENV ?? "development") === "development") {
    const { config } = await import("dotenv");
    config({ quiet: true });
  }
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const buildDir = path.dirname(fileURLToPath(import.meta.url));
  const runtime = await createAppContext(config, { pgliteSnapshotFile: path.join(buildDir, "pglite-migrated.tar.gz") });
  const { ctx } = runtime;
  const build = (await import(pathToFileURL(path.join(buildDir, "index.js")).href)) as ServerBuild;
  const handle = createAppHandler(build, ctx);

  let inFlight = 0;
  let stopping = false;
  const counted: FetchHandler = async (request, client) => {
    // Readiness turns 503 the moment shutdown starts, so a load balancer stops sending before the sockets close.
    if (stopping && new URL(request.url).pathname === "/api/system-status") return shuttingDown();
    inFlight++;
    try {
      const response = await handle(request, client);
      // While draining, every answer tells the client to close this connection and open a new one elsewhere.
      return stopping ? withConnectionClose(response) : response;
    } finally {
      inFlight--;
    }
  };
  const server = http.createServer(createRequestListener(counted, { trustProxy: config.TRUST_PROXY }));
  server.keepAliveTimeout = 65_000; // longer than typical load balancer idle timeouts
  // Delivers the email outbox (Resend or outbox files) once the server is up; stopped before the db closes.
  const emailSender = createEmailSender({ ...ctx, appUrl: config.appUrl });
  server.listen(config.PORT, config.HOST, () => {
    const addr = server.address();
    const port = typeof addr === "object" && addr ? addr.port : config.PORT;
    ctx.log.info({ port, db: config.mode.db, kv: config.mode.kv }, `Little Harvest listening on http://localhost:${port}`);
    emailSender.start();
  });
  // Releases unpaid card orders after 35 minutes and reconciles payments without an outcome.
  const paymentJobs = startPaymentJobs(ctx, config.PAYMENT_JOBS_INTERVAL_MS);

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.log.info({ signal, inFlight }, "shutting down: no new connections, draining open ones");
    // net.Server's close stops accepting without http.Server's closeIdleConnections(): a keep-alive request already
    // on its way over an idle connection would otherwise meet a reset (a 502 at the load balancer).
    net.Server.prototype.close.call(server);
    const deadline = Date.now() + config.SHUTDOWN_TIMEOUT_MS;
    await new Promise((r) => setTimeout(r, Math.min(config.SHUTDOWN_DRAIN_MS, config.SHUTDOWN_TIMEOUT_MS)));
    while (inFlight > 0 && Date.now() < deadline) {
      server.closeIdleConnections();
      await new Promise((r) => setTimeout(r, 50));
    }
    if (inFlight > 0) ctx.log.warn({ inFlight }, "shutdown deadline reached; dropping remaining requests");
    server.closeAllConnections();
    await Promise.all([emailSender.stop(), paymentJobs.stop()]);
    await runtime.close();
    ctx.log.info("stopped");
    ctx.log.flush?.();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error) => {
  process.stderr.write(`Little Harvest failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
