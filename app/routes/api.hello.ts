// Benchmark ceiling (tests/bench/run.mjs): the cheapest answer a request can get through the full middleware chain and
// Remix's router — no database, no KV, no React. Harmless in production: it says hello and nothing else.
export const loader = () =>
  new Response("hello\n", { headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
