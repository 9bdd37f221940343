import { accountExists } from "./account-exists";
import { deliveryTest } from "./delivery-test";
import { orderCancellation } from "./order-cancellation";
import { orderConfirmation } from "./order-confirmation";
import { orderOnItsWay } from "./order-on-its-way";
import { passwordReset } from "./password-reset";
import { paymentConfirmation } from "./payment-confirmation";
import { verifyEmail } from "./verify-email";
import { welcome } from "./welcome";

export const emailRegistry = {
  welcome,
  "verify-email": verifyEmail,
  "password-reset": passwordReset,
  "account-exists": accountExists,
  "order-confirmation": orderConfirmation,
  "payment-confirmation": paymentConfirmation,
  "order-cancellation": orderCancellation,
  "order-on-its-way": orderOnItsWay,
  "delivery-test": deliveryTest,
};

export type EmailTemplate = keyof typeof emailRegistry;

export type EmailProps<T extends EmailTemplate> = (typeof emailRegistry)[T]["fixture"];

export const EMAIL_TEMPLATES = Object.keys(emailRegistry) as EmailTemplate[];

export function isEmailTemplate(name: string): name is EmailTemplate {
  return Object.hasOwn(emailRegistry, name);
}

export function fixtureFor<T extends EmailTemplate>(template: T): EmailProps<T> {
  return emailRegistry[template].fixture;
}
