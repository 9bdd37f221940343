import { z } from "zod";
import { ORDER_ACTION_NAMES } from "~/domain/admin-orders.server";
import type { OrderAction } from "~/domain/order-actions";
import { INT4_MAX } from "~/domain/form-fields";
import { parseRandToCents } from "~/domain/money-input";

// /admin/orders/:id: the status buttons and the cancel form (`action`, the order's `version`, a reason), and the part
// refund (`intent=refund`).

export const orderActionSchema = z
  .object({
    action: z.enum(ORDER_ACTION_NAMES as [OrderAction, ...OrderAction[]], { errorMap: () => ({ message: "Choose an action" }) }),
    version: z.coerce.number().int().min(1).max(INT4_MAX),
    reason: z.string().trim().max(300, "Keep the reason under 300 characters").optional(),
  })
  .superRefine((v, ctx) => {
    if (v.action === "cancel" && (!v.reason || v.reason.length < 3)) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "Give the customer a reason for the cancellation" });
    }
  });

export const refundActionSchema = z.object({
  amount: z.string({ required_error: "Enter the amount to refund" }).transform((v, ctx) => {
    const cents = parseRandToCents(v);
    if (cents === null || cents <= 0) {
      ctx.addIssue({ code: "custom", message: "Enter an amount in rand, e.g. 45.00" });
      return z.NEVER;
    }
    return cents;
  }),
  // one per rendered form: submitting the same form twice is one refund
  refundKey: z.string().regex(/^[A-Za-z0-9-]{16,64}$/, "This form has expired; reload the page"),
});
