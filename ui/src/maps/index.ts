// 招商地图's boundaries (china.json: see README.md), loaded on first use as a chunk of its own so
// the rest of the app never parses them.
import * as echarts from "echarts/core";

type Feature = { type: "Feature"; properties: { name: string; adcode: string | null; parent?: string }; geometry: unknown };
type Collection = { type: "FeatureCollection"; UTF8Encoding?: boolean; UTF8Scale?: number; features: Feature[] };
type Maps = { provinces: Collection; cities: Collection };

/** The map name of China's provinces, and of one province's cities. */
export const CHINA = "china";
export const provinceMap = (code: string) => `china-${code}`;

/** A place drawn on a map: its code and name. */
export type Region = { code: string; name: string };

let maps: Promise<Maps> | null = null;
const registered = new Map<string, Region[]>();

function load(): Promise<Maps> {
  maps ??= import("./china.json?raw").then((m) => JSON.parse(m.default) as Maps);
  return maps;
}

/** ECharts decodes a map's coordinates in place: each registration gets its own copy. */
function register(name: string, base: Collection, features: Feature[]): Region[] {
  const copy: Collection = { ...base, features: JSON.parse(JSON.stringify(features)) as Feature[] };
  echarts.registerMap(name, copy as unknown as Parameters<typeof echarts.registerMap>[1]);
  const regions = features.filter((f) => f.properties.adcode).map((f) => ({ code: f.properties.adcode!, name: f.properties.name }));
  registered.set(name, regions);
  return regions;
}

/** Registers China's provinces; returns its regions. */
export async function loadChina(): Promise<Region[]> {
  const m = await load();
  return registered.get(CHINA) ?? register(CHINA, m.provinces, m.provinces.features);
}

/** Registers one province's cities (prefectures; districts for 直辖市); none: no city map. */
export async function loadProvince(code: string): Promise<Region[]> {
  const name = provinceMap(code);
  const done = registered.get(name);
  if (done) return done;
  const m = await load();
  const features = m.cities.features.filter((f) => f.properties.parent === code);
  return features.length ? register(name, m.cities, features) : [];
}
