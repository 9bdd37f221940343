import { Form } from "@remix-run/react";
import { ALLERGENS } from "~/domain/allergens";
import { DIETARY_NEEDS } from "~/domain/child-fit";
import type { FieldMetadata, SubmissionResult } from "@conform-to/react";
import {
  ChoiceGroup,
  Choices,
  ErrorSummary,
  SubmitButton,
  TextAreaField,
  TextField,
  formProps,
  useErrorFocus,
  useSubmissionForm,
} from "./form";

export type ChildFormValues = { name: string; dateOfBirth: string; allergies: string[]; dietaryNeeds: string[]; notes: string };

/** Add/edit a child profile; works with JavaScript off, errors beside each field. */
export function ChildForm({
  lastResult,
  values,
  submitLabel,
  maxDate,
}: {
  /** The action's reply after a refused save. */
  lastResult: SubmissionResult<string[]> | null | undefined;
  /** The saved profile (editing) before any submit. */
  values?: ChildFormValues;
  submitLabel: string;
  maxDate: string;
}) {
  const { form, fields, errors } = useSubmissionForm(lastResult, { id: "child", defaultValue: values });
  const { ref, first } = useErrorFocus(errors, ["name", "dateOfBirth", "allergies", "dietaryNeeds", "notes"]);
  return (
    <Form method="post" ref={ref} className="child-form" {...formProps(form)}>
      <input type="hidden" name="intent" value="save" />
      <ErrorSummary id={form.errorId} errors={errors} />
      <TextField label="Name" meta={fields.name} autoComplete="off" autoFocus={first === "name"} />
      <TextField
        label="Date of birth"
        meta={fields.dateOfBirth}
        type="date"
        max={maxDate}
        autoFocus={first === "dateOfBirth"}
        hint="We use it to show which meals suit their age."
      />
      <CodeChecklist legend="Allergies" meta={fields.allergies} codes={ALLERGENS} grid focusFirst={first === "allergies"} />
      <CodeChecklist
        legend="Dietary needs"
        meta={fields.dietaryNeeds}
        codes={DIETARY_NEEDS}
        focusFirst={first === "dietaryNeeds"}
      />
      <TextAreaField label="Notes (optional)" meta={fields.notes} rows={3} autoFocus={first === "notes"} />
      <SubmitButton intent="save" pendingLabel="Saving…">
        {submitLabel}
      </SubmitButton>
    </Form>
  );
}

/** A child's codes (allergies, dietary needs) as checkboxes, ticked for the ones already saved. */
function CodeChecklist({
  legend,
  meta,
  codes,
  grid = false,
  focusFirst,
}: {
  legend: string;
  meta: FieldMetadata<unknown>;
  codes: ReadonlyArray<{ code: string; label: string }>;
  /** Lay the boxes out in columns (a long list). */
  grid?: boolean;
  focusFirst: boolean;
}) {
  const boxes = (
    <Choices
      type="checkbox"
      meta={meta}
      options={codes.map((c) => ({ value: c.code, label: c.label }))}
      focusFirst={focusFirst}
    />
  );
  return (
    <ChoiceGroup legend={legend} meta={meta}>
      {grid ? <div className="checkbox-grid">{boxes}</div> : boxes}
    </ChoiceGroup>
  );
}
