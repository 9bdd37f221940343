import type { MetaDescriptor } from "@remix-run/react";

/** A back-office page's head: its title, then whose back office it is. */
export const adminTitle = (page: string): MetaDescriptor[] => [{ title: `${page} · Little Harvest back office` }];
