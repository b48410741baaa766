/**
 * Customer records of the SQL agreement tests of the revenue and cohort metrics: one customer, the
 * table `t` it is loaded into, and the records the TypeScript functions take.
 */
import { type Engine } from './engines.js';

/** One customer: timestamps as epoch ms (possibly with a fraction), `mrr` as the decimal text it is written with. */
export interface Customer {
  readonly startedAt: number | null;
  readonly endedAt: number | null;
  readonly mrr: string | null;
  readonly currency: string | null;
  readonly plan: string | null;
}

/** How the table holds `mrr`: an exact column, a double, or text. */
export type MrrType = 'decimal' | 'double' | 'text';

/** An ISO text of epoch ms with its fraction (`…00.000500Z` for 0.5 ms), as the TypeScript functions read it. */
export function iso(ms: number): string {
  const whole = Math.floor(ms);
  const us = Math.round((ms - whole) * 1000);
  const text = new Date(whole).toISOString();
  return us === 0 ? text : `${text.slice(0, -1)}${String(us).padStart(3, '0')}Z`;
}

/** Loads the customers into table `t`: timestamps as TIMESTAMPTZ (to the µs) or epoch-ms doubles; `mrr` of the type asked (exact by default). */
export async function loadCustomers(engine: Engine, recs: readonly Customer[], epoch: boolean, type: MrrType = 'decimal'): Promise<void> {
  const tsType = epoch ? 'DOUBLE PRECISION' : 'TIMESTAMPTZ';
  const mrrType = type === 'decimal' ? (engine.dialect === 'duckdb' ? 'DECIMAL(38, 12)' : 'NUMERIC') : type === 'double' ? 'DOUBLE PRECISION' : 'TEXT';
  await engine.exec('DROP TABLE IF EXISTS t');
  await engine.exec(
    `CREATE ${engine.dialect === 'postgres' ? 'TEMP ' : ''}TABLE t ("startedAt" ${tsType}, "endedAt" ${tsType}, mrr ${mrrType}, currency TEXT, plan TEXT)`,
  );
  if (recs.length === 0) return;
  const ts = (v: number | null) => (v === null ? 'NULL' : epoch ? `CAST(${v} AS DOUBLE PRECISION)` : `CAST('${iso(v)}' AS TIMESTAMPTZ)`);
  const text = (v: string | null) => (v === null ? 'NULL' : `'${v}'`);
  const mrr = (v: string | null) => (v === null ? 'NULL' : type === 'double' ? `CAST('${v}' AS DOUBLE PRECISION)` : `'${v}'`);
  const values = recs.map((r) => `(${ts(r.startedAt)}, ${ts(r.endedAt)}, ${mrr(r.mrr)}, ${text(r.currency)}, ${text(r.plan)})`);
  await engine.exec(`INSERT INTO t VALUES ${values.join(', ')}`);
}

/** The customers as the TypeScript functions take them: ISO timestamps (or epoch ms), `mrr` a number for a double column, absent fields left out. */
export function tsCustomers(recs: readonly Customer[], epoch: boolean, type: MrrType = 'decimal'): Record<string, unknown>[] {
  return recs.map((r) => {
    const c: Record<string, unknown> = {};
    if (r.startedAt !== null) c['startedAt'] = epoch ? r.startedAt : iso(r.startedAt);
    if (r.endedAt !== null) c['endedAt'] = epoch ? r.endedAt : iso(r.endedAt);
    if (r.mrr !== null) c['mrr'] = type === 'double' ? Number(r.mrr) : r.mrr;
    if (r.currency !== null) c['currency'] = r.currency;
    return c;
  });
}
