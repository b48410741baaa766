/**
 * Records laid out as columns in a chosen layout per column — plain arrays, Float64Arrays with NaN
 * for missing, Float32Arrays of the numbers they hold exactly, dictionary columns, validity bitmaps — for the tests that compare a metric or an
 * accumulator over columns with the same over records.
 */
export type Layout = 'array' | 'float64' | 'dictionary' | 'masked' | 'float32';
export type Rec = Record<string, unknown>;

/** A column of `values` (null for missing) in the given layout, when the layout can hold them. */
export function column(values: readonly unknown[], layout: Layout): unknown {
  const numbers = values.every((v) => v === null || (typeof v === 'number' && !Number.isNaN(v)));
  if (layout === 'float64' && numbers) return Float64Array.from(values, (v) => (v === null ? NaN : (v as number)));
  // Numbers a float32 holds exactly (small counts and scores), NaN for missing.
  if (layout === 'float32' && numbers && values.every((v) => v === null || Math.fround(v as number) === v)) {
    return Float32Array.from(values, (v) => (v === null ? NaN : (v as number)));
  }
  // Labels, and yes/no fields (a dictionary of booleans, as `kpi-kit report` reads them).
  if (layout === 'dictionary' && (values.every((v) => v === null || typeof v === 'string') || values.every((v) => v === null || typeof v === 'boolean'))) {
    const dictionary: unknown[] = [...new Set(values.filter((v) => v !== null))];
    return { codes: Int32Array.from(values, (v: unknown) => (v === null ? -1 : dictionary.indexOf(v))), dictionary };
  }
  if (layout === 'masked') {
    const valid = new Uint8Array(Math.ceil(values.length / 8) + 1);
    // Missing rows hold a value that must not be read (0) behind a cleared bit.
    values.forEach((v, i) => {
      if (v !== null) valid[i >> 3] = (valid[i >> 3] as number) | (1 << (i & 7));
    });
    return { values: values.map((v) => (v === null ? 0 : v)), valid };
  }
  return [...values];
}

/** The records as columns (every field any record has), or null when they cannot be (a record that is not an object, or a field the kind does not have). */
export function toColumns(records: readonly unknown[], fields: Readonly<Record<string, string>>, layouts: readonly Layout[]): Rec | null {
  const names = new Set<string>();
  for (const r of records) {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) return null;
    for (const key of Object.keys(r)) {
      if (!Object.hasOwn(fields, key)) return null;
      names.add(key);
    }
  }
  const out: Rec = {};
  [...names].forEach((name, k) => {
    out[name] = column(
      records.map((r) => (r as Rec)[name] ?? null),
      layouts[k % layouts.length] as Layout,
    );
  });
  return out;
}
