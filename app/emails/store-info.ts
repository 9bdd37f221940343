/** Store details every email carries in its footer (from settings/config, not from the payload). */
export type StoreInfo = {
  contactEmail: string;
  contactPhone: string;
  contactAddress: string;
  appUrl: string;
};
