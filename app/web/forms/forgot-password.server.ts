import { z } from "zod";
import { emailField } from "~/domain/accounts.server";

// "Forgot your password?": one address.
export const forgotPasswordSchema = z.object({ email: emailField });
