// Node runtime adapter (docs/architecture.md §1): config → AppContext once → fetch handler over node:http → graceful shutdown.
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestListener, type FetchHandler } from "@remix-run/node-fetch-server";
import type { ServerBuild } from "@remix-run/node";
import { ConfigError, loadConfig } from "./app/infra/config.server";
import { createAppContext } from "./app/runtime/node-context.server";
import { createAppHandler } from "./app/infra/http/app-handler.server";
import { errorPageResponse, REFUSED } from "./app/infra/http/error-page.server";
import { startEmailSender } from "./app/runtime/email-sender-loop.server";
import { startPaymentJobs } from "./app/runtime/payment-jobs-loop.server";
import { lockDataDirOrExit } from "./app/infra/data-dir-lock.server";

const FETCHLESS_METHODS = new Set(["TRACE", "TRACK", "CONNECT"]);

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

/** Starts the shop; `appMode` is the NODE_ENV the operator gave (server-entry.ts keeps process.env's for React). */
export async function main(appMode: string | undefined) {
  // Development reads `.env` (Node's own loader: a variable already in the environment wins).
  if ((appMode ?? "development") === "development" && existsSync(".env")) process.loadEnvFile(".env");
  let config;
  try {
    config = loadConfig({ ...process.env, NODE_ENV: appMode });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  // Until the context is ready (migrations, seed) requests get a 503; the port is taken first so a busy one fails
  // before anything is written.
  let handle: FetchHandler = async () => new Response("Starting up, please retry in a moment.", { status: 503 });

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
  // Forwarded headers are read by the app's own middleware (TRUST_PROXY hops), never by the listener.
  // Requests the Fetch API cannot represent (TRACE/TRACK/CONNECT, a malformed Host) are answered here, never as a 500.
  const listener = createRequestListener(counted, {
    onError: () =>
      errorPageResponse({ ...REFUSED[400], title: "We couldn't read that request" }, { requestId: randomUUID(), nonce: "" }),
  });
  const server = http.createServer(async (req, res) => {
    if (!FETCHLESS_METHODS.has(req.method ?? "")) return listener(req, res);
    const refusal = errorPageResponse(REFUSED[405], { requestId: randomUUID(), nonce: "" });
    res.writeHead(refusal.status, Object.fromEntries(refusal.headers)).end(await refusal.text());
  });
  server.keepAliveTimeout = 65_000; // longer than typical load balancer idle timeouts
  await new Promise<void>((resolve) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      const why = error.code === "EADDRINUSE" ? "is already in use" : `cannot be opened (${error.code ?? error.message})`;
      process.stderr.write(`Port ${config.PORT} on ${config.HOST} ${why}: stop the other server or set PORT.\n`);
      process.exit(1);
    });
    server.listen(config.PORT, config.HOST, resolve);
  });

  // The embedded database's directory is ours alone: a second process on the same files would lose writes.
  if (config.mode.db === "pglite") lockDataDirOrExit(config.DATA_DIR);
  const buildDir = path.dirname(fileURLToPath(import.meta.url));
  const runtime = await createAppContext(config, { pgliteSnapshotFile: path.join(buildDir, "pglite-migrated.tar.gz") });
  const { ctx } = runtime;
  const build = (await import(pathToFileURL(path.join(buildDir, "index.js")).href)) as ServerBuild;
  handle = createAppHandler(build, ctx);
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : config.PORT;
  ctx.log.info({ port, db: config.mode.db, kv: config.mode.kv }, `Little Harvest listening on http://localhost:${port}`);
  // Delivers the email outbox (Resend or outbox files) once the server is up; stopped before the db closes.
  const emailSender = startEmailSender({ ...ctx, appUrl: config.appUrl });
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
    await ctx.errorTracker?.flush?.(2_000);
    await runtime.close();
    ctx.log.info("stopped");
    ctx.log.flush?.();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}
