import { Form } from "@remix-run/react";
import { ALLERGENS } from "~/domain/allergens";
import { FieldError, FormError, describedBy } from "./admin-ui";

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
      <FormError error={errors?.form} />
      <div className="field">
        <label htmlFor="name">Name</label>
        <input id="name" name="name" defaultValue={values.name} required maxLength={120} {...describedBy("name", errors)} />
        <FieldError id="name-error" error={errors?.name} />
      </div>
      <div className="field">
        <label htmlFor="slug">Slug</label>
        <input
          id="slug"
          name="slug"
          defaultValue={values.slug}
          maxLength={80}
          pattern="[a-z0-9-]*"
          {...describedBy("slug", errors)}
        />
        <small className="muted">The web address: /shop/slug. Left empty, it is made from the name.</small>
        <FieldError id="slug-error" error={errors?.slug} />
      </div>
      <div className="field">
        <label htmlFor="description">Description</label>
        <textarea
          id="description"
          name="description"
          rows={4}
          defaultValue={values.description}
          maxLength={2000}
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
          <label htmlFor="textureId">Texture</label>
          <select id="textureId" name="textureId" defaultValue={String(values.textureId)} {...describedBy("textureId", errors)}>
            <option value="">Choose…</option>
            {props.textures.map((t) => (
              <option key={t.id} value={t.id}>
                {t.label}
              </option>
            ))}
          </select>
          <FieldError id="textureId-error" error={errors?.textureId} />
        </div>
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
      <button type="submit" className="button" disabled={busy}>
        {busy ? "Saving…" : props.submitLabel}
      </button>
    </Form>
  );
}
