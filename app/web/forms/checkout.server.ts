// What the checkout form posts, checked before placeOrder. Kept out of the route module so zod stays out of the
// checkout page's JavaScript (~14 KB gzip; Lighthouse budget in docs/performance.md).
import { z } from "zod";
import { checkbox } from "~/web/forms/form-values.server";

const required = (message: string, max = 120) =>
  z.string({ required_error: message }).trim().min(1, message).max(max, `Please keep this under ${max} characters.`);

export const checkoutFormSchema = z.object({
  checkoutToken: z.string().regex(/^[A-Za-z0-9-]{16,64}$/, "This form has expired; please try again."),
  recipientName: required("Please enter who will receive the delivery.", 80),
  phone: z
    .string({ required_error: "Please enter a phone number for the driver." })
    .trim()
    .regex(/^\+?[0-9 ()-]{9,20}$/, "Please enter a phone number the driver can call, e.g. 082 555 0123."),
  line1: required("Please enter the street address."),
  line2: z.string().trim().max(120).optional().default(""),
  suburb: required("Please enter the suburb.", 80),
  city: z.string().trim().max(80).optional().default("Johannesburg"),
  postalCode: z
    .string({ required_error: "Please enter a 4-digit postal code." })
    .trim()
    .regex(/^\d{4}$/, "Please enter a 4-digit postal code."),
  instructions: z.string().trim().max(300, "Please keep delivery instructions under 300 characters.").optional().default(""),
  deliveryDate: z.string({ required_error: "Please choose a delivery day." }).min(1, "Please choose a delivery day."),
  paymentMethod: z.enum(["cash_on_delivery", "card"], { errorMap: () => ({ message: "Please choose how you'll pay." }) }),
  notes: z.string().trim().max(500, "Please keep notes under 500 characters.").optional().default(""),
  saveAddress: checkbox(),
});
