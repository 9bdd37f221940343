import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

// Small presentational pieces the back office pages share. No data fetching here.

export function FieldError({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {error}
    </p>
  );
}

export function FormError({ error }: { error?: string }) {
  if (!error) return null;
  return (
    <p className="form-error" role="alert">
      {error}
    </p>
  );
}

export function Notice({ children }: { children?: ReactNode }) {
  if (!children) return null;
  return (
    <p className="notice" role="status">
      {children}
    </p>
  );
}

/** Accessible props for an input with an optional error message below it. */
export function describedBy(name: string, errors?: Record<string, string>) {
  const error = errors?.[name];
  return error ? { "aria-invalid": true as const, "aria-describedby": `${name}-error` } : {};
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge--${status.replace(/_/g, "-")}`}>{status.replace(/_/g, " ")}</span>;
}

export function ActiveBadge({ active }: { active: boolean }) {
  return <span className={`badge ${active ? "badge--active" : "badge--inactive"}`}>{active ? "active" : "inactive"}</span>;
}

/** Previous / next links that keep every other GET parameter. */
export function Pager({ page, hasMore, search }: { page: number; hasMore: boolean; search: string }) {
  if (page <= 1 && !hasMore) return null;
  const href = (p: number) => {
    const params = new URLSearchParams(search);
    if (p <= 1) params.delete("page");
    else params.set("page", String(p));
    const qs = params.toString();
    return qs ? `?${qs}` : "?";
  };
  return (
    <nav className="pager" aria-label="Pages">
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev">
          ← Previous
        </Link>
      ) : (
        <span />
      )}
      <span className="muted">Page {page}</span>
      {hasMore ? (
        <Link to={href(page + 1)} rel="next">
          Next →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
