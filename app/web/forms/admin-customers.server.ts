import { z } from "zod";

// /admin/customers/:id: disable or enable the account.
export const customerActionSchema = z.object({ intent: z.enum(["disable", "enable"]) });
