import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from "react";
import { FieldError, describedBy } from "./admin-ui";
import { SelectOptions } from "../select-options";

// Field pieces the back office's forms (product, pack, settings) share. Each control keeps its `name` as its id, so `describedBy` and the
// `<name>-error` message line up.

type Errors = Record<string, string> | undefined;

/** A labelled control with an optional muted hint and its error message below. */
export function AdminField({
  name,
  label,
  errors,
  hint,
  children,
}: {
  name: string;
  label: ReactNode;
  errors: Errors;
  hint?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {children}
      {hint && <small className="muted">{hint}</small>}
      <FieldError id={`${name}-error`} error={errors?.[name]} />
    </div>
  );
}

type Labelled = { name: string; label: ReactNode; errors: Errors; hint?: ReactNode };

/** A labelled text input (any input attributes pass through), wired to its error message. */
export function AdminInput({ name, label, errors, hint, ...input }: Labelled & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <AdminField name={name} label={label} errors={errors} hint={hint}>
      <input id={name} name={name} {...input} {...describedBy(name, errors)} />
    </AdminField>
  );
}

/** A labelled textarea, wired to its error message. */
/** A meal's or a pack's web address (`base`/slug); left empty, the server makes it from the name. */
export function SlugInput({ base, errors, ...input }: { base: string; errors: Errors } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <AdminInput
      name="slug"
      label="Slug"
      errors={errors}
      hint={`The web address: ${base}/slug. Left empty, it is made from the name.`}
      maxLength={80}
      {...input}
    />
  );
}

export function AdminTextArea({ name, label, errors, hint, ...area }: Labelled & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <AdminField name={name} label={label} errors={errors} hint={hint}>
      <textarea id={name} name={name} {...area} {...describedBy(name, errors)} />
    </AdminField>
  );
}

/** A required choice from a list (age group, texture), starting at "Choose…". */
export function OptionSelect({
  name,
  label,
  value,
  options,
  errors,
}: {
  name: string;
  label: string;
  value: number | string;
  options: Array<{ id: number; label: string }>;
  errors: Errors;
}) {
  return (
    <AdminField name={name} label={label} errors={errors}>
      <select id={name} name={name} defaultValue={String(value)} {...describedBy(name, errors)}>
        <SelectOptions none="Choose…" options={options.map((o) => ({ value: o.id, label: o.label }))} />
      </select>
    </AdminField>
  );
}

export function SaveButton({ busy, label }: { busy?: boolean; label: string }) {
  return (
    <button type="submit" className="button" disabled={busy}>
      {busy ? "Saving…" : label}
    </button>
  );
}
