import { describe, expect, it } from "vitest";
import { ageInMonths, childFit, describeAge, type FitChild, type FitMeal } from "./child-fit";

describe("ageInMonths", () => {
  it.each([
    ["2025-03-15", "2025-03-15", 0],
    ["2025-03-15", "2025-04-14", 0], // a day short of a month
    ["2025-03-15", "2025-04-15", 1],
    ["2025-03-15", "2025-09-14", 5],
    ["2025-03-15", "2025-09-15", 6],
    ["2024-12-20", "2025-01-20", 1], // across the year end
    ["2024-12-20", "2025-01-19", 0],
    // a month counts as complete on the last day of a shorter month
    ["2025-01-31", "2025-02-27", 0],
    ["2025-01-31", "2025-02-28", 1],
    ["2025-08-31", "2026-02-28", 6],
    ["2025-08-31", "2026-03-01", 6],
    ["2025-03-31", "2025-04-30", 1],
    ["2024-02-29", "2025-02-28", 12], // a leap-day baby turns one on 28 February
    ["2024-01-30", "2024-02-29", 1],
    ["2024-01-30", "2024-02-28", 0], // 28 February is not the last day of a leap February
    ["2025-03-15", "2025-03-14", -1], // not born yet
  ])("born %s, on %s → %i", (born, today, months) => {
    expect(ageInMonths(born, today)).toBe(months);
  });
});

describe("describeAge", () => {
  it.each([
    [-1, "not born yet"],
    [0, "0 months"],
    [1, "1 month"],
    [2, "2 months"],
    [23, "23 months"], // months up to two years, as parents count them
    [24, "2 years"],
    [25, "2 years 1 month"],
    [26, "2 years 2 months"],
    [36, "3 years"],
  ])("%i → %s", (months, text) => {
    expect(describeAge(months)).toBe(text);
  });
});

const TODAY = "2026-03-10";
const child = (over: Partial<FitChild> = {}): FitChild => ({
  id: 1,
  name: "Lerato",
  dateOfBirth: "2025-05-10", // 10 months on TODAY
  allergies: [],
  dietaryNeeds: [],
  ...over,
});
const meal = (over: Partial<FitMeal> = {}): FitMeal => ({
  ageGroup: { label: "6–12 months", minMonths: 6, maxMonths: 12 },
  contains: [],
  mayContain: [],
  ...over,
});

describe("childFit: age window 6–12 months, inclusive", () => {
  it.each([
    ["2025-09-11", 5, "too-young"], // 6 months tomorrow
    ["2025-09-10", 6, "fits"],
    ["2025-03-10", 12, "fits"],
    ["2025-02-10", 13, "older"],
    ["2026-03-11", -1, "too-young"], // not born yet
  ] as const)("born %s (%i months) → %s", (dateOfBirth, months, age) => {
    const fit = childFit(child({ dateOfBirth }), meal(), TODAY);
    expect(fit.ageMonths).toBe(months);
    expect(fit.age).toBe(age);
    expect(fit.suitable).toBe(age === "fits");
  });
});

describe("childFit: allergens and dietary needs", () => {
  it.each<[string, Partial<FitChild>, Partial<FitMeal>, string[], string[], string[], boolean]>([
    ["no allergies, anything in the meal", {}, { contains: ["milk", "beef"] }, [], [], [], true],
    ["allergic to something the meal does not have", { allergies: ["peanuts"] }, { contains: ["milk"] }, [], [], [], true],
    ["contains an allergen", { allergies: ["milk"] }, { contains: ["milk", "eggs"] }, ["milk"], [], [], false],
    ["may contain an allergen", { allergies: ["sesame"] }, { mayContain: ["sesame"] }, [], ["sesame"], [], false],
    [
      "listed in both: reported once, as contains",
      { allergies: ["soy"] },
      { contains: ["soy"], mayContain: ["soy"] },
      ["soy"],
      [],
      [],
      false,
    ],
    ["vegetarian, fish", { dietaryNeeds: ["vegetarian"] }, { contains: ["fish"] }, [], [], ["not vegetarian"], false],
    ["vegetarian, chicken", { dietaryNeeds: ["vegetarian"] }, { contains: ["chicken"] }, [], [], ["not vegetarian"], false],
    ["vegetarian, milk and eggs", { dietaryNeeds: ["vegetarian"] }, { contains: ["milk", "eggs"] }, [], [], [], true],
    ["vegetarian, lentils", { dietaryNeeds: ["vegetarian"] }, { contains: ["lentils"] }, [], [], [], true],
    ["no red meat, chicken", { dietaryNeeds: ["no-red-meat"] }, { contains: ["chicken"] }, [], [], [], true],
    ["no red meat, lamb", { dietaryNeeds: ["no-red-meat"] }, { contains: ["lamb"] }, [], [], ["contains red meat"], false],
    [
      "both needs, beef",
      { dietaryNeeds: ["vegetarian", "no-red-meat"] },
      { contains: ["beef"] },
      [],
      [],
      ["not vegetarian", "contains red meat"],
      false,
    ],
  ])("%s", (_what, childOver, mealOver, contains, mayContain, diet, suitable) => {
    const fit = childFit(child(childOver), meal(mealOver), TODAY);
    expect({ contains: fit.contains, mayContain: fit.mayContain, diet: fit.diet, suitable: fit.suitable }).toEqual({
      contains,
      mayContain,
      diet,
      suitable,
    });
  });
});

describe("childFit summary", () => {
  it.each([
    [child(), meal(), "Suits Lerato (10 months)"],
    [
      child({ allergies: ["tree-nuts"] }),
      meal({ contains: ["tree-nuts"] }),
      "Contains tree nuts — Lerato is allergic to tree nuts",
    ],
    [child({ dateOfBirth: "2025-12-10" }), meal(), "Meant for 6–12 months; Lerato (3 months) may not be ready yet"],
    [child({ dateOfBirth: "2023-03-10" }), meal(), "Made for younger babies (6–12 months); Lerato (3 years)"],
    [child({ dietaryNeeds: ["vegetarian"] }), meal({ contains: ["fish"] }), "Not vegetarian for Lerato"],
  ])("%#: %s", (c, m, summary) => {
    expect(childFit(c, m, TODAY).summary).toBe(summary);
  });
});
