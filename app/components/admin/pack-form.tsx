import { Form, useNavigation } from "@remix-run/react";
import { formatRand } from "~/domain/money";
import type { SubmissionResult } from "@conform-to/react";
import { FormError, formProps, initialValues, useSubmissionForm } from "../form";
import { ScrollBox } from "./admin-ui";
import { AdminFieldset, AdminInput, AdminTextArea, OptionSelect, SaveButton, SlugInput } from "./catalog-fields";
import { ColumnHeads } from "../column-heads";

/** The pack form's fields as it posts them: the details, and `qty-<variantId>` for each meal in the pack. */
export type PackFormValues = Record<string, string | undefined>;

type VariantChoice = {
  id: number;
  productName: string;
  portionLabel: string;
  priceCents: number;
  stock: number;
  active: boolean;
};

const quantityOrZero = (typed: number | string | undefined) => {
  const n = Number(typed);
  return Number.isInteger(n) && n > 0 && n <= 50 ? n : 0;
};

/** Create / edit a pack: details, its own price, and how many of each meal variant it holds. */
export function PackForm({
  lastResult,
  values,
  choices: { ageGroups, variants },
  submitLabel,
}: {
  /** The action's reply after a refused save. */
  lastResult: SubmissionResult<string[]> | null | undefined;
  /** The saved pack (editing) before any submit. */
  values?: PackFormValues;
  /** What a pack can be made of and for: the loader's age groups and meal variants. */
  choices: { ageGroups: Array<{ id: number; label: string }>; variants: VariantChoice[] };
  submitLabel: string;
}) {
  const busy = useNavigation().state === "submitting";
  const { form, fields, errors } = useSubmissionForm(lastResult, { id: "pack", defaultValue: values });
  const { text } = initialValues(form, lastResult);
  // Re-shown after a refusal, a quantity is whatever was typed ("Infinity", "1e400"): only a real one counts.
  const singlesCents = variants.reduce((sum, v) => sum + v.priceCents * quantityOrZero(text(`qty-${v.id}`)), 0);
  return (
    <Form method="post" className="admin-form" {...formProps(form)}>
      <input type="hidden" name="intent" value="save" />
      <FormError id={form.errorId} message={errors.form} />
      <AdminInput meta={fields.name} label="Name" defaultValue={text("name")} maxLength={120} />
      <SlugInput base="/packs" meta={fields.slug} defaultValue={text("slug")} />
      <AdminTextArea meta={fields.description} label="Description" rows={3} defaultValue={text("description")} />
      <div className="admin-form__row">
        <OptionSelect meta={fields.ageGroupId} label="Age group" value={text("ageGroupId")} options={ageGroups} />
        <AdminInput
          meta={fields.price}
          label="Pack price (rand)"
          hint={singlesCents > 0 && <>Bought singly: {formatRand(singlesCents)}</>}
          inputMode="decimal"
          defaultValue={text("price")}
        />
      </div>
      <AdminFieldset meta={fields.items} legend="Meals in the pack (quantity of each)">
        <ScrollBox label="Meals in the pack">
          <table>
            <ColumnHeads names={["Meal", "Portion", "Single price", "Stock", "Quantity"]} />
            <tbody>
              {variants.map((v) => (
                <tr key={v.id} className={v.active ? undefined : "muted"}>
                  <td>{v.productName}</td>
                  <td>{v.portionLabel}</td>
                  <td>{formatRand(v.priceCents)}</td>
                  <td>{v.stock}</td>
                  <td>
                    <label className="visually-hidden" htmlFor={`qty-${v.id}`}>
                      Quantity of {v.productName} {v.portionLabel}
                    </label>
                    <input
                      id={`qty-${v.id}`}
                      name={`qty-${v.id}`}
                      inputMode="numeric"
                      size={3}
                      defaultValue={text(`qty-${v.id}`)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      </AdminFieldset>
      <SaveButton busy={busy} label={submitLabel} />
    </Form>
  );
}
