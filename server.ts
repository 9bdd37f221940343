// Node runtime adapter (DESIGN §1): config → AppContext once → fetch handler over node:http → graceful shutdown.
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestListener, type FetchHandler } from "@remix-run/node-fetch-server";
import type { ServerBuild } from "@remix-run/node";
import { ConfigError, loadConfig } from "./app/infra/config.server";
import { createAppContext } from "./app/infra/context.server";
import { createAppHandler } from "./app/infra/http/app-handler.server";
import { createEmailSender } from "./app/domain/email-sender.server";

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

  const runtime = await createAppContext(config);
  const { ctx } = runtime;
  const build = (await import(
    pathToFileURL(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "index.js")).href
  )) as ServerBuild;
  const handle = createAppHandler(build, ctx);

  let inFlight = 0;
  const counted: FetchHandler = async (request, client) => {
    inFlight++;
    try {
      return await handle(request, client);
    } finally {
      inFlight--;
    }
  };
  // Forwarded headers are read by the app's own middleware (TRUST_PROXY hops), never by the listener.
  const server = http.createServer(createRequestListener(counted));
  server.keepAliveTimeout = 65_000; // longer than typical load balancer idle timeouts
  // Delivers the email outbox (Resend or outbox files) once the server is up; stopped before the db closes.
  const emailSender = createEmailSender({ ...ctx, appUrl: config.appUrl });
  server.listen(config.PORT, config.HOST, () => {
    const addr = server.address();
    const port = typeof addr === "object" && addr ? addr.port : config.PORT;
    ctx.log.info({ port, db: config.mode.db, kv: config.mode.kv }, `Little Harvest listening on http://localhost:${port}`);
    emailSender.start();
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.log.info({ signal, inFlight }, "shutting down: no new connections, finishing in-flight requests");
    server.close();
    const deadline = Date.now() + config.SHUTDOWN_TIMEOUT_MS;
    while (inFlight > 0 && Date.now() < deadline) {
      server.closeIdleConnections();
      await new Promise((r) => setTimeout(r, 50));
    }
    if (inFlight > 0) ctx.log.warn({ inFlight }, "shutdown deadline reached; dropping remaining requests");
    server.closeAllConnections();
    await emailSender.stop();
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
