import net from "node:net";
import { once } from "node:events";
import { WebSocketServer, type RawData } from "ws";
import { noLatency, type Latency } from "./latency";

/**
 * Stand-in for Neon's WebSocket proxy: lets the real @neondatabase/serverless driver reach a plain local
 * Postgres. The driver opens `ws://<proxy>?address=host:port` and speaks the Postgres wire protocol in binary
 * frames; we open that TCP connection and copy bytes both ways. Pass `proxy` as createDb's `neonWsProxy`.
 */
export async function startNeonWsBridge(): Promise<{
  proxy: string;
  latency: Latency;
  connections(): number;
  close(): Promise<void>;
}> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, path: "/v2" });
  await once(wss, "listening");
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const latency = noLatency();

  wss.on("connection", (ws, req) => {
    connections++;
    const address = new URL(req.url ?? "/", "http://bridge").searchParams.get("address") ?? "";
    const sep = address.lastIndexOf(":");
    const tcp = net.connect({ host: address.slice(0, sep), port: Number(address.slice(sep + 1)) });
    sockets.add(tcp);
    tcp.on("data", (chunk) => ws.send(chunk));
    tcp.on("close", () => {
      sockets.delete(tcp);
      ws.close();
    });
    tcp.on("error", () => ws.terminate());
    ws.on("message", (data: RawData) => {
      const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
      // Equal delays keep the byte order: timers of one duration fire in the order they were set.
      if (latency.ms > 0) setTimeout(() => tcp.writable && tcp.write(chunk), latency.ms);
      else tcp.write(chunk);
    });
    ws.on("close", () => tcp.end());
    ws.on("error", () => tcp.destroy());
  });

  const { port } = wss.address() as net.AddressInfo;
  return {
    proxy: `127.0.0.1:${port}/v2`,
    latency,
    connections: () => connections,
    async close() {
      for (const s of sockets) s.destroy();
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
