import { getFieldsetProps, getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import type { FieldsetHTMLAttributes, InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { definedOnly } from "../form";
import { FieldError } from "./admin-ui";
import { SelectOptions } from "../select-options";

// Field pieces the back office's forms (product, pack, settings, order, variant) share. conform wires each control:
// its id, name, `aria-invalid` and `aria-describedby` (the error, and the hint when there is one) come from the field's
// metadata (docs/architecture.md §3). The value shown is the form's own (`defaultValue`), as posted after a refusal.

type Meta = FieldMetadata<unknown>;

/** conform's control props without React's `key` (which must not be spread). */
const wired = <P extends { key?: unknown }>({ key: _key, ...props }: P) => props;

/** A text control's id, name and ARIA from conform, for controls laid out by hand (a table row's inline form). */
export const textControl = (meta: Meta) => wired(getInputProps(meta, { type: "text" }));
export const selectControl = (meta: Meta) => wired(getSelectProps(meta));

/** A labelled control with an optional muted hint and its error message below. */
function AdminField({ meta, label, hint, children }: { meta: Meta; label: ReactNode; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {children}
      {hint && (
        <small className="muted" id={meta.descriptionId}>
          {hint}
        </small>
      )}
      <FieldError id={meta.errorId} error={meta.errors?.[0]} />
    </div>
  );
}

type Labelled = { meta: Meta; label: ReactNode; hint?: ReactNode };

/** A labelled text input (any input attributes pass through). */
export function AdminInput({ meta, label, hint, type, ...input }: Labelled & InputHTMLAttributes<HTMLInputElement>) {
  const as = (type ?? "text") as "text" | "email" | "tel" | "number" | "date" | "file";
  return (
    <AdminField meta={meta} label={label} hint={hint}>
      <input
        {...wired(getInputProps(meta, { type: as, ariaDescribedBy: hint ? meta.descriptionId : undefined }))}
        {...definedOnly(input)}
      />
    </AdminField>
  );
}

/** A meal's or a pack's web address (`base`/slug); left empty, the server makes it from the name. */
export function SlugInput({ base, meta, ...input }: { base: string; meta: Meta } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <AdminInput
      meta={meta}
      label="Slug"
      hint={`The web address: ${base}/slug. Left empty, it is made from the name.`}
      maxLength={80}
      {...input}
    />
  );
}

export function AdminTextArea({ meta, label, hint, ...area }: Labelled & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <AdminField meta={meta} label={label} hint={hint}>
      <textarea
        {...wired(getTextareaProps(meta, { ariaDescribedBy: hint ? meta.descriptionId : undefined }))}
        {...definedOnly(area)}
      />
    </AdminField>
  );
}

/** A required choice from a list (age group, texture, portion), starting at "Choose…". */
export function OptionSelect({
  meta,
  label,
  value,
  options,
}: {
  meta: Meta;
  label: string;
  value?: number | string;
  options: Array<{ id: number | string; label: string }>;
}) {
  return (
    <AdminField meta={meta} label={label}>
      <select
        {...wired(getSelectProps(meta))}
        {...definedOnly({ defaultValue: value === undefined ? undefined : String(value) })}
      >
        <SelectOptions none="Choose…" options={options.map((o) => ({ value: o.id, label: o.label }))} />
      </select>
    </AdminField>
  );
}

/** A labelled select with the options given as children. */
export function AdminSelect({ meta, label, children, ...select }: Labelled & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <AdminField meta={meta} label={label}>
      <select {...wired(getSelectProps(meta))} {...definedOnly(select)}>
        {children}
      </select>
    </AdminField>
  );
}

/** A fieldset for a group of inputs that share one error (checkboxes, a table of quantities), wired by conform. */
export function AdminFieldset({
  meta,
  legend,
  children,
  ...rest
}: { meta: Meta; legend: ReactNode } & FieldsetHTMLAttributes<HTMLFieldSetElement>) {
  return (
    <fieldset {...rest} {...getFieldsetProps(meta)}>
      <legend>{legend}</legend>
      <FieldError id={meta.errorId} error={meta.errors?.[0]} />
      {children}
    </fieldset>
  );
}

export function SaveButton({ busy, label }: { busy?: boolean; label: string }) {
  return (
    <button type="submit" className="button" disabled={busy}>
      {busy ? "Saving…" : label}
    </button>
  );
}
