import { z } from "zod";
import { idNumber } from "~/domain/form-fields";
import { addressSchema } from "~/web/forms/account-fields.server";

// /account/addresses: add one (optionally as the default), or act on a saved one by its id.
export const newAddressSchema = addressSchema.extend({
  makeDefault: z
    .literal("on")
    .optional()
    .transform((v) => v === "on"),
});

export const savedAddressSchema = z.object({ addressId: idNumber });
