import { Form } from "@remix-run/react";
import { ALLERGENS } from "~/domain/allergens";
import type { SubmissionResult } from "@conform-to/react";
import { FormError, formProps, initialValues, useSubmissionForm } from "../form";
import { AdminFieldset, AdminInput, AdminTextArea, OptionSelect, SaveButton, SlugInput } from "./catalog-fields";

/** The product form's fields as it posts them (allergen checkboxes as lists, `featured` as "on"). */
export type ProductFormValues = Record<string, string | string[] | undefined>;

type Option = { id: number; label: string };

/** Create / edit a meal. Multipart so an image can come along; works without JavaScript. */
export function ProductForm(props: {
  /** The action's reply after a refused save. */
  lastResult: SubmissionResult<string[]> | null | undefined;
  /** The saved product (editing) before any submit. */
  values?: ProductFormValues;
  imageUrl?: string | null;
  ageGroups: Option[];
  textures: Option[];
  submitLabel: string;
  busy?: boolean;
}) {
  const { busy, imageUrl } = props;
  const { form, fields, errors } = useSubmissionForm(props.lastResult, { id: "product", defaultValue: props.values });
  const { text, ticked } = initialValues(form, props.lastResult);
  return (
    <Form method="post" encType="multipart/form-data" className="admin-form" {...formProps(form)}>
      <input type="hidden" name="intent" value="save" />
      <FormError id={form.errorId} message={errors.form} />
      <AdminInput meta={fields.name} label="Name" defaultValue={text("name")} required maxLength={120} />
      <SlugInput base="/shop" meta={fields.slug} defaultValue={text("slug")} pattern="[a-z0-9-]*" />
      <AdminTextArea meta={fields.description} label="Description" rows={4} defaultValue={text("description")} maxLength={2000} />
      <div className="admin-form__row">
        <OptionSelect meta={fields.ageGroupId} label="Age group" value={text("ageGroupId")} options={props.ageGroups} />
        <OptionSelect meta={fields.textureId} label="Texture" value={text("textureId")} options={props.textures} />
      </div>
      <AdminFieldset className="checkbox-grid" meta={fields.contains} legend="Contains">
        {ALLERGENS.map((a) => (
          <label key={a.code}>
            <input type="checkbox" name="contains" value={a.code} defaultChecked={ticked("contains", a.code)} /> {a.label}
          </label>
        ))}
      </AdminFieldset>
      <AdminFieldset className="checkbox-grid" meta={fields.mayContain} legend="May contain (traces)">
        {ALLERGENS.map((a) => (
          <label key={a.code}>
            <input type="checkbox" name="mayContain" value={a.code} defaultChecked={ticked("mayContain", a.code)} /> {a.label}
          </label>
        ))}
      </AdminFieldset>
      <label className="checkbox">
        <input type="checkbox" name="featured" value="on" defaultChecked={ticked("featured")} /> Feature on the home page
      </label>
      {imageUrl && <img src={imageUrl} alt="" width={160} height={120} className="admin-thumb" />}
      <AdminInput
        meta={fields.image}
        label="Photo (PNG, JPEG or WebP, up to 2 MB)"
        type="file"
        accept="image/png,image/jpeg,image/webp"
      />
      {imageUrl && (
        <label className="checkbox">
          <input type="checkbox" name="removeImage" value="on" /> Remove the current photo
        </label>
      )}
      <SaveButton busy={busy} label={props.submitLabel} />
    </Form>
  );
}
