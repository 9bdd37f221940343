import type { LoaderFunctionArgs } from "@remix-run/node";

// Shoppers' private pages and the back office stay out of search engines.
export function loader({ context }: LoaderFunctionArgs) {
  // A private copy (staging, NOINDEX=true) is off limits to every crawler.
  const body = context.config.NOINDEX
    ? ["User-agent: *", "Disallow: /", ""].join("\n")
    : [
        "User-agent: *",
        "Disallow: /cart",
        "Disallow: /checkout",
        "Disallow: /orders/",
        "Disallow: /account",
        "Disallow: /admin",
        "Disallow: /api/",
        "Allow: /",
        "",
        `Sitemap: ${context.config.appUrl}/sitemap.xml`,
        "",
      ].join("\n");
  return new Response(body, {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
