import { Form } from "@remix-run/react";
import { formatRand } from "~/domain/money";
import { FieldError, FormError, describedBy } from "./admin-ui";

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

/** Create / edit a pack: details, its own price, and how many of each meal variant it holds. */
export function PackForm(props: {
  values: PackFormValues;
  errors?: Record<string, string>;
  ageGroups: Array<{ id: number; label: string }>;
  variants: VariantChoice[];
  submitLabel: string;
  busy?: boolean;
}) {
  const { values, errors, busy } = props;
  const singlesCents = props.variants.reduce((sum, v) => sum + v.priceCents * (Number(values.quantities[v.id]) || 0), 0);
  return (
    <Form method="post" className="admin-form" noValidate>
      <input type="hidden" name="intent" value="save" />
      <FormError error={errors?.form} />
      <div className="field">
        <label htmlFor="name">Name</label>
        <input id="name" name="name" defaultValue={values.name} maxLength={120} {...describedBy("name", errors)} />
        <FieldError id="name-error" error={errors?.name} />
      </div>
      <div className="field">
        <label htmlFor="slug">Slug</label>
        <input id="slug" name="slug" defaultValue={values.slug} maxLength={80} {...describedBy("slug", errors)} />
        <small className="muted">The web address: /packs/slug. Left empty, it is made from the name.</small>
        <FieldError id="slug-error" error={errors?.slug} />
      </div>
      <div className="field">
        <label htmlFor="description">Description</label>
        <textarea
          id="description"
          name="description"
          rows={3}
          defaultValue={values.description}
          {...describedBy("description", errors)}
        />
        <FieldError id="description-error" error={errors?.description} />
      </div>
      <div className="admin-form__row">
        <div className="field">
          <label htmlFor="ageGroupId">Age group</label>
          <select
            id="ageGroupId"
            name="ageGroupId"
            defaultValue={String(values.ageGroupId)}
            {...describedBy("ageGroupId", errors)}
          >
            <option value="">Choose…</option>
            {props.ageGroups.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label}
              </option>
            ))}
          </select>
          <FieldError id="ageGroupId-error" error={errors?.ageGroupId} />
        </div>
        <div className="field">
          <label htmlFor="price">Pack price (rand)</label>
          <input id="price" name="price" inputMode="decimal" defaultValue={values.price} {...describedBy("price", errors)} />
          {singlesCents > 0 && <small className="muted">Bought singly: {formatRand(singlesCents)}</small>}
          <FieldError id="price-error" error={errors?.price} />
        </div>
      </div>
      <fieldset {...describedBy("items", errors)}>
        <legend>Meals in the pack (quantity of each)</legend>
        <FieldError id="items-error" error={errors?.items} />
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th>Meal</th>
                <th>Portion</th>
                <th>Single price</th>
                <th>Stock</th>
                <th>Quantity</th>
              </tr>
            </thead>
            <tbody>
              {props.variants.map((v) => (
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
        </div>
      </fieldset>
      <button type="submit" className="button" disabled={busy}>
        {busy ? "Saving…" : props.submitLabel}
      </button>
    </Form>
  );
}
