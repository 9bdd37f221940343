import { randomUUID } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createEmailSender } from "~/domain/email-sender.server";
import { enqueueEmail } from "~/domain/email-outbox.server";
import { EMAIL_TEMPLATES, fixtureFor } from "~/emails";
import { auditLog, emailOutbox, users } from "~/infra/db/schema";
import { createSession, sessionCookieName } from "~/infra/session.server";
import { startTestApp, type TestApp } from "../support/app";

// The back office's outbox page and template previews, through the real request handler (embedded mail mode).

let app: TestApp;
let adminCookie: string;
let customerCookie: string;

async function cookieFor(email: string) {
  const [user] = await app.ctx.db.select().from(users).where(eq(users.email, email));
  const { token } = await createSession(app.ctx.db, app.ctx.clock, user.id, { persistent: false });
  return `${sessionCookieName(app.ctx.config)}=${token}`;
}

beforeAll(async () => {
  app = await startTestApp();
  adminCookie = await cookieFor("admin@littleharvest.test");
  customerCookie = await cookieFor("parent@example.com");
});
afterAll(() => app?.close());
beforeEach(async () => {
  await app.ctx.db.delete(emailOutbox);
});

async function queue(
  to: string,
  status: "pending" | "sent" | "failed" = "pending",
  extra: Partial<typeof emailOutbox.$inferInsert> = {},
) {
  const key = `welcome:${randomUUID()}`;
  await enqueueEmail(app.ctx.db, { template: "welcome", to, props: fixtureFor("welcome"), idempotencyKey: key });
  const [row] = await app.ctx.db
    .update(emailOutbox)
    .set({ status, ...extra })
    .where(eq(emailOutbox.idempotencyKey, key))
    .returning();
  return row;
}

const get = (path: string, cookie?: string) => app.request(path, { headers: cookie ? { cookie } : {} });
const post = (path: string, cookie: string, fields: Record<string, string>) =>
  app.request(path, {
    method: "POST",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
const decoded = (html: string) => html.replaceAll("&amp;", "&").replaceAll("&#x27;", "'").replaceAll("&quot;", '"');

describe(`admin emails (${process.env.LH_TEST_DB ?? "pglite"})`, () => {
  it("anonymous visitors are sent to log in; customers get 403 on the list, previews and send again", async () => {
    for (const path of ["/admin/emails", "/admin/emails/preview/welcome", "/admin/emails/preview/welcome/html"]) {
      const anon = await get(path);
      expect(anon.status).toBe(302);
      expect(anon.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
      expect((await get(path, customerCookie)).status).toBe(403);
    }
    const failed = await queue("someone@example.com", "failed", { attempts: 3, lastError: "Resend 422" });
    const res = await post("/admin/emails?index", customerCookie, { intent: "resend", id: String(failed.id) });
    expect(res.status).toBe(403);
    const [after] = await app.ctx.db.select().from(emailOutbox).where(eq(emailOutbox.id, failed.id));
    expect(after.status).toBe("failed");
  });

  it("lists recipient, template, status, attempts, last error and sent time, filtered by status", async () => {
    await queue("waiting@example.com");
    await queue("delivered@example.com", "sent", { attempts: 1, sentAt: new Date("2026-03-13T07:05:00Z") });
    await queue("bounced@example.com", "failed", { attempts: 10, lastError: "Resend 503 application_error: upstream down" });

    const res = await get("/admin/emails", adminCookie);
    expect(res.status).toBe(200);
    const html = decoded(await res.text());
    for (const to of ["waiting@example.com", "delivered@example.com", "bounced@example.com"]) expect(html).toContain(to);
    expect(html).toContain("welcome");
    expect(html).toContain("Resend 503 application_error: upstream down");
    expect(html).toContain("13 Mar 2026, 09:05"); // sent time in Johannesburg
    expect(html).toMatch(/<td>10<\/td>/);
    expect(html).toContain("Send again");

    const failedOnly = decoded(await (await get("/admin/emails?status=failed", adminCookie)).text());
    expect(failedOnly).toContain("bounced@example.com");
    expect(failedOnly).not.toContain("delivered@example.com");
    expect(failedOnly).not.toContain("waiting@example.com");
    const sentOnly = decoded(await (await get("/admin/emails?status=sent", adminCookie)).text());
    expect(sentOnly).toContain("delivered@example.com");
    expect(sentOnly).not.toContain("Send again");
  });

  it("pages through a long outbox, keeping the filter", async () => {
    for (let i = 0; i < 27; i++) await queue(`p${String(i).padStart(2, "0")}@example.com`, "failed");
    const first = await (await get("/admin/emails?status=failed", adminCookie)).text();
    expect(first).toContain("p26@example.com"); // newest first
    expect(first).not.toContain("p01@example.com");
    expect(first).toContain('href="/admin/emails?status=failed&amp;page=2"');
    const second = await (await get("/admin/emails?status=failed&page=2", adminCookie)).text();
    expect(second).toContain("p01@example.com");
    expect(second).toContain("p00@example.com");
    expect(second).not.toContain("p26@example.com");
  });

  it("send again puts a failed email back in the queue, audited, and the sender delivers it", async () => {
    const failed = await queue("retry-me@example.com", "failed", { attempts: 10, lastError: "Resend 503" });
    const res = await post("/admin/emails?index&status=failed", adminCookie, { intent: "resend", id: String(failed.id) });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/emails?status=failed&resent=${failed.id}`);

    const [queued] = await app.ctx.db.select().from(emailOutbox).where(eq(emailOutbox.id, failed.id));
    expect(queued).toMatchObject({ status: "pending", attempts: 0, lastError: null });
    const [admin] = await app.ctx.db.select().from(users).where(eq(users.email, "admin@littleharvest.test"));
    const [audit] = await app.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "email_outbox"), eq(auditLog.entityId, String(failed.id))))
      .orderBy(desc(auditLog.id));
    expect(audit).toMatchObject({ actorUserId: admin.id, actorLabel: "admin@littleharvest.test", action: "email.resend" });
    expect(audit.before).toMatchObject({ status: "failed", attempts: 10, lastError: "Resend 503" });
    expect(audit.after).toMatchObject({ status: "pending", attempts: 0 });

    const page = await (await get(res.headers.get("location")!, adminCookie)).text();
    expect(page).toContain(`Email #${failed.id} is queued to be sent again.`);

    const sender = createEmailSender({ ...app.ctx, appUrl: app.ctx.config.appUrl });
    expect((await sender.runOnce()).sent).toBe(1);
    const [sent] = await app.ctx.db.select().from(emailOutbox).where(eq(emailOutbox.id, failed.id));
    expect(sent.status).toBe("sent");
  });

  it("send again on an email that is not failed is a 409; a missing id is a 400", async () => {
    const sent = await queue("done@example.com", "sent", { attempts: 1, sentAt: new Date() });
    const conflict = await post("/admin/emails?index", adminCookie, { intent: "resend", id: String(sent.id) });
    expect(conflict.status).toBe(409);
    expect(await conflict.text()).toContain("not failed");
    const [unchanged] = await app.ctx.db.select().from(emailOutbox).where(eq(emailOutbox.id, sent.id));
    expect(unchanged.status).toBe("sent");
    const bad = await post("/admin/emails?index", adminCookie, { intent: "resend", id: "abc" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Choose an email");
    const audits = await app.ctx.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, String(sent.id)));
    expect(audits.filter((a) => a.entityType === "email_outbox")).toEqual([]);
  });

  it("previews every template as sandboxed HTML and as text, with the store's contact details", async () => {
    for (const template of EMAIL_TEMPLATES) {
      const res = await get(`/admin/emails/preview/${template}`, adminCookie);
      expect(res.status).toBe(200);
      const html = await res.text();
      // Inert: no scripts, no same-origin access; the document travels inline (CSP forbids framing our own URLs).
      expect(html).toMatch(/<iframe[^>]*sandbox=""[^>]*srcdoc="&lt;!DOCTYPE html/i);
      expect(html).toContain("hello@littleharvest.co.za");
      expect(html).toMatch(/<pre class="email-preview__text">/);
    }
    const confirmation = decoded(await (await get("/admin/emails/preview/order-confirmation", adminCookie)).text());
    expect(confirmation).toContain("Order LH-000123 confirmed");
    expect(confirmation).toContain("R784.00");

    const raw = await get("/admin/emails/preview/order-confirmation/html", adminCookie);
    expect(raw.status).toBe(200);
    expect(raw.headers.get("content-type")).toContain("text/html");
    const body = decoded(await raw.text());
    expect(body).toContain("<html");
    expect(body).toContain("Butternut & apple puree");
    expect(body).toContain("hello@littleharvest.co.za");

    expect((await get("/admin/emails/preview/no-such-template", adminCookie)).status).toBe(404);
    expect((await get("/admin/emails/preview/no-such-template/html", adminCookie)).status).toBe(404);
  });
});
