import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import net, { type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import tls from "node:tls";

export type Certificate = { key: string; cert: string };

/** A self-signed certificate for localhost and 127.0.0.1, valid for `days` from now (openssl, as an operator would). */
export function selfSignedCertificate(days: number): Certificate {
  const dir = mkdtempSync(path.join(tmpdir(), "lh-tls-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        String(days),
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
        "-keyout",
        path.join(dir, "key.pem"),
        "-out",
        path.join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    return { key: readFileSync(path.join(dir, "key.pem"), "utf8"), cert: readFileSync(path.join(dir, "cert.pem"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const listening = async (server: net.Server) => {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://localhost:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/** TLS in front of a plain-HTTP server on `targetPort`, as a load balancer terminates it. */
export function startTlsProxy(certificate: Certificate, targetPort: number) {
  const server = tls.createServer(certificate, (client) => {
    const upstream = net.connect(targetPort, "127.0.0.1");
    client.pipe(upstream).pipe(client);
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  return listening(server);
}

/** An HTTPS server of the test's own (a site that is not the shop, or a misconfigured one). */
export function startHttpsServer(certificate: Certificate, handler: http.RequestListener) {
  return listening(https.createServer(certificate, handler));
}
