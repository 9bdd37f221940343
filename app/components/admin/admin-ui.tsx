import type { SubmissionResult } from "@conform-to/react";
import { Link, useFetcher } from "@remix-run/react";
import type { ReactNode } from "react";
import { countOf } from "~/domain/count-of";
import { DELIVERY_STATE_LABELS } from "~/domain/email-delivery-state";
import { OUTBOX_STATUS_LABELS } from "~/domain/email-outbox-status";
import { DELIVERY_STATUS_LABELS, ORDER_STATUS_LABELS, PAYMENT_STATUS_LABELS } from "~/domain/order-status";
import { ColumnHeads } from "../column-heads";
import { FormError, formErrorOf } from "../form";

// Small presentational pieces the back office pages share. No data fetching here.

export function FieldError({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {error}
    </p>
  );
}

// The same labels the shop shows; a status value is only ever read through its own vocabulary ("failed" is a
// payment's, a delivery's or an email's).
const BADGE_LABELS = {
  order: ORDER_STATUS_LABELS,
  payment: PAYMENT_STATUS_LABELS,
  delivery: DELIVERY_STATUS_LABELS,
  outbox: OUTBOX_STATUS_LABELS,
  email: DELIVERY_STATE_LABELS,
} as const;
type BadgeKind = keyof typeof BADGE_LABELS;

export function StatusBadge<K extends BadgeKind>({ kind, status }: { kind: K; status: keyof (typeof BADGE_LABELS)[K] & string }) {
  const labels: Readonly<Record<string, string>> = BADGE_LABELS[kind];
  return <span className={`badge badge--${status.replace(/_/g, "-")}`}>{labels[status]}</span>;
}

export function ActiveBadge({ active }: { active: boolean }) {
  return <span className={`badge ${active ? "badge--active" : "badge--inactive"}`}>{active ? "active" : "inactive"}</span>;
}

/**
 * The status badge and the activate / deactivate button of one catalog row (two cells), posting `intent` and
 * `idField` to the page's action; it shows the state asked for while the request is in flight.
 */
export function ActiveToggleCells({
  idField,
  id,
  name,
  active: saved,
}: {
  idField: string;
  id: number;
  name: string;
  active: boolean;
}) {
  const fetcher = useFetcher<SubmissionResult<string[]>>();
  const pending = fetcher.formData?.get("intent");
  const active = pending ? pending === "activate" : saved;
  return (
    <>
      <td>
        <ActiveBadge active={active} />
      </td>
      <td>
        <fetcher.Form method="post">
          <input type="hidden" name={idField} value={id} />
          <button type="submit" name="intent" value={active ? "deactivate" : "activate"} className="link-button">
            {active ? "Deactivate" : "Activate"}
            <span className="visually-hidden"> {name}</span>
          </button>
        </fetcher.Form>
        <FormError message={formErrorOf(fetcher.data)} />
      </td>
    </>
  );
}

/** A back-office page's title with what stands beside it: a status badge, or the button to `create` a new one. */
export function AdminHeading({
  title,
  create,
  children,
}: {
  title: ReactNode;
  create?: { to: string; label: string };
  children?: ReactNode;
}) {
  return (
    <div className="admin-heading">
      <h1>{title}</h1>
      {create ? (
        <Link className="button" to={create.to}>
          {create.label}
        </Link>
      ) : null}
      {children}
    </div>
  );
}

/** The way back from a record's page to its list. */
export function BackLink({ to, label }: { to: string; label: string }) {
  return (
    <p>
      <Link to={to}>{`← ${label}`}</Link>
    </p>
  );
}

/**
 * The activate / deactivate form of a product's or a pack's page. `active` is the state asked for while the change
 * is on its way (for the page's badge), `fetcher` the form's own.
 */
export function useActiveToggle(saved: boolean) {
  const fetcher = useFetcher<SubmissionResult<string[]>>();
  const pending = fetcher.formData?.get("intent");
  return { fetcher, active: pending ? pending === "activate" : saved };
}

export function ActiveToggleForm({ toggle: { fetcher, active } }: { toggle: ReturnType<typeof useActiveToggle> }) {
  return (
    <fetcher.Form method="post">
      <button type="submit" name="intent" value={active ? "deactivate" : "activate"} className="button secondary">
        {active ? "Deactivate (hide from the shop)" : "Activate (show in the shop)"}
      </button>
    </fetcher.Form>
  );
}

/** A catalog row's first cell: its name, linking to its page, above its slug. */
export function NameCell({ to, name, slug }: { to: string; name: string; slug: string }) {
  return (
    <td>
      <Link to={to}>{name}</Link>
      <br />
      <small className="muted">{slug}</small>
    </td>
  );
}

/** The header of a column of row actions: named for screen readers only. */
export const ACTIONS_HEADER = <span className="visually-hidden">Actions</span>;

/**
 * A box that scrolls sideways when its table is wider than a phone: focusable and named, so keyboard users can
 * scroll it too (WCAG 2.1.1; axe "scrollable-region-focusable").
 */
export function ScrollBox({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}

/** A horizontally scrollable list table; with `empty` given, an empty list shows that message instead. */
export function AdminTable<T>({
  label,
  headers,
  rows,
  row,
  empty,
  className,
}: {
  /** What the table lists, e.g. "Orders": names its scroll box. */
  label: string;
  headers: ReactNode[];
  rows: T[];
  row: (item: T) => ReactNode;
  empty?: ReactNode;
  className?: string;
}) {
  if (empty && rows.length === 0) return <p>{empty}</p>;
  return (
    <ScrollBox label={label}>
      <table className={className}>
        <ColumnHeads names={headers} />
        <tbody>{rows.map(row)}</tbody>
      </table>
    </ScrollBox>
  );
}

/** "3 orders": how many rows the current filters found. */
export function ResultCount({ count, one, many }: { count: number; one: string; many: string }) {
  return <p className="muted">{countOf(count, one, many)}</p>;
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
