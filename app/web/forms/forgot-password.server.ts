import { z } from "zod";
import { emailField } from "~/web/forms/account-fields.server";

// "Forgot your password?": one address.
export const forgotPasswordSchema = z.object({ email: emailField });
