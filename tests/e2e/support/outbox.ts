import { readFile, readdir } from "node:fs/promises";
import path from "node:path";

type Sent = { id: number; to: string; template: string };

/** Every email the embedded-mode server has written to its outbox folder, oldest first. */
export async function sentEmails(outboxDir: string): Promise<Sent[]> {
  const files = await readdir(outboxDir).catch(() => [] as string[]);
  const sent = await Promise.all(
    files
      .filter((f) => f.endsWith(".json"))
      .map(async (f) => {
        const meta = JSON.parse(await readFile(path.join(outboxDir, f), "utf8"));
        return { id: Number(f.replace(".json", "")), to: String(meta.to), template: String(meta.template) };
      }),
  );
  return sent.sort((a, b) => a.id - b.id);
}

/** The link in the newest email of `template` to `to`, from the embedded-mode outbox folder (polled up to 15 s). */
export async function linkFromOutbox(outboxDir: string, to: string, template: string, pathPrefix: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const hit = (await sentEmails(outboxDir)).filter((m) => m.to === to && m.template === template).at(-1);
    if (hit) {
      const text = await readFile(path.join(outboxDir, `${hit.id}.txt`), "utf8");
      const url = text.match(new RegExp(`https?://[^\\s\\])>"]+${pathPrefix.replace(/[/?]/g, "\\$&")}[^\\s\\])>"]*`))?.[0];
      if (url) return url;
    }
    if (Date.now() > deadline) throw new Error(`no ${template} email to ${to} in ${outboxDir}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
