import { Form, useSubmit } from "@remix-run/react";
import { createContext, useContext, type ReactNode } from "react";
import { LabelledSelect, type Choice } from "../select-options";

type FilterValues = Readonly<Record<string, string | number | null | undefined>>;
/** What the list was asked for: each field shows its own query parameter's value. */
const AskedFilters = createContext<FilterValues>({});

// The filter bar above a back-office list: a GET form (so a filtered list is a link you can share or reload),
// its labelled fields, and one submit button.

export function FilterForm({
  values,
  submit,
  label,
  live = false,
  children,
}: {
  /** The filters the list was loaded with (the loader's parsed query), keyed by field name. */
  values: FilterValues;
  /** The button's text, e.g. "Search" or "Find orders". */
  submit: string;
  /** Names the search landmark when the page has more than one. */
  label?: string;
  /** With JavaScript, re-run the search as soon as a select or date changes; typed text still waits for Enter. */
  live?: boolean;
  children: ReactNode;
}) {
  const run = useSubmit();
  return (
    <Form
      method="get"
      className="admin-filters"
      role="search"
      aria-label={label}
      onChange={
        live
          ? (e) => {
              const field = e.target as HTMLInputElement;
              if (field.tagName === "SELECT" || field.type === "date") run(e.currentTarget, { replace: true });
            }
          : undefined
      }
    >
      <AskedFilters.Provider value={values}>{children}</AskedFilters.Provider>
      <button type="submit" className="button secondary">
        {submit}
      </button>
    </Form>
  );
}

/** A labelled text, search or date box whose id and name are the query parameter it sets. */
export function FilterInput({
  name,
  label,
  type,
  placeholder,
  size,
}: {
  name: string;
  label: string;
  type?: "search" | "date";
  placeholder?: string;
  size?: number;
}) {
  const value = useContext(AskedFilters)[name];
  return (
    <>
      <label htmlFor={name}>{label}</label>
      <input id={name} name={name} type={type} size={size} placeholder={placeholder} defaultValue={value ?? ""} />
    </>
  );
}

/** A list filter's select: "any" first (the empty value: no filter), then the choices. */
export function FilterSelect({
  name,
  label,
  any,
  options,
}: {
  name: string;
  label: string;
  any: string;
  options: readonly Choice[];
}) {
  return <LabelledSelect name={name} label={label} value={useContext(AskedFilters)[name]} none={any} options={options} />;
}
