import net from "node:net";
import { once } from "node:events";

/**
 * A TCP pass-through to a real server (Postgres) that a test can cut: `cut()` resets every open connection and
 * refuses new ones — what the app sees while its database restarts or fails over — and `restore()` lets them through
 * again. `freeze()` forwards nothing (connections stay open, nothing answers: a hung database) until `thaw()`.
 * The shared server itself is never touched.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  const open = new Set<net.Socket>();
  let refusing = false;
  let frozen = false;
  const server = net.createServer((client) => {
    if (refusing) return void client.resetAndDestroy();
    const upstream = net.connect(target);
    open.add(client).add(upstream);
    const drop = () => {
      open.delete(client);
      open.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    client.pipe(upstream);
    upstream.pipe(client);
    if (frozen) {
      client.pause();
      upstream.pause();
    }
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    cut() {
      refusing = true;
      for (const s of open) s.resetAndDestroy();
      open.clear();
    },
    restore() {
      refusing = false;
    },
    freeze() {
      frozen = true;
      for (const s of open) s.pause();
    },
    thaw() {
      frozen = false;
      for (const s of open) s.resume();
    },
    async close() {
      this.cut();
      await new Promise((r) => server.close(r));
    },
  };
}
