/** One choice of a select: what it sends and what it says. */
export type Choice = { value: string | number; label: string };

/** Choices that read as their own value, capitalised: "active" → "Active". */
export const plainChoices = (values: readonly string[]): Choice[] =>
  values.map((value) => ({ value, label: value.charAt(0).toUpperCase() + value.slice(1) }));

/** A select's choices after a first, empty one (`none`: "All ages", "Choose…") that means no choice. */
export function SelectOptions({ none, options }: { none: string; options: readonly Choice[] }) {
  return (
    <>
      <option value="">{none}</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </>
  );
}

/** A labelled select whose id and name are `name`, showing `value` chosen (none: the empty first choice). */
export function LabelledSelect({
  name,
  label,
  value,
  none,
  options,
}: {
  name: string;
  label: string;
  value: string | number | null | undefined;
  none: string;
  options: readonly Choice[];
}) {
  return (
    <>
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={value == null ? "" : String(value)}>
        <SelectOptions none={none} options={options} />
      </select>
    </>
  );
}
