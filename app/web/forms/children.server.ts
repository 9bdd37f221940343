import { z } from "zod";
import { idNumber } from "~/domain/form-fields";

// /account/children: the "Remove" button of one child's card.
export const removeChildSchema = z.object({ childId: idNumber });

/** /account/children/:id's id, or null when it is not one (the page answers 404 either way). */
export function childIdParam(param: string | undefined): number | null {
  const id = idNumber.safeParse(param);
  return id.success ? id.data : null;
}
