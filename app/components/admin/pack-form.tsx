import { Form, useNavigation } from "@remix-run/react";
import { formatRand } from "~/domain/money";
import { FormError } from "../form";
import { FieldError, ScrollBox, describedBy } from "./admin-ui";
import { AdminField, AdminInput, AdminTextArea, OptionSelect, SaveButton, SlugInput } from "./catalog-fields";
import { ColumnHeads } from "../column-heads";

export type PackFormValues = {
  name: string;
  slug: string;
  description: string;
  ageGroupId: number | string;
  price: string;
  /** variantId → quantity */
  quantities: Record<string, number | string>;
};

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
  values,
  errors,
  choices: { ageGroups, variants },
  submitLabel,
}: {
  values: PackFormValues;
  errors?: Record<string, string>;
  /** What a pack can be made of and for: the loader's age groups and meal variants. */
  choices: { ageGroups: Array<{ id: number; label: string }>; variants: VariantChoice[] };
  submitLabel: string;
}) {
  const busy = useNavigation().state === "submitting";
  // Re-shown after a refusal, a quantity is whatever was typed ("Infinity", "1e400"): only a real one counts.
  const singlesCents = variants.reduce((sum, v) => sum + v.priceCents * quantityOrZero(values.quantities[v.id]), 0);
  return (
    <Form method="post" className="admin-form" noValidate>
      <input type="hidden" name="intent" value="save" />
      <FormError message={errors?.form} />
      <AdminInput name="name" label="Name" errors={errors} defaultValue={values.name} maxLength={120} />
      <SlugInput base="/packs" errors={errors} defaultValue={values.slug} />
      <AdminTextArea name="description" label="Description" errors={errors} rows={3} defaultValue={values.description} />
      <div className="admin-form__row">
        <OptionSelect name="ageGroupId" label="Age group" value={values.ageGroupId} options={ageGroups} errors={errors} />
        <AdminField
          name="price"
          label="Pack price (rand)"
          errors={errors}
          hint={singlesCents > 0 && <>Bought singly: {formatRand(singlesCents)}</>}
        >
          <input id="price" name="price" inputMode="decimal" defaultValue={values.price} {...describedBy("price", errors)} />
        </AdminField>
      </div>
      <fieldset {...describedBy("items", errors)}>
        <legend>Meals in the pack (quantity of each)</legend>
        <FieldError id="items-error" error={errors?.items} />
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
                      defaultValue={values.quantities[v.id] ?? ""}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      </fieldset>
      <SaveButton busy={busy} label={submitLabel} />
    </Form>
  );
}
