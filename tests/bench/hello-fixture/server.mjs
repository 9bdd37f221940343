// Serves the hello fixture's build the simplest way: node:http and @remix-run/node's request handler, through the
// same fetch adapter (@remix-run/node-fetch-server) as our server.ts, so the ratio measures the app, not the adapter.
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/node";
import { createRequestListener } from "@remix-run/node-fetch-server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const out = path.resolve(root, process.env.HELLO_BUILD_DIR || "build/hello-fixture");
const build = await import(pathToFileURL(path.join(out, "index.js")).href);
const handle = createRequestHandler(build, "production");
http
  .createServer(createRequestListener((request) => handle(request)))
  .listen(Number(process.env.PORT || 3001), process.env.HOST || "127.0.0.1");
