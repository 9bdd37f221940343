/** What a page is about, or, when there is none, the 404 that Remix's error boundary shows. */
export function foundOr404<T>(found: T | null | undefined, message = "Not found"): T {
  if (found === null || found === undefined) throw new Response(message, { status: 404 });
  return found;
}
