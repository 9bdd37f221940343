import { z } from "zod";
import { idNumber } from "~/domain/form-fields";

// /account/children: the "Remove" button of one child's card.
export const removeChildSchema = z.object({ childId: idNumber });
