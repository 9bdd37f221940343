// Liveness: answers from the process alone, touching no dependency (docs/architecture.md §6).
const body = JSON.stringify({ status: "pass" });
const headers = { "content-type": "application/health+json", "cache-control": "no-store" };

export const loader = () => new Response(body, { status: 200, headers });
