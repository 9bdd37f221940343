// Illustrates every seeded meal from its recipe: a bowl (puree, lumpy) or a plate (toddler) of the meal's colour, and
// the ingredients named in its name and description drawn around it. Packs show their week of jars.
//   npx tsx scripts/generate-meal-images.ts
// Writes public/images/products/<slug>.svg and public/images/packs/<slug>.svg (400×300, a few KB each).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SEED_PACKS, SEED_PRODUCTS, type SeedProduct } from "../app/domain/seed.server";

type Draw = (x: number, y: number) => string;
type Ingredient = { words: RegExp; colour: string; draw: Draw };

const circle = (x: number, y: number, r: number, fill: string, extra = "") =>
  `<circle cx="${x}" cy="${y}" r="${r}" fill="${fill}"${extra}/>`;
const leaf = (x: number, y: number, fill: string, angle = -30) =>
  `<ellipse cx="${x}" cy="${y}" rx="9" ry="4" fill="${fill}" transform="rotate(${angle} ${x} ${y})"/>`;

const INGREDIENTS: Ingredient[] = [
  {
    words: /carrot/i,
    colour: "#F08A24",
    draw: (x, y) =>
      `<path d="M${x - 8} ${y - 14}L${x + 8} ${y - 14}L${x} ${y + 26}Z" fill="#F08A24"/>${leaf(x - 4, y - 19, "#5E9E3C", -60)}${leaf(x + 4, y - 19, "#5E9E3C", 60)}`,
  },
  {
    words: /sweet potato/i,
    colour: "#E9853B",
    draw: (x, y) => `<ellipse cx="${x}" cy="${y}" rx="24" ry="12" fill="#9C4A5B" transform="rotate(-15 ${x} ${y})"/>`,
  },
  {
    words: /chicken|turkey/i,
    colour: "#EBCB9B",
    draw: (x, y) =>
      `<rect x="${x + 6}" y="${y - 3}" width="20" height="6" rx="3" fill="#F7EEDC"/>${circle(x + 27, y - 4, 4, "#F7EEDC")}${circle(x + 27, y + 4, 4, "#F7EEDC")}<ellipse cx="${x - 6}" cy="${y}" rx="16" ry="13" fill="#C98A4B"/>`,
  },
  {
    words: /beef|lamb|mince|cottage/i,
    colour: "#8A4B32",
    draw: (x, y) =>
      `<rect x="${x - 20}" y="${y - 12}" width="40" height="24" rx="10" fill="#A34A3A"/><path d="M${x - 12} ${y - 2}q10 -8 22 2" stroke="#F3D9C9" stroke-width="3" fill="none"/>`,
  },
  {
    words: /butternut|pumpkin/i,
    colour: "#F2A541",
    draw: (x, y) =>
      `${circle(x, y + 8, 14, "#F2B45A")}<rect x="${x - 7}" y="${y - 18}" width="14" height="22" rx="7" fill="#F2B45A"/><rect x="${x - 2}" y="${y - 24}" width="4" height="7" fill="#6B8E3D"/>`,
  },
  {
    words: /lentil|dhal/i,
    colour: "#E07A3F",
    draw: (x, y) => [0, 1, 2, 3, 4, 5].map((i) => circle(x + (i % 3) * 9 - 9, y + Math.floor(i / 3) * 8, 4, "#E07A3F")).join(""),
  },
  {
    words: /fish|hake/i,
    colour: "#E8E2D4",
    draw: (x, y) =>
      `<ellipse cx="${x}" cy="${y}" rx="20" ry="10" fill="#9BB7C9"/><path d="M${x + 18} ${y}l12 -9v18z" fill="#9BB7C9"/>${circle(x - 11, y - 2, 2, "#2E3A44")}`,
  },
  {
    words: /salmon/i,
    colour: "#F29C84",
    draw: (x, y) =>
      `<rect x="${x - 22}" y="${y - 11}" width="44" height="22" rx="8" fill="#F28C6B"/><path d="M${x - 12} ${y - 10}v20M${x} ${y - 10}v20M${x + 12} ${y - 10}v20" stroke="#FBD3C4" stroke-width="2"/>`,
  },
  {
    words: /apple/i,
    colour: "#F3E2B3",
    draw: (x, y) =>
      `${circle(x, y, 15, "#D9433B")}<rect x="${x - 1}" y="${y - 21}" width="3" height="8" fill="#6B4A2B"/>${leaf(x + 8, y - 18, "#5E9E3C")}`,
  },
  {
    words: /pear/i,
    colour: "#E3E7A5",
    draw: (x, y) =>
      `${circle(x, y + 6, 13, "#B7C94B")}${circle(x, y - 7, 8, "#B7C94B")}<rect x="${x - 1}" y="${y - 20}" width="3" height="7" fill="#6B4A2B"/>`,
  },
  {
    words: /\boat/i,
    colour: "#E6D3A7",
    draw: (x, y) =>
      [0, 1, 2, 3]
        .map((i) => `<ellipse cx="${x + i * 9 - 13}" cy="${y + (i % 2) * 6}" rx="6" ry="3.5" fill="#D9BF86"/>`)
        .join(""),
  },
  {
    words: /rice|risotto/i,
    colour: "#F4EEDF",
    draw: (x, y) =>
      [0, 1, 2, 3, 4, 5, 6]
        .map(
          (i) =>
            `<ellipse cx="${x + (i % 4) * 8 - 12}" cy="${y + Math.floor(i / 4) * 7}" rx="4" ry="2" fill="#FFFDF6" stroke="#E2D8C0"/>`,
        )
        .join(""),
  },
  {
    words: /broccoli|vegetable|primavera|veggie/i,
    colour: "#7FB069",
    draw: (x, y) =>
      `<rect x="${x - 3}" y="${y}" width="6" height="16" fill="#8DBE6E"/>${circle(x - 9, y - 2, 9, "#3F8F3A")}${circle(x + 9, y - 2, 9, "#3F8F3A")}${circle(x, y - 10, 10, "#4CA043")}`,
  },
  {
    words: /potato|mash/i,
    colour: "#F1DDA6",
    draw: (x, y) =>
      `<ellipse cx="${x}" cy="${y}" rx="17" ry="12" fill="#D8B378"/>${circle(x - 6, y - 3, 1.5, "#8A6A3A")}${circle(x + 5, y + 3, 1.5, "#8A6A3A")}`,
  },
  {
    words: /peas/i,
    colour: "#8CC152",
    draw: (x, y) =>
      `<path d="M${x - 22} ${y}q22 -18 44 0q-22 14 -44 0z" fill="#6AA84F"/>${[-12, 0, 12].map((d) => circle(x + d, y - 2, 5, "#9BD45F")).join("")}`,
  },
  {
    words: /chees/i,
    colour: "#F6D365",
    draw: (x, y) =>
      `<path d="M${x - 18} ${y + 10}L${x + 18} ${y + 10}L${x + 18} ${y - 10}Z" fill="#F6C945"/>${circle(x + 10, y + 3, 3, "#E0A92A")}${circle(x + 3, y + 6, 2, "#E0A92A")}`,
  },
  {
    words: /spinach|mint/i,
    colour: "#4E8F3A",
    draw: (x, y) => `${leaf(x - 6, y, "#3E7D32", -40)}${leaf(x + 6, y - 4, "#4E9A3A", 30)}${leaf(x, y + 7, "#5FAF48", 0)}`,
  },
  {
    words: /pasta|mac/i,
    colour: "#F5D27A",
    draw: (x, y) =>
      [0, 1, 2]
        .map(
          (i) =>
            `<path d="M${x + i * 12 - 18} ${y + 6}q6 -16 12 0" stroke="#EFC058" stroke-width="6" fill="none" stroke-linecap="round"/>`,
        )
        .join(""),
  },
  {
    words: /frittata|egg/i,
    colour: "#F7D766",
    draw: (x, y) =>
      `<ellipse cx="${x}" cy="${y}" rx="18" ry="13" fill="#FFFFFF" stroke="#EEE6D6"/>${circle(x + 2, y, 7, "#F6B93B")}`,
  },
  {
    words: /bean|chilli/i,
    colour: "#B5533C",
    draw: (x, y) =>
      [0, 1, 2].map((i) => `<ellipse cx="${x + i * 11 - 11}" cy="${y + (i % 2) * 5}" rx="6" ry="4" fill="#8E2F25"/>`).join(""),
  },
  {
    words: /curry|tomato/i,
    colour: "#E9A23B",
    draw: (x, y) => `${circle(x, y, 13, "#D9433B")}${leaf(x + 3, y - 13, "#5E9E3C", 10)}`,
  },
];

const PALETTE_BG = ["#FDF1E4", "#F3F7EC", "#FFF6DB", "#F6EEF4", "#EAF3F6", "#FBEFE8"];
// Spots around the bowl where ingredients sit, away from its rim.
const SPOTS: [number, number][] = [
  [52, 60],
  [348, 60],
  [48, 244],
  [352, 244],
  [200, 40],
  [120, 276],
  [280, 276],
];

/** The ingredients a recipe names, in the order they are named (name before description). */
function ingredientsOf(p: SeedProduct): Ingredient[] {
  const text = `${p.name}. ${p.description}`;
  return INGREDIENTS.map((ing) => ({ ing, at: text.search(ing.words) }))
    .filter((x) => x.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((x) => x.ing)
    .slice(0, SPOTS.length);
}

/** The meal's colour: the average of its first ingredients' colours. */
function mix(colours: string[]): string {
  const rgb = colours.map((c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)));
  const avg = [0, 1, 2].map((k) => Math.round(rgb.reduce((s, c) => s + c[k], 0) / rgb.length));
  return `#${avg.map((v) => v.toString(16).padStart(2, "0")).join("")}`;
}

function escapeXml(s: string) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function mealSvg(p: SeedProduct, i: number): string {
  const ings = ingredientsOf(p);
  const food = mix(
    ings
      .slice(0, 3)
      .map((x) => x.colour)
      .concat(ings.length ? [] : ["#F2B45A"]),
  );
  // Drawn at 1.6× about their spot so they read at card size.
  const around = ings
    .map((ing, k) => {
      const [x, y] = SPOTS[k];
      return `<g transform="translate(${x} ${y}) scale(1.6) translate(${-x} ${-y})">${ing.draw(x, y)}</g>`;
    })
    .join("");
  let dish: string;
  if (p.texture === "toddler") {
    // A plate with the meal in portions.
    const pieces = ings
      .slice(0, 3)
      .map((ing, k) => `<ellipse cx="${160 + k * 42}" cy="${150 + (k % 2) * 14}" rx="34" ry="20" fill="${ing.colour}"/>`);
    dish = `<ellipse cx="200" cy="160" rx="130" ry="62" fill="#FFFFFF" stroke="#E6DCCB" stroke-width="4"/><ellipse cx="200" cy="158" rx="100" ry="44" fill="#FBF8F2"/>${pieces.join("")}`;
  } else {
    const chunks =
      p.texture === "lumpy"
        ? ings
            .slice(0, 3)
            .map(
              (ing, k) =>
                `<rect x="${150 + k * 36}" y="${128 + (k % 2) * 8}" width="14" height="11" rx="3" fill="${ing.colour}" stroke="#00000022"/>`,
            )
            .join("")
        : `<path d="M150 138q25 -14 50 0t50 0" stroke="#FFFFFF" stroke-width="4" fill="none" opacity=".45"/>`;
    dish = `<ellipse cx="200" cy="142" rx="112" ry="34" fill="${food}"/>${chunks}<path d="M80 146h240c0 66-54 104-120 104S80 212 80 146z" fill="#FFFFFF" stroke="#E6DCCB" stroke-width="4"/><path d="M130 196h140" stroke="${food}" stroke-width="6" stroke-linecap="round" opacity=".6"/>`;
  }
  const bg = PALETTE_BG[i % PALETTE_BG.length];
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" width="400" height="300" role="img"><title>${escapeXml(p.name)}</title><rect width="400" height="300" fill="${bg}"/>${dish}${around}</svg>\n`;
}

function packSvg(name: string, jars: string[]) {
  const drawn = jars
    .map((colour, j) => {
      const x = 62 + j * 40;
      return `<rect x="${x}" y="118" width="32" height="78" rx="8" fill="${colour}"/><rect x="${x - 2}" y="108" width="36" height="14" rx="4" fill="#FFFFFF" stroke="#CDBFA8" stroke-width="2"/>`;
    })
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" width="400" height="300" role="img"><title>${escapeXml(name)}</title><rect width="400" height="300" fill="#F3F7EC"/><rect x="40" y="90" width="320" height="150" rx="18" fill="#FFFFFF" stroke="#2F6B3A" stroke-width="4"/>${drawn}<rect x="40" y="200" width="320" height="40" fill="#2F6B3A"/><text x="200" y="228" font-family="sans-serif" font-size="20" font-weight="700" fill="#fff" text-anchor="middle">${jars.length} meals</text></svg>\n`;
}

function write(file: string, svg: string) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, svg);
  console.log(`wrote ${file} (${svg.length} bytes)`);
}

const colourOf = new Map(
  SEED_PRODUCTS.map((p) => [
    p.slug,
    mix(
      ingredientsOf(p)
        .slice(0, 3)
        .map((x) => x.colour),
    ),
  ]),
);
SEED_PRODUCTS.forEach((p, i) => write(path.resolve("public/images/products", `${p.slug}.svg`), mealSvg(p, i)));
for (const pack of SEED_PACKS) {
  const jars = pack.items.flatMap((item) => Array.from({ length: item.quantity }, () => colourOf.get(item.product) ?? "#F2B45A"));
  write(path.resolve("public/images/packs", `${pack.slug}.svg`), packSvg(pack.name, jars.slice(0, 7)));
}
