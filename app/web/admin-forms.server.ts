import type { NewImage } from "~/domain/admin-catalog.server";
import { checkImage } from "~/infra/storage.server";
import { productInputSchema } from "~/web/forms/admin-catalog.server";
import { parseSubmission } from "~/web/forms/submission.server";

// The back office's forms beyond their schemas: the product form's photo, and the redirect back to a list.

/** The multipart product form: its fields through the schema, and the photo (if one came) checked apart. */
export async function readProductSubmission(form: FormData) {
  const submission = parseSubmission(form, productInputSchema);
  let image: NewImage | undefined;
  let imageError: string | undefined;
  const file = form.get("image");
  if (file && typeof file !== "string" && file.size > 0) {
    const checked = await checkImage(file);
    if (checked.ok) image = { bytes: checked.bytes, ext: checked.ext };
    else imageError = checked.message;
  }
  return { submission, image, imageError, removeImage: form.get("removeImage") === "on" };
}

/** 303 See Other to a back-office path, keeping the page's GET filters (minus Remix's `index` marker). */
export function redirect303(pathname: string, keep?: URLSearchParams, headers: HeadersInit = {}): Response {
  const params = new URLSearchParams(keep);
  params.delete("index");
  params.delete("_data");
  const qs = params.toString();
  const h = new Headers(headers);
  h.set("location", qs ? `${pathname}?${qs}` : pathname);
  return new Response(null, { status: 303, headers: h });
}
