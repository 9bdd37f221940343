// Issue 22, finding 9: limits that count the right things — a whole IPv6 /64 is one client, and only failed
// passwords count toward an account's limit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { login, newBrowser, post, signUpAndLogIn } from "../support/accounts";
import { startTestApp, type TestApp } from "../support/app";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

describe("per-address limits and IPv6", () => {
  it("addresses in one IPv6 /64 share the forgot-password budget; another /64 has its own", async () => {
    // The budget of 5, then two more: a sliding window's edge may forgive a single request.
    const statuses: number[] = [];
    for (let i = 1; i <= 7; i++) {
      const res = await post(app, newBrowser(`2001:db8:77:1::${i.toString(16)}`), "/forgot-password", {
        email: `v6-${i}@example.com`,
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toContain(429);
    const other = await post(app, newBrowser("2001:db8:77:2::1"), "/forgot-password", { email: "v6-other@example.com" });
    expect(other.status).toBe(200);
  });
});

describe("per-account login limit", () => {
  it("good logins do not count toward it: the twelfth in a minute still signs in", async () => {
    const email = "many-devices@example.com";
    await signUpAndLogIn(app, newBrowser("198.51.100.40"), { name: "Many Devices", email, password: "pears on a tuesday" });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await login(app, newBrowser("198.51.100.41"), email, "pears on a tuesday")).status);
    expect(statuses).toEqual(Array(12).fill(303));
  });

  it("failed passwords still do: after ten tries in a minute the account is refused, even the right password", async () => {
    const email = "guessed-at@example.com";
    await signUpAndLogIn(app, newBrowser("198.51.100.42"), { name: "Guessed At", email, password: "plums in the rain" });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await login(app, newBrowser("198.51.100.43"), email, `wrong guess ${i}`)).status);
    // Ten tries, then refused (a sliding window's edge may forgive one more).
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400));
    expect(statuses.slice(10)).toContain(429);
    expect((await login(app, newBrowser("198.51.100.44"), email, "plums in the rain")).status).toBe(429);
  });
});
