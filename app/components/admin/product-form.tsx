import { Form } from "@remix-run/react";
import { ALLERGENS } from "~/domain/allergens";
import { FormError } from "../form";
import { FieldError, describedBy } from "./admin-ui";
import { AdminInput, AdminTextArea, OptionSelect, SaveButton, SlugInput } from "./catalog-fields";

export type ProductFormValues = {
  name: string;
  slug: string;
  description: string;
  ageGroupId: number | string;
  textureId: number | string;
  contains: string[];
  mayContain: string[];
  featured: boolean;
  imageUrl?: string | null;
};

type Option = { id: number; label: string };

/** Create / edit a meal. Multipart so an image can come along; works without JavaScript. */
export function ProductForm(props: {
  values: ProductFormValues;
  errors?: Record<string, string>;
  ageGroups: Option[];
  textures: Option[];
  submitLabel: string;
  busy?: boolean;
}) {
  const { values, errors, busy } = props;
  return (
    <Form method="post" encType="multipart/form-data" className="admin-form" noValidate>
      <input type="hidden" name="intent" value="save" />
      <FormError message={errors?.form} />
      <AdminInput name="name" label="Name" errors={errors} defaultValue={values.name} required maxLength={120} />
      <SlugInput base="/shop" errors={errors} defaultValue={values.slug} pattern="[a-z0-9-]*" />
      <AdminTextArea
        name="description"
        label="Description"
        errors={errors}
        rows={4}
        defaultValue={values.description}
        maxLength={2000}
      />
      <div className="admin-form__row">
        <OptionSelect name="ageGroupId" label="Age group" value={values.ageGroupId} options={props.ageGroups} errors={errors} />
        <OptionSelect name="textureId" label="Texture" value={values.textureId} options={props.textures} errors={errors} />
      </div>
      <fieldset className="checkbox-grid" {...describedBy("contains", errors)}>
        <legend>Contains</legend>
        {ALLERGENS.map((a) => (
          <label key={a.code}>
            <input type="checkbox" name="contains" value={a.code} defaultChecked={values.contains.includes(a.code)} /> {a.label}
          </label>
        ))}
        <FieldError id="contains-error" error={errors?.contains} />
      </fieldset>
      <fieldset className="checkbox-grid" {...describedBy("mayContain", errors)}>
        <legend>May contain (traces)</legend>
        {ALLERGENS.map((a) => (
          <label key={a.code}>
            <input type="checkbox" name="mayContain" value={a.code} defaultChecked={values.mayContain.includes(a.code)} />{" "}
            {a.label}
          </label>
        ))}
        <FieldError id="mayContain-error" error={errors?.mayContain} />
      </fieldset>
      <label className="checkbox">
        <input type="checkbox" name="featured" value="on" defaultChecked={values.featured} /> Feature on the home page
      </label>
      <div className="field">
        <label htmlFor="image">Photo (PNG, JPEG or WebP, up to 2 MB)</label>
        {values.imageUrl && <img src={values.imageUrl} alt="" width={160} height={120} className="admin-thumb" />}
        <input id="image" name="image" type="file" accept="image/png,image/jpeg,image/webp" {...describedBy("image", errors)} />
        {values.imageUrl && (
          <label className="checkbox">
            <input type="checkbox" name="removeImage" value="on" /> Remove the current photo
          </label>
        )}
        <FieldError id="image-error" error={errors?.image} />
      </div>
      <SaveButton busy={busy} label={props.submitLabel} />
    </Form>
  );
}
