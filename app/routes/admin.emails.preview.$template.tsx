import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, NavLink, useLoaderData } from "@remix-run/react";
import { emailTemplateNames, previewEmail } from "~/domain/email-admin.server";
import { requireAdmin } from "~/web/guards.server";
import { useErrorStatus } from "~/components/error-page";
import { adminTitle } from "~/components/admin/admin-title";
import { BackLink } from "~/components/admin/admin-ui";

export const meta: MetaFunction<typeof loader> = ({ data }) => adminTitle(data ? `Preview: ${data.template}` : "Email preview");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const template = params.template ?? "";
  const email = await previewEmail(context, context.config.appUrl, template);
  if (!email) throw new Response("No such email template", { status: 404 });
  return { template, templates: emailTemplateNames(), ...email };
}

export default function EmailPreview() {
  const { template, templates, subject, html, text } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to="/admin/emails" label="All emails" />
      <h1>Preview: {template}</h1>
      <nav aria-label="Templates" className="email-preview__templates">
        <ul>
          {templates.map((t) => (
            <li key={t}>
              <NavLink to={`/admin/emails/preview/${t}`}>{t}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <p>
        <strong>Subject:</strong> {subject}
      </p>
      <p className="muted">Rendered with sample data and the store&apos;s contact details from settings.</p>
      <h2>HTML</h2>
      {/* sandbox="" : no scripts, no same-origin access, no navigation of this page — the email is inert. */}
      <iframe className="email-preview__frame" title={`HTML version of the ${template} email`} sandbox="" srcDoc={html} />
      <p>
        <a href={`/admin/emails/preview/${template}/html`} target="_blank" rel="noreferrer">
          Open the HTML on its own
        </a>
      </p>
      <h2>Plain text</h2>
      <pre className="email-preview__text">{text}</pre>
    </>
  );
}

export function ErrorBoundary() {
  const status = useErrorStatus();
  return (
    <>
      <h1>{status === 404 ? "There is no email template by that name" : "The preview could not be rendered"}</h1>
      <p>
        <Link to="/admin/emails">Back to emails</Link>
      </p>
    </>
  );
}
