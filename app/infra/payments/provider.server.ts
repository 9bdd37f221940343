// The card payment seam (docs/architecture.md §1, like the mailer): one provider per process, on the AppContext. Domain code
// (app/domain/payments.server.ts) sees only this interface; app/infra/payments/peach.server.ts implements it.

/** What the provider says about one checkout. Only `successful` moves money; anything unknown is `pending`. */
export type ProviderOutcome = {
  state: "successful" | "pending" | "failed";
  code: string;
  description: string;
  /** The amount the provider reports, in cents; null when it reported none or an unreadable one. */
  amountCents: number | null;
  currency: string | null;
  /** The provider's id of the payment (refunds reference it); null until it succeeded. */
  paymentId: string | null;
  checkoutId: string | null;
  merchantTransactionId: string | null;
};

type CheckoutForm = { action: string; fields: Record<string, string> };

export class ProviderUnavailableError extends Error {
  constructor(
    message: string,
    /** True when the provider asked us to slow down (its status API allows about two calls a minute). */
    readonly rateLimited = false,
  ) {
    super(message);
    this.name = "ProviderUnavailableError";
  }
}

export type PaymentProvider = {
  readonly name: "peach";
  /** Origin the shopper's browser posts to (the page's CSP form-action must allow it). */
  readonly checkoutOrigin: string;
  /** The signed form the shopper's browser POSTs to the hosted checkout. */
  checkoutForm(input: {
    merchantTransactionId: string;
    amountCents: number;
    shopperResultUrl: string;
    notificationUrl: string;
  }): Promise<CheckoutForm>;
  /**
   * True only for a redirect or webhook the provider sent: its signature over the raw parameters as received, and
   * the fields only the provider's notifications carry (not one of our own signed requests posted back).
   */
  verifyNotification(params: Record<string, string>): Promise<boolean>;
  /** Reads a provider-signed redirect or webhook into an outcome (call `verifyNotification` first). */
  outcomeOf(params: Record<string, string>): ProviderOutcome;
  /** The source of truth. Throws ProviderUnavailableError when the provider cannot answer now. */
  status(ref: { checkoutId: string | null; merchantTransactionId: string }): Promise<ProviderOutcome>;
  /** Refunds (part of) a successful payment. Throws ProviderUnavailableError when it cannot answer now. */
  refund(input: {
    paymentId: string;
    amountCents: number;
  }): Promise<{ ok: boolean; refundId: string | null; code: string; description: string }>;
};
