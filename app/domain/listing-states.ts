/** The admin lists' status filters: a customer's account, a product's or pack's listing. */
export const ACCOUNT_STATES = ["active", "disabled"] as const;
export const LISTING_STATES = ["active", "inactive"] as const;
