import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import type { SubmissionResult } from "@conform-to/react";
import {
  ActiveBadge,
  FieldError,
  ScrollBox,
  AdminHeading,
  BackLink,
  ActiveToggleForm,
  useActiveToggle,
} from "~/components/admin/admin-ui";
import { FormError, Notice, formErrorOf, formProps, replyFor, useOutcome, useSubmissionForm } from "~/components/form";
import { ProductForm } from "~/components/admin/product-form";
import { selectControl, textControl } from "~/components/admin/catalog-fields";
import {
  addVariant,
  adjustStock,
  saveProduct,
  setProductActive,
  setVariantActive,
  setVariantPrice,
} from "~/domain/admin-catalog.server";
import { getAdminProductPage } from "~/domain/admin-catalog-pages.server";
import { formatRand } from "~/domain/money";
import { centsToInput } from "~/domain/money-input";
import { adminRecordAction, loadAdminRecord } from "~/web/admin-pages.server";
import { readProductSubmission, redirect303 } from "~/web/admin-forms.server";
import { addVariantSchema, stockAdjustSchema, variantPriceSchema, variantToggleSchema } from "~/web/forms/admin-catalog.server";
import { noFields } from "~/web/forms/form-values.server";
import { parseSubmission, refuse, runSubmission, unknownIntent } from "~/web/forms/submission.server";
import { readForm } from "~/infra/form.server";
import type { BodyLimit } from "~/infra/http/body-limits";
import { ownValue } from "~/domain/own-value";
import { ColumnHeads } from "~/components/column-heads";
import { adminTitle } from "~/components/admin/admin-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => adminTitle(data?.product.name ?? "Product");

const SAVED: Record<string, string> = {
  created: "Product created.",
  saved: "Product saved.",
  price: "Price updated.",
  stock: "Stock adjusted.",
  variant: "Variant updated.",
  added: "Variant added.",
  active: "Product status updated.",
};

export const loader = (args: LoaderFunctionArgs) => loadAdminRecord(args, "Product not found", getAdminProductPage);

/** The product form carries a photo. */
export const handle = { bodyLimit: "upload" } satisfies { bodyLimit: BodyLimit };

export async function action(args: ActionFunctionArgs) {
  const { request, context } = args;
  const { admin, id: productId } = await adminRecordAction(args, "Product not found");
  // A body over the upload limit never gets here (request-guard answers 413); a photo over 2 MB inside it is refused
  // on the form by the storage check.
  const form = await readForm(request);
  const intent = form.get("intent");
  /** Success goes back to the page with a notice; a refusal re-renders the form that sent it (its `intent`). */
  const back = (saved: string) => redirect303(`/admin/products/${productId}`, new URLSearchParams({ saved }));

  switch (intent) {
    case "save": {
      const { submission, image, imageError, removeImage } = await readProductSubmission(form);
      if (imageError) return refuse(submission, { errors: { image: imageError } });
      return runSubmission(submission, async (input) => {
        await saveProduct(context, admin, { id: productId, input, image, removeImage });
        return back("saved");
      });
    }
    case "price":
      return runSubmission(parseSubmission(form, variantPriceSchema), async ({ variantId, price }) => {
        await setVariantPrice(context, admin, productId, { variantId, priceCents: price });
        return back("price");
      });
    case "stock":
      return runSubmission(parseSubmission(form, stockAdjustSchema), async (input) => {
        await adjustStock(context, admin, productId, input);
        return back("stock");
      });
    case "variant-active": {
      const submission = parseSubmission(form, variantToggleSchema);
      if (submission.status !== "success") return refuse(submission, { errors: { form: "Choose a variant" } });
      return runSubmission(submission, async ({ variantId, active }) => {
        await setVariantActive(context, admin, productId, { variantId, active: active === "true" });
        return back("variant");
      });
    }
    case "add-variant":
      return runSubmission(parseSubmission(form, addVariantSchema), async ({ portionSizeId, price }) => {
        await addVariant(context, admin, productId, { portionSizeId, priceCents: price });
        return back("added");
      });
    case "activate":
    case "deactivate":
      return runSubmission(parseSubmission(form, noFields), async () => {
        await setProductActive(context, admin, productId, intent === "activate");
        return back("active");
      });
    default:
      return unknownIntent(form);
  }
}

export default function EditProduct() {
  const { product, variants, ageGroups, textures, portionSizes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const saved = useOutcome("saved");
  const values = {
    name: product.name,
    slug: product.slug,
    description: product.description,
    ageGroupId: String(product.ageGroupId),
    textureId: String(product.textureId),
    contains: product.contains,
    mayContain: product.mayContain,
    featured: product.featured ? "on" : undefined,
  };
  // Which form a reply is for: the product's, a variant row's (by its variantId), adding a variant, or the page's.
  const replyIntent = (intent: string) => replyFor(actionData, intent);
  const rowReply = (variantId: number) => replyFor(actionData, variantId, "variantId");
  const posted = actionData?.initialValue ?? {};
  const forRow = "variantId" in posted && Boolean(Number(posted.variantId));
  const pageError = actionData && !replyIntent("save") && !forRow ? formErrorOf(actionData) : undefined;
  const missing = portionSizes.filter((p) => !variants.some((v) => v.portionSizeId === p.id));
  const toggle = useActiveToggle(product.active);
  const { active } = toggle;
  return (
    <>
      <BackLink to="/admin/products" label="Products" />
      <AdminHeading title={product.name}>
        <ActiveBadge active={active} />
      </AdminHeading>
      {saved && <Notice>{ownValue(SAVED, saved) ?? "Saved."}</Notice>}
      <p>
        <Link to={`/shop/${product.slug}`}>View in the shop</Link>
      </p>
      <ActiveToggleForm toggle={toggle} />

      <h2>Variants</h2>
      <FormError message={pageError} />
      <ScrollBox label="Variants">
        <table>
          <ColumnHeads names={["Portion", "Price", "Stock", "Status"]} />
          <tbody>
            {variants.map((v) => (
              <VariantRow key={v.id} variant={v} reply={rowReply(v.id)} />
            ))}
          </tbody>
        </table>
      </ScrollBox>
      {missing.length > 0 && <AddVariantForm portions={missing} reply={replyIntent("add-variant")} />}

      <h2>Details</h2>
      <ProductForm
        key={product.updatedAt}
        lastResult={replyIntent("save")}
        values={values}
        imageUrl={product.imageUrl}
        ageGroups={ageGroups}
        textures={textures}
        submitLabel="Save product"
        busy={navigation.state === "submitting" && navigation.formData?.get("intent") === "save"}
      />
    </>
  );
}

type Variant = ReturnType<typeof useLoaderData<typeof loader>>["variants"][number];

type Reply = SubmissionResult<string[]> | undefined;

function VariantRow({ variant: v, reply }: { variant: Variant; reply: Reply }) {
  const price = useFetcher<typeof action>();
  const stock = useFetcher<typeof action>();
  const toggle = useFetcher<typeof action>();
  // Errors come from the fetcher (JS on) or from the page's action data (JS off).
  const priceForm = useSubmissionForm(price.data ?? replyFor(reply, "price"), { id: `v${v.id}-price-form` });
  const stockForm = useSubmissionForm(stock.data ?? replyFor(reply, "stock"), { id: `v${v.id}-stock-form` });
  const { fields: priceFields, errors: priceErrors } = priceForm;
  const { fields: stockFields, errors: stockErrors } = stockForm;
  const pendingActive = toggle.formData?.get("active");
  const active = pendingActive ? pendingActive === "true" : v.active;
  return (
    <tr>
      <th scope="row">{v.portionLabel}</th>
      <td>
        <price.Form method="post" className="inline-form" key={v.priceCents} {...formProps(priceForm.form)}>
          <input type="hidden" name="intent" value="price" />
          <input type="hidden" name="variantId" value={v.id} />
          <label htmlFor={priceFields.price.id} className="visually-hidden">
            Price for {v.portionLabel} (rand)
          </label>
          <input {...textControl(priceFields.price)} inputMode="decimal" size={7} defaultValue={centsToInput(v.priceCents)} />
          <button type="submit" className="link-button" disabled={price.state !== "idle"}>
            {price.state !== "idle" ? "Saving…" : `Set price`}
          </button>
          <FieldError id={priceFields.price.errorId} error={priceErrors.price ?? priceErrors.form} />
        </price.Form>
        <small className="muted">now {formatRand(v.priceCents)}</small>
      </td>
      <td>
        <p className="stock-count">
          <strong>{v.stock}</strong> in stock
        </p>
        <stock.Form method="post" className="inline-form" key={v.stock} {...formProps(stockForm.form)}>
          <input type="hidden" name="intent" value="stock" />
          <input type="hidden" name="variantId" value={v.id} />
          <label htmlFor={stockFields.delta.id}>Add / remove</label>
          <input {...textControl(stockFields.delta)} inputMode="numeric" size={5} placeholder="+12 or -3" />
          <label htmlFor={stockFields.reason.id}>Reason</label>
          <input {...textControl(stockFields.reason)} size={18} placeholder="Cooked Tuesday batch" />
          <button type="submit" className="link-button" disabled={stock.state !== "idle"}>
            {stock.state !== "idle" ? "Saving…" : "Adjust stock"}
          </button>
          <FieldError id={stockFields.delta.errorId} error={stockErrors.delta ?? stockErrors.form} />
          <FieldError id={stockFields.reason.errorId} error={stockErrors.reason} />
        </stock.Form>
      </td>
      <td>
        <ActiveBadge active={active} />
        <toggle.Form method="post">
          <input type="hidden" name="intent" value="variant-active" />
          <input type="hidden" name="variantId" value={v.id} />
          <button type="submit" name="active" value={active ? "false" : "true"} className="link-button">
            {active ? "Deactivate" : "Activate"}
            <span className="visually-hidden"> {v.portionLabel}</span>
          </button>
        </toggle.Form>
      </td>
    </tr>
  );
}

function AddVariantForm({
  portions,
  reply,
}: {
  portions: Array<{ id: number; label: string; defaultPriceCents: number }>;
  reply: Reply;
}) {
  const fetcher = useFetcher<typeof action>();
  const { form, fields, errors: shown } = useSubmissionForm(fetcher.data ?? reply, { id: "add-variant" });
  return (
    <fetcher.Form method="post" className="inline-form add-variant" {...formProps(form)}>
      <input type="hidden" name="intent" value="add-variant" />
      <label htmlFor={fields.portionSizeId.id}>Add a portion</label>
      <select {...selectControl(fields.portionSizeId)}>
        {portions.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </select>
      <label htmlFor={fields.price.id}>Price (rand)</label>
      <input
        {...textControl(fields.price)}
        inputMode="decimal"
        size={7}
        defaultValue={centsToInput(portions[0].defaultPriceCents)}
      />
      <button type="submit" className="button secondary" disabled={fetcher.state !== "idle"}>
        Add variant
      </button>
      <FieldError id={fields.portionSizeId.errorId} error={shown.portionSizeId ?? shown.form} />
      <FieldError id={fields.price.errorId} error={shown.price} />
    </fetcher.Form>
  );
}
