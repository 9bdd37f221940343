// Small, shared form pieces: labelled fields with their errors beside them, a submit button with a pending state,
// and "focus the first error" after a failed submit — with JavaScript off (server-rendered `autofocus`) and on (an
// effect when new errors arrive from an action or a fetcher). Presentational only: no data fetching here.
import {
  getCollectionProps,
  getFieldsetProps,
  getFormProps,
  getInputProps,
  getTextareaProps,
  useForm,
  type FieldMetadata,
  type FormMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";

/** Field name → message, as actions return them (`{ errors }` with status 400). */
export type FieldErrors = Partial<Record<string, string>>;

/** The first field (in the given order) that has an error; `form` errors go to the summary. */
function firstErrorField(errors: FieldErrors | undefined, order: readonly string[]): string | undefined {
  if (!errors) return undefined;
  return order.find((name) => errors[name]) ?? (errors.form ? "form" : undefined);
}

/**
 * Moves keyboard focus to the first invalid control (or the error summary) inside `ref` whenever `errors` changes to
 * a non-empty value. Use it on every form that can fail validation; JavaScript-off gets the same via `autoFocus`.
 */
export function useFocusFirstError(ref: React.RefObject<HTMLElement>, errors: FieldErrors | undefined | null) {
  useEffect(() => {
    if (!errors || Object.keys(errors).length === 0) return;
    // The error summary first (it names every problem and is announced), else the first invalid control.
    const root = ref.current;
    const target =
      root?.querySelector<HTMLElement>("[data-error-summary]") ?? root?.querySelector<HTMLElement>('[aria-invalid="true"]');
    target?.focus();
  }, [ref, errors]);
}

/**
 * Both halves of "focus the first error" for a form whose fields come in `order`: the `ref` to put on the form (focus
 * moves there with JavaScript) and the `first` field in error, to server-render with `autoFocus` for JavaScript off.
 */
export function useErrorFocus(errors: FieldErrors | undefined, order: readonly string[]) {
  const ref = useRef<HTMLFormElement>(null);
  useFocusFirstError(ref, errors);
  return { ref, first: firstErrorField(errors, order) };
}

/** What our forms post: text fields and repeated checkboxes. */
type FormShape = Record<string, string | string[] | undefined>;

/**
 * One form of the page under conform (docs/architecture.md §3): `lastResult` is the action's `submission.reply()` (or
 * undefined when the answer was for another form), `defaultValue` what the form shows before any submit. `errors`
 * flattens conform's errors for the ErrorSummary and focus helpers: field → first message, the form's own under `form`.
 * No `onValidate`: the schema lives on the server (app/web/forms/browser-validated.ts lists the exceptions).
 */
export function useSubmissionForm(
  lastResult: SubmissionResult<string[]> | null | undefined,
  options: { id?: string; defaultValue?: Partial<FormShape> } = {},
) {
  const [form, fields] = useForm<FormShape>({
    id: options.id,
    lastResult,
    defaultValue: options.defaultValue,
    shouldValidate: "onSubmit",
  });
  const errors: Record<string, string> = {};
  for (const [name, messages] of Object.entries(form.allErrors)) if (messages[0]) errors[name || "form"] ??= messages[0];
  return { form, fields, errors };
}

/**
 * The `<Form>` props from conform: its id, submit handler and ARIA. `nativeValidation` keeps the browser's own checks
 * (`required`, `type="email"`) that the form had before conform, which would otherwise turn them off.
 */
export function formProps(form: FormMetadata<FormShape>, { nativeValidation = false } = {}) {
  return { ...getFormProps(form), noValidate: !nativeValidation };
}

/**
 * A reply for the page's form with this `intent` (several forms on one page) — or, with `field`, the form whose hidden
 * `field` posted `value` (one form per cart line); replies for the others are not its.
 */
export function replyFor<R extends { initialValue?: unknown } | undefined>(
  result: R,
  value: string | number,
  field = "intent",
): R | undefined {
  const values = result?.initialValue;
  return values && typeof values === "object" && field in values && (values as Record<string, unknown>)[field] === String(value)
    ? result
    : undefined;
}

/**
 * What a form shows in its own controls (for forms that render them by hand, like the back office's): the text of
 * `name` and whether a checkbox `value` of it is ticked — what was posted when `lastResult` is a refusal, else the
 * form's defaults. (conform's own `initialValue` keeps the defaults once a reply arrives in the browser.)
 */
export function initialValues(form: FormMetadata<FormShape>, lastResult: { initialValue?: unknown } | null | undefined) {
  const posted = lastResult?.initialValue;
  const initial: Record<string, unknown> =
    posted && typeof posted === "object" ? { ...posted } : { ...(form.initialValue ?? {}) };
  return {
    text: (name: string) => {
      const v = initial[name];
      return typeof v === "string" ? v : "";
    },
    ticked: (name: string, value = "on") => [initial[name]].flat().includes(value),
  };
}

/** A reply's errors as field → first message (the form's own under `form`), for a page that shows them by hand. */
export function replyErrors(result: SubmissionResult<string[]> | null | undefined): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [name, messages] of Object.entries(result?.error ?? {})) if (messages?.[0]) errors[name || "form"] = messages[0];
  return errors;
}

/** The message for a whole form in a reply (a button-only form has nowhere else to show it). */
export function formErrorOf(result: SubmissionResult<string[]> | null | undefined): string | undefined {
  return result?.error?.[""]?.[0];
}

/** True after hydration: lets a form add a field that only JavaScript submissions carry. */
export function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

type FieldProps = {
  label: ReactNode;
  name?: string;
  /** The conform field: its name, id, value and ARIA come from the library. */
  meta?: FieldMetadata<unknown>;
  error?: string;
  hint?: ReactNode;
  /** Server-rendered focus for the first error (works with JavaScript off). */
  autoFocus?: boolean;
  id?: string;
};

type ControlProps = {
  id: string;
  name?: string;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
  autoFocus: boolean | undefined;
};

/** The label, hint and error around one control; `control` receives the id and ARIA wiring to spread on it. */
function Field({
  label,
  name,
  meta,
  error,
  hint,
  autoFocus,
  id,
  control,
}: FieldProps & { control: (hand: ControlProps, hintId: string | undefined) => ReactNode }) {
  const auto = useId();
  const fieldId = meta?.id ?? id ?? `f-${name}-${auto}`.replace(/:/g, "");
  const errorId = meta?.errorId ?? `${fieldId}-error`;
  const hintId = meta?.descriptionId ?? `${fieldId}-hint`;
  const shown = meta ? meta.errors?.[0] : error;
  return (
    <div className="field">
      <label htmlFor={fieldId}>{label}</label>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {control(
        {
          id: fieldId,
          name,
          "aria-invalid": shown ? true : undefined,
          "aria-describedby": [shown ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ") || undefined,
          autoFocus,
        },
        hint ? hintId : undefined,
      )}
      {shown && (
        <p className="field-error" id={errorId}>
          {shown}
        </p>
      )}
    </div>
  );
}

/** Separates the props `Field` renders from the ones that go on the control. */
function splitField<P extends FieldProps>({ label, name, meta, error, hint, autoFocus, id, ...control }: P) {
  return [{ label, name, meta, error, hint, autoFocus, id }, control] as const;
}

/** Props without the ones set to undefined, so `defaultValue={undefined}` does not hide conform's value. */
export function definedOnly<P extends object>(props: P): P {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined)) as P;
}

/** Text-like input types (checkboxes and radios go through Choices). */
type InputType = "text" | "email" | "tel" | "password" | "number" | "date" | "search" | "url" | "file";

export function TextField(props: FieldProps & Omit<React.InputHTMLAttributes<HTMLInputElement>, "name" | "id">) {
  const [field, input] = splitField(props);
  const { meta } = field;
  return (
    <Field
      {...field}
      control={(hand, hintId) => (
        <input
          {...(meta
            ? {
                ...getInputProps(meta, { type: (input.type ?? "text") as InputType, ariaDescribedBy: hintId }),
                autoFocus: hand.autoFocus,
              }
            : hand)}
          {...definedOnly(input)}
        />
      )}
    />
  );
}

export function TextAreaField(props: FieldProps & Omit<React.TextareaHTMLAttributes<HTMLTextAreaElement>, "name" | "id">) {
  const [field, textarea] = splitField(props);
  const { meta } = field;
  return (
    <Field
      {...field}
      control={(hand, hintId) => (
        <textarea
          {...(meta ? { ...getTextareaProps(meta, { ariaDescribedBy: hintId }), autoFocus: hand.autoFocus } : hand)}
          {...definedOnly(textarea)}
        />
      )}
    />
  );
}

/** A group of checkboxes or radios with a legend and one error for the group. */
export function ChoiceGroup({
  legend,
  error,
  children,
  name,
  meta,
}: {
  legend: ReactNode;
  error?: string;
  children: ReactNode;
  name?: string;
  /** The conform field the choices post as: its error and ARIA come from the library. */
  meta?: FieldMetadata<unknown>;
}) {
  const auto = useId().replace(/:/g, "");
  const shown = meta ? meta.errors?.[0] : error;
  const errorId = meta?.errorId ?? `g-${name}-${auto}-error`;
  const aria = meta ? getFieldsetProps(meta) : { "aria-describedby": error ? errorId : undefined };
  return (
    <fieldset className="choices" {...aria} aria-invalid={shown ? true : undefined}>
      <legend>{legend}</legend>
      {children}
      {shown && (
        <p className="field-error" id={errorId}>
          {shown}
        </p>
      )}
    </fieldset>
  );
}

/**
 * The inputs of a ChoiceGroup, one labelled checkbox or radio per option. The first takes focus when the group holds
 * the form's first error, so a keyboard user lands where the problem is.
 */
export function Choices({
  type,
  name,
  meta,
  options,
  isChecked,
  invalid,
  focusFirst,
  className = type,
}: {
  type: "checkbox" | "radio";
  name?: string;
  /** The conform field: name, ids, checked state and ARIA from the library (then `isChecked` is not needed). */
  meta?: FieldMetadata<unknown>;
  options: ReadonlyArray<{ value: string; label: ReactNode }>;
  isChecked?: (value: string) => boolean | undefined;
  invalid?: boolean;
  focusFirst: boolean;
  className?: string;
}) {
  if (meta) {
    const wired = getCollectionProps(meta, { type, options: options.map((o) => o.value) });
    return (
      <>
        {options.map((o, i) => {
          const { key: _key, ...props } = wired[i];
          return (
            <label key={o.value} className={className}>
              <input {...props} autoFocus={focusFirst && i === 0} /> {o.label}
            </label>
          );
        })}
      </>
    );
  }
  return (
    <>
      {options.map((o, i) => (
        <label key={o.value} className={className}>
          <input
            type={type}
            name={name}
            value={o.value}
            defaultChecked={isChecked?.(o.value)}
            aria-invalid={invalid || undefined}
            autoFocus={focusFirst && i === 0}
          />{" "}
          {o.label}
        </label>
      ))}
    </>
  );
}

/**
 * After a failed submit: every problem in one place, announced (role=alert) and given keyboard focus — by `autofocus`
 * in the server's HTML (JavaScript off) and by an effect when it appears or changes (on), so a screen reader user
 * hears what went wrong and a sighted keyboard user sees where they are. `errors` are field messages, `message` one
 * for the whole form; repeats are shown once.
 */
export function ErrorSummary({
  message,
  errors,
  id,
}: {
  message?: string | null;
  errors?: Partial<Record<string, string | undefined>> | null;
  /** The form's `errorId` from conform, so the form's `aria-describedby` points here. */
  id?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const messages = [...new Set([message, ...Object.values(errors ?? {})].filter((m): m is string => Boolean(m)))];
  const key = messages.join("\n");
  useEffect(() => {
    if (key) ref.current?.focus();
  }, [key]);
  if (messages.length === 0) return null;
  return (
    <div ref={ref} id={id} className="form-error error-summary" role="alert" tabIndex={-1} data-error-summary="" autoFocus>
      {messages.length === 1 ? (
        <p>{messages[0]}</p>
      ) : (
        <>
          <p className="error-summary__title">Please fix {messages.length} things:</p>
          <ul>
            {messages.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** A message for the whole form (e.g. "only 3 left"): an error summary of one. `autoFocus` is kept for callers. */
export function FormError({ message, id }: { message?: string | null; autoFocus?: boolean; id?: string }) {
  return <ErrorSummary message={message} id={id} />;
}

/**
 * A submit button that shows it is working. Pass `pending` from a fetcher; otherwise it is pending while a page
 * navigation submits this form's `intent` (or any POST when the button has no intent).
 */
export function SubmitButton({
  children,
  pendingLabel,
  pending,
  intent,
  className = "button",
  name,
  value,
  ...rest
}: {
  children: ReactNode;
  pendingLabel?: ReactNode;
  pending?: boolean;
  intent?: string;
  className?: string;
} & Omit<React.ButtonHTMLAttributes<HTMLButtonElement>, "type" | "children">) {
  const navigation = useNavigation();
  const navPending = navigation.state === "submitting" && (intent === undefined || navigation.formData?.get("intent") === intent);
  const busy = pending ?? navPending;
  return (
    <button
      type="submit"
      {...rest}
      className={className}
      name={intent ? "intent" : name}
      value={intent ?? value}
      aria-disabled={busy || undefined}
      data-pending={busy ? "" : undefined}
      onClick={(e) => {
        // A second click while the first is on its way is swallowed (the server would dedupe it anyway).
        if (busy) e.preventDefault();
        else rest.onClick?.(e);
      }}
    >
      {busy ? (pendingLabel ?? "Working…") : children}
    </button>
  );
}

/**
 * What a page was sent back with after a change worked (`?done=…`, `?saved=…`): the key of the Notice to show, or
 * null. Redirecting there (303) rather than rendering the notice keeps a reload from posting the form again.
 */
export function useOutcome(param: "done" | "saved"): string | null {
  const [params] = useSearchParams();
  return params.get(param);
}

/** A status line after something worked ("Saved.", "Address removed."); nothing when there is nothing to say. */
export function Notice({ children }: { children?: ReactNode }) {
  if (!children) return null;
  return (
    <p className="notice" role="status">
      {children}
    </p>
  );
}
