import type { LoaderFunctionArgs } from "@remix-run/node";
import { previewEmail } from "~/domain/email-admin.server";
import { requireAdmin } from "~/web/guards.server";

/** The HTML version of a template preview as a document of its own (the preview page shows it framed). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const email = await previewEmail(context, context.config.appUrl, params.template ?? "");
  if (!email) throw new Response("No such email template", { status: 404 });
  return new Response(email.html, {
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "private, no-store",
      // Shown as an inert document: no scripts, its own opaque origin.
      "content-security-policy": "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src https: data:",
    },
  });
}
