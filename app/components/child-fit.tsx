import type { ChildFit } from "~/domain/child-fit";

/** "For your children": one line per child, a warning style when the meal does not suit them. */
export function ChildFitList({ fits, compact = false }: { fits: ChildFit[]; compact?: boolean }) {
  if (fits.length === 0) return null;
  return (
    <ul className={`child-fit${compact ? " child-fit--compact" : ""}`} aria-label="For your children">
      {fits.map((f) => (
        <li key={f.childId} className={f.suitable ? "fit-ok" : "fit-warn"}>
          <span aria-hidden="true">{f.suitable ? "✓ " : "⚠ "}</span>
          {f.summary}
        </li>
      ))}
    </ul>
  );
}
