import { Form } from "@remix-run/react";
import { ALLERGENS } from "~/domain/allergens";
import type { SubmissionResult } from "@conform-to/react";
import { FormError, formProps, initialValues, useSubmissionForm } from "../form";
import { FieldError, describedBy } from "./admin-ui";
import { AdminInput, AdminTextArea, OptionSelect, SaveButton, SlugInput } from "./catalog-fields";

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
  const { form, errors } = useSubmissionForm(props.lastResult, { id: "product", defaultValue: props.values });
  const { text, ticked } = initialValues(form, props.lastResult);
  return (
    <Form method="post" encType="multipart/form-data" className="admin-form" {...formProps(form)}>
      <input type="hidden" name="intent" value="save" />
      <FormError id={form.errorId} message={errors.form} />
      <AdminInput name="name" label="Name" errors={errors} defaultValue={text("name")} required maxLength={120} />
      <SlugInput base="/shop" errors={errors} defaultValue={text("slug")} pattern="[a-z0-9-]*" />
      <AdminTextArea
        name="description"
        label="Description"
        errors={errors}
        rows={4}
        defaultValue={text("description")}
        maxLength={2000}
      />
      <div className="admin-form__row">
        <OptionSelect name="ageGroupId" label="Age group" value={text("ageGroupId")} options={props.ageGroups} errors={errors} />
        <OptionSelect name="textureId" label="Texture" value={text("textureId")} options={props.textures} errors={errors} />
      </div>
      <fieldset className="checkbox-grid" {...describedBy("contains", errors)}>
        <legend>Contains</legend>
        {ALLERGENS.map((a) => (
          <label key={a.code}>
            <input type="checkbox" name="contains" value={a.code} defaultChecked={ticked("contains", a.code)} /> {a.label}
          </label>
        ))}
        <FieldError id="contains-error" error={errors.contains} />
      </fieldset>
      <fieldset className="checkbox-grid" {...describedBy("mayContain", errors)}>
        <legend>May contain (traces)</legend>
        {ALLERGENS.map((a) => (
          <label key={a.code}>
            <input type="checkbox" name="mayContain" value={a.code} defaultChecked={ticked("mayContain", a.code)} /> {a.label}
          </label>
        ))}
        <FieldError id="mayContain-error" error={errors.mayContain} />
      </fieldset>
      <label className="checkbox">
        <input type="checkbox" name="featured" value="on" defaultChecked={ticked("featured")} /> Feature on the home page
      </label>
      <div className="field">
        <label htmlFor="image">Photo (PNG, JPEG or WebP, up to 2 MB)</label>
        {imageUrl && <img src={imageUrl} alt="" width={160} height={120} className="admin-thumb" />}
        <input id="image" name="image" type="file" accept="image/png,image/jpeg,image/webp" {...describedBy("image", errors)} />
        {imageUrl && (
          <label className="checkbox">
            <input type="checkbox" name="removeImage" value="on" /> Remove the current photo
          </label>
        )}
        <FieldError id="image-error" error={errors.image} />
      </div>
      <SaveButton busy={busy} label={props.submitLabel} />
    </Form>
  );
}
