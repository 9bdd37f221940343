import { Form } from "@remix-run/react";
import { ALLERGENS } from "~/domain/allergens";
import { DIETARY_NEEDS } from "~/domain/child-fit";
import { ChoiceGroup, Choices, ErrorSummary, SubmitButton, TextAreaField, TextField, useErrorFocus } from "./form";

export type ChildFormValues = { name: string; dateOfBirth: string; allergies: string[]; dietaryNeeds: string[]; notes: string };

/** Add/edit a child profile; works with JavaScript off, errors beside each field. */
export function ChildForm({
  values,
  errors,
  submitLabel,
  maxDate,
}: {
  values?: Partial<ChildFormValues>;
  errors?: Record<string, string>;
  submitLabel: string;
  maxDate: string;
}) {
  const { ref, first } = useErrorFocus(errors, ["name", "dateOfBirth", "allergies", "dietaryNeeds", "notes"]);
  const checklist = (name: "allergies" | "dietaryNeeds") => ({
    saved: values?.[name],
    error: errors?.[name],
    focusFirst: first === name,
  });
  return (
    <Form method="post" ref={ref} noValidate className="child-form">
      <input type="hidden" name="intent" value="save" />
      <ErrorSummary errors={errors} />
      <TextField
        label="Name"
        name="name"
        autoComplete="off"
        defaultValue={values?.name}
        error={errors?.name}
        autoFocus={first === "name"}
      />
      <TextField
        label="Date of birth"
        name="dateOfBirth"
        type="date"
        max={maxDate}
        defaultValue={values?.dateOfBirth}
        error={errors?.dateOfBirth}
        autoFocus={first === "dateOfBirth"}
        hint="We use it to show which meals suit their age."
      />
      <CodeChecklist legend="Allergies" name="allergies" codes={ALLERGENS} grid {...checklist("allergies")} />
      <CodeChecklist legend="Dietary needs" name="dietaryNeeds" codes={DIETARY_NEEDS} {...checklist("dietaryNeeds")} />
      <TextAreaField
        label="Notes (optional)"
        name="notes"
        rows={3}
        defaultValue={values?.notes}
        error={errors?.notes}
        autoFocus={first === "notes"}
      />
      <SubmitButton intent="save" pendingLabel="Saving…">
        {submitLabel}
      </SubmitButton>
    </Form>
  );
}

/** The form's fields as the schema expects them (checkbox groups as arrays). */
export function childFormFields(form: FormData) {
  const str = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" ? v : "";
  };
  return {
    name: str("name"),
    dateOfBirth: str("dateOfBirth"),
    allergies: form.getAll("allergies").filter((v): v is string => typeof v === "string"),
    dietaryNeeds: form.getAll("dietaryNeeds").filter((v): v is string => typeof v === "string"),
    notes: str("notes"),
  };
}

/** A child's codes (allergies, dietary needs) as checkboxes, ticked for the ones already saved. */
function CodeChecklist({
  legend,
  name,
  codes,
  grid = false,
  saved,
  error,
  focusFirst,
}: {
  legend: string;
  name: string;
  codes: ReadonlyArray<{ code: string; label: string }>;
  /** Lay the boxes out in columns (a long list). */
  grid?: boolean;
  saved: readonly string[] | undefined;
  error: string | undefined;
  focusFirst: boolean;
}) {
  const boxes = (
    <Choices
      type="checkbox"
      name={name}
      options={codes.map((c) => ({ value: c.code, label: c.label }))}
      isChecked={(code) => saved?.includes(code)}
      focusFirst={focusFirst}
    />
  );
  return (
    <ChoiceGroup legend={legend} name={name} error={error}>
      {grid ? <div className="checkbox-grid">{boxes}</div> : boxes}
    </ChoiceGroup>
  );
}
