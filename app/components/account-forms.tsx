import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { useState, type ReactNode } from "react";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "~/domain/password-rules";
import { PasswordStrength } from "./password-strength";
import { definedOnly } from "./form";

type AccountInputType = "text" | "email" | "password" | "tel";

/**
 * A labelled input with its error tied to it for screen readers. With `meta` (a conform field) the library gives the
 * name, id, value and ARIA; without it (`name`, `error`) they are wired here.
 */
export function Field({
  name,
  meta,
  label,
  error,
  hint,
  children,
  ...input
}: {
  name?: string;
  meta?: FieldMetadata<unknown>;
  label: string;
  error?: string;
  hint?: ReactNode;
  children?: ReactNode;
} & Omit<React.InputHTMLAttributes<HTMLInputElement>, "name">) {
  const id = input.id ?? meta?.id ?? `f-${name}`;
  const errorId = meta?.errorId ?? `${id}-error`;
  const hintId = meta?.descriptionId ?? `${id}-hint`;
  const shown = meta ? meta.errors?.[0] : error;
  const describedBy = [shown ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ") || undefined;
  const wiring = meta
    ? getInputProps(meta, { type: (input.type ?? "text") as AccountInputType, ariaDescribedBy: hint ? hintId : undefined })
    : { id, name, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input {...wiring} {...definedOnly(input)} id={id} />
      {hint ? (
        <p className="muted field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {shown ? (
        <p className="field-error" id={errorId}>
          {shown}
        </p>
      ) : null}
      {children}
    </div>
  );
}

/** The current password that confirms a change to the account (shown only when the account has a password). */
export function CurrentPasswordField({ id, error, meta }: { id?: string; error?: string; meta?: FieldMetadata<unknown> }) {
  // Field spreads its input props over its own id: pass `id` only when there is one.
  return (
    <Field
      name="currentPassword"
      meta={meta}
      {...(id ? { id } : {})}
      label="Current password"
      type="password"
      autoComplete="current-password"
      required
      error={error}
    />
  );
}

/** Bots fill every field; people never see this one. A filled honeypot gets the normal answer and nothing happens. */
export function Honeypot() {
  return (
    <div className="hp" aria-hidden="true">
      <label htmlFor="hp-website">Leave this empty</label>
      <input id="hp-website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  );
}

/** "Continue with Google" on the log-in and sign-up pages, shown only when Google sign-in is configured. */
export function GoogleButton({ enabled }: { enabled: boolean }) {
  if (!enabled) return null;
  return (
    <p>
      <a className="button secondary" href="/auth/google">
        Continue with Google
      </a>
    </p>
  );
}

/** Choosing a password (sign-up, reset): the rules' length bounds, and a strength meter that follows the typing. */
export function NewPasswordField({
  label,
  hint,
  error,
  meta,
}: {
  label: string;
  hint: string;
  error?: string;
  meta?: FieldMetadata<unknown>;
}) {
  const [password, setPassword] = useState("");
  return (
    <Field
      name="password"
      meta={meta}
      label={label}
      type="password"
      autoComplete="new-password"
      required
      minLength={PASSWORD_MIN_LENGTH}
      maxLength={PASSWORD_MAX_LENGTH}
      onChange={(e) => setPassword(e.currentTarget.value)}
      hint={hint}
      error={error}
    >
      <PasswordStrength password={password} />
    </Field>
  );
}

/** The account's email address (sign-up, forgotten password). */
export function EmailField({
  defaultValue,
  error,
  meta,
}: {
  defaultValue?: string;
  error?: string;
  meta?: FieldMetadata<unknown>;
}) {
  return (
    <Field
      name="email"
      meta={meta}
      label="Email"
      type="email"
      autoComplete="email"
      required
      defaultValue={defaultValue}
      error={error}
    />
  );
}
