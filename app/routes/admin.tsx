import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/web/guards.server";
import { ErrorPage, RateLimitedPage, useErrorStatus, useRateLimitRefusal } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Back office · Little Harvest" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request, context);
  return { admin: { name: admin.name || admin.email } };
}

// The layout stays put while nested routes swap the panel beside it.
const SECTIONS = [
  { to: "/admin", label: "Dashboard", end: true },
  { to: "/admin/orders", label: "Orders" },
  { to: "/admin/prep", label: "Prep sheet" },
  { to: "/admin/products", label: "Products" },
  { to: "/admin/packs", label: "Packs" },
  { to: "/admin/customers", label: "Customers" },
  { to: "/admin/settings", label: "Settings" },
  { to: "/admin/emails", label: "Emails" },
  { to: "/admin/audit", label: "Audit log" },
  { to: "/admin/system", label: "System" },
];

export default function AdminLayout() {
  const { admin } = useLoaderData<typeof loader>();
  return (
    <div className="admin">
      <aside className="admin__nav no-print" aria-label="Back office">
        <p className="muted">Signed in as {admin.name}</p>
        <nav>
          <ul>
            {SECTIONS.map((s) => (
              <li key={s.to}>
                <NavLink to={s.to} end={s.end}>
                  {s.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </aside>
      <section className="admin__panel">
        <Outlet />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  const status = useErrorStatus();
  const refusal = useRateLimitRefusal();
  if (refusal) return <RateLimitedPage refusal={refusal} />;
  return (
    <ErrorPage status={status} title={status === 403 ? "This area is for Little Harvest staff" : "The back office hit a problem"}>
      <p>{status === 403 ? "Your account does not have access to the back office." : "Please try again in a moment."}</p>
    </ErrorPage>
  );
}
