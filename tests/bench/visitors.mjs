// The bench's visitors, made through the server's own forms (as a browser would, JavaScript off): a guest with one meal
// in a cart kept by cookie, and a customer who signed up, logged in and has one meal in the cart. Each is the Cookie
// header autocannon sends.
import { MEAL } from "./targets.mjs";

/** Remembers every cookie a response sets (name=value), as a browser's jar. */
function jar() {
  const cookies = new Map();
  return {
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join("; "),
    remember(res) {
      for (const line of res.headers.getSetCookie()) {
        const pair = line.split(";")[0];
        const i = pair.indexOf("=");
        const [name, value] = [pair.slice(0, i).trim(), pair.slice(i + 1).trim()];
        if (value === "" || /;\s*max-age=0/i.test(line)) cookies.delete(name);
        else cookies.set(name, value);
      }
    },
  };
}

async function send(base, cookies, path, form) {
  const res = await fetch(base + path, {
    method: form ? "POST" : "GET",
    redirect: "manual",
    headers: {
      cookie: cookies.header(),
      ...(form ? { origin: base, "content-type": "application/x-www-form-urlencoded" } : {}),
    },
    body: form ? new URLSearchParams(form).toString() : undefined,
  });
  const text = await res.text();
  cookies.remember(res);
  if (res.status >= 400) throw new Error(`${form ? "POST" : "GET"} ${path} answered ${res.status}`);
  return text;
}

async function addOneMeal(base, cookies) {
  const page = await send(base, cookies, MEAL);
  const variantId = /name="variantId"[^>]*value="(\d+)"/.exec(page)?.[1] ?? /value="(\d+)"[^>]*name="variantId"/.exec(page)?.[1];
  if (!variantId) throw new Error(`no variantId on ${MEAL}`);
  await send(base, cookies, MEAL, { variantId, quantity: "1" });
}

/** `{ anonymous, cart, "signed-in" }`: the request headers of each visitor on the server at `base`. */
export async function makeVisitors(base, n = 0) {
  const cart = jar();
  await addOneMeal(base, cart);

  const customer = jar();
  const email = `bench-${Date.now()}-${n}@example.com`;
  const password = "bench-parent-password-2026";
  await send(base, customer, "/signup", { name: "Bench Parent", email, password });
  await send(base, customer, "/login", { email, password });
  await addOneMeal(base, customer);

  return {
    anonymous: {},
    cart: { cookie: cart.header() },
    "signed-in": { cookie: customer.header() },
  };
}
