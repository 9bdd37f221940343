// Writes a small, warm SVG placeholder for every seeded product and pack that lacks one:
//   npx tsx scripts/generate-placeholder-images.ts [--force]
// public/images/products/<slug>.svg and public/images/packs/<slug>.svg
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SEED_PACKS, SEED_PRODUCTS } from "../app/infra/db/seed.server";

// [background, bowl, food, accent]
const PALETTES: [string, string, string, string][] = [
  ["#FDE8D7", "#F6F1EA", "#F28C38", "#6BA368"],
  ["#FFF1C9", "#FFFFFF", "#E8A33D", "#B5523B"],
  ["#E3F2E1", "#FBF8F3", "#7DB46C", "#E07A5F"],
  ["#FCE1E4", "#FFFDF9", "#E5707E", "#F2B134"],
  ["#E6EEF7", "#FFFFFF", "#F4A259", "#5B8E7D"],
  ["#F7E6D3", "#FFFBF5", "#A8643A", "#8CB369"],
  ["#FFF4E0", "#FFFFFF", "#F6BD60", "#84A59D"],
  ["#EDE7F6", "#FFFDF8", "#F28482", "#F6BD60"],
];

function escapeXml(s: string) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function productSvg(name: string, i: number) {
  const [bg, bowl, a, b] = PALETTES[i % PALETTES.length];
  // the second lap round the palettes swaps food and accent so no two products look alike
  const [food, accent] = Math.floor(i / PALETTES.length) % 2 ? [b, a] : [a, b];
  const dx = (i * 17) % 40;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" role="img"><title>${escapeXml(name)}</title><rect width="400" height="300" fill="${bg}"/><ellipse cx="200" cy="150" rx="120" ry="38" fill="${food}"/><circle cx="${150 + dx}" cy="140" r="14" fill="${accent}"/><circle cx="${215 + dx / 2}" cy="134" r="10" fill="${accent}" opacity=".8"/><circle cx="${250 - dx / 3}" cy="150" r="8" fill="#fff" opacity=".6"/><path d="M72 152h256c0 70-57 110-128 110S72 222 72 152z" fill="${bowl}" stroke="${food}" stroke-width="4"/><path d="M120 200h160" stroke="${accent}" stroke-width="6" stroke-linecap="round" opacity=".5"/></svg>\n`;
}

function packSvg(name: string, i: number) {
  const [bg, box, food, accent] = PALETTES[(i * 3 + 1) % PALETTES.length];
  const jars = Array.from({ length: 7 }, (_, j) => {
    const x = 62 + j * 40;
    return `<rect x="${x}" y="118" width="32" height="78" rx="8" fill="${j % 2 ? food : accent}"/><rect x="${x - 2}" y="108" width="36" height="14" rx="4" fill="${box}" stroke="${food}" stroke-width="2"/>`;
  }).join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" role="img"><title>${escapeXml(name)}</title><rect width="400" height="300" fill="${bg}"/><rect x="40" y="90" width="320" height="150" rx="18" fill="${box}" stroke="${food}" stroke-width="4"/>${jars}<rect x="40" y="200" width="320" height="40" rx="0" fill="${food}" opacity=".85"/><text x="200" y="228" font-family="sans-serif" font-size="20" font-weight="700" fill="#fff" text-anchor="middle">7 meals</text></svg>\n`;
}

const force = process.argv.includes("--force");
function write(file: string, svg: string) {
  mkdirSync(path.dirname(file), { recursive: true });
  if (existsSync(file) && !force) return;
  writeFileSync(file, svg);
  console.log(`wrote ${file} (${svg.length} bytes)`);
}

SEED_PRODUCTS.forEach((p, i) => write(path.resolve("public/images/products", `${p.slug}.svg`), productSvg(p.name, i)));
SEED_PACKS.forEach((p, i) => write(path.resolve("public/images/packs", `${p.slug}.svg`), packSvg(p.name, i)));
