// The audit log in the words a shop owner uses: "Price of Cottage Pie 130 g changed from R45.00 to R47.00".
// Pure: listAudit resolves each entry's subject (a meal's name and portion, an order number …) and this turns the
// stored before/after snapshots into sentences.
import { WEEKDAYS } from "./weekdays";
import { formatRand } from "./money";
import { ORDER_STATUS_LABELS, type OrderStatus } from "./order-status";

type Snapshot = Record<string, unknown>;

const FIELD_LABELS: Record<string, string> = {
  priceCents: "Price",
  stock: "Stock",
  active: "Availability",
  name: "Name",
  slug: "Web address",
  description: "Description",
  ageGroupId: "Age group",
  textureId: "Texture",
  contains: "Allergens (contains)",
  mayContain: "Allergens (may contain)",
  featured: "Featured on the home page",
  imageUrl: "Picture",
  items: "Meals in the pack",
  deliveryFeeCents: "Delivery fee",
  freeDeliveryThresholdCents: "Free delivery from",
  deliveryPostalCodes: "Delivery postal codes",
  deliveryWeekdays: "Delivery days",
  cutoffHour: "Order cut-off",
  paymentMethods: "Payment methods",
  contactEmail: "Contact email",
  contactPhone: "Contact phone",
  contactAddress: "Contact address",
  status: "Status",
  paymentStatus: "Payment",
  deliveryStatus: "Delivery",
};

/** Fields never worth a sentence of their own (context, not change). */
const CONTEXT_FIELDS = new Set(["number", "productId", "version", "delta", "reason", "template", "attempts", "lastError"]);

const label = (field: string) => FIELD_LABELS[field] ?? field.replace(/([A-Z])/g, " $1").replace(/^./, (c) => c.toUpperCase());

/** Lists compare as sets and objects by key (jsonb reorders keys): neither order is a change. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value) && value.every((v) => typeof v !== "object")) return [...value].map(String).sort();
  if (value && typeof value === "object" && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
  }
  return value;
}

const same = (a: unknown, b: unknown) => JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));

/** The fields whose value differs between two snapshots (lists as sets), in the order they appear. */
export function changedFields(before: Snapshot | null, after: Snapshot): string[] {
  const b = before ?? {};
  return [...new Set([...Object.keys(b), ...Object.keys(after)])].filter((k) => !same(b[k], after[k]));
}

function formatAuditValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "nothing";
  if (field.endsWith("Cents") && typeof value === "number") return formatRand(value);
  if (field === "active") return value ? "available" : "hidden";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (field === "cutoffHour" && typeof value === "number") return `${String(value).padStart(2, "0")}:00`;
  if (field === "deliveryWeekdays" && Array.isArray(value)) {
    return WEEKDAYS.filter((d) => value.includes(d.iso))
      .map((d) => d.label)
      .join(", ");
  }
  if (["status", "paymentStatus", "deliveryStatus"].includes(field) && typeof value === "string") {
    return ORDER_STATUS_LABELS[value as OrderStatus] ?? value.replace(/_/g, " ");
  }
  if (field === "paymentMethods" && typeof value === "object") {
    const on = Object.entries(value as Record<string, boolean>)
      .filter(([, enabled]) => enabled)
      .map(([method]) => method.replace(/_/g, " "));
    return on.length ? on.join(" and ") : "none";
  }
  if (field === "items" && Array.isArray(value)) return `${value.length} ${value.length === 1 ? "meal" : "meals"}`;
  if (Array.isArray(value)) return [...value].map(String).sort().join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export type AuditLine = { action: string; entityType: string; subject: string; before: unknown; after: unknown };

/** One sentence per change an entry records. */
export function describeAudit(entry: AuditLine): string[] {
  const before = (entry.before ?? null) as Snapshot | null;
  const after = (entry.after ?? {}) as Snapshot;
  const { subject } = entry;
  const verb = entry.action.split(".").pop() ?? entry.action;

  if (entry.action === "email.resend") return [`${subject} queued to be sent again`];
  if (entry.action === "order.refund") {
    return [
      `Refund of ${formatAuditValue("amountCents", after.amountCents)} on ${subject} (${String(after.result).replace(/_/g, " ")})`,
    ];
  }
  if (entry.entityType === "customer") return [`Customer ${subject} ${verb === "disable" ? "disabled" : "enabled again"}`];
  if (verb === "create") return [`Created ${CREATED_KIND[entry.entityType] ?? entry.entityType} ${subject}`];
  if (verb === "activate" || verb === "deactivate") {
    return [`${capitalise(subject)} ${verb === "activate" ? "made available in the shop" : "hidden from the shop"}`];
  }
  if (entry.action === "variant.stock_adjust") {
    const delta = Number(after.delta);
    const why = after.reason ? ` (${String(after.reason)})` : "";
    return [
      `Stock of ${subject} ${delta >= 0 ? "raised" : "lowered"} by ${Math.abs(delta)}${why}, from ${before?.stock ?? "?"} to ${after.stock}`,
    ];
  }
  const lines = changedFields(before, after)
    .filter((field) => !CONTEXT_FIELDS.has(field))
    .map(
      (field) =>
        `${label(field)} of ${subject} changed from ${formatAuditValue(field, before?.[field])} to ${formatAuditValue(field, after[field])}`,
    );
  if (entry.entityType === "order" && after.reason) lines.push(`Reason given: ${String(after.reason)}`);
  return lines.length ? lines : [`${capitalise(subject)} saved with no changes`];
}

/** The audit page's "What" filter, in words. */
export const AUDIT_ENTITY_LABELS: Record<string, string> = {
  product: "Meals",
  variant: "Portions, prices and stock",
  pack: "Stage packs",
  order: "Orders",
  customer: "Customers",
  settings: "Store settings",
  email_outbox: "Emails",
};

const CREATED_KIND: Record<string, string> = { product: "meal", variant: "portion", pack: "pack" };

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
