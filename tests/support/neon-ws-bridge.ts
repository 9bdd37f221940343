import net from "node:net";
import { once } from "node:events";
import { WebSocketServer, type RawData } from "ws";

/**
 * Stand-in for Neon's WebSocket proxy: lets the real @neondatabase/serverless driver reach a plain local
 * Postgres. The driver opens `ws://<proxy>?address=host:port` and speaks the Postgres wire protocol in binary
 * frames; we open that TCP connection and copy bytes both ways. Pass `proxy` as createDb's `neonWsProxy`.
 */
export async function startNeonWsBridge(): Promise<{ proxy: string; connections(): number; close(): Promise<void> }> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, path: "/v2" });
  await once(wss, "listening");
  const sockets = new Set<net.Socket>();
  let connections = 0;

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
    ws.on("message", (data: RawData) => tcp.write(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer)));
    ws.on("close", () => tcp.end());
    ws.on("error", () => tcp.destroy());
  });

  const { port } = wss.address() as net.AddressInfo;
  return {
    proxy: `127.0.0.1:${port}/v2`,
    connections: () => connections,
    async close() {
      for (const s of sockets) s.destroy();
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
