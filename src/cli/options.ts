/**
 * Values of the command's options: durations (`4h`, `90min`, `1.5d`) and SLA targets.
 *
 * @module
 */
import type { SlaTargetOptions, SlaTargets } from '../support/sla-compliance.js';
import { UNITS, UsageError } from './columns.js';

/** The SLA target kinds of `--sla`, and the target field each sets. */
export const SLA_KINDS = ['first-response', 'resolution'] as const;
const SLA_FIELD = { 'first-response': 'firstResponseMs', resolution: 'resolutionMs' } as const;

/** A duration like `4h`, `90min`, `1.5d`, `30s` or `250ms`, in ms. @throws {@link UsageError} */
export function parseDuration(option: string, text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|min|h|d)\s*$/.exec(text);
  if (m === null) throw new UsageError(`${option}: "${text}" is not a duration like 4h, 90min, 1.5d, 30s or 250ms`);
  return Math.round(Number(m[1]) * UNITS[m[2] as keyof typeof UNITS]);
}

/**
 * SLA targets from `--sla` values: `first-response=4h`, `resolution=3d`, or per priority
 * `urgent:first-response=1h`. @throws {@link UsageError}
 */
export function parseSla(values: readonly string[]): SlaTargetOptions {
  const defaults: Record<string, number> = {};
  const byPriority: Record<string, Record<string, number>> = {};
  for (const value of values) {
    const m = /^\s*(?:([^:=]+):)?\s*([a-z-]+)\s*=\s*(.+)$/.exec(value);
    const kind = m?.[2] as (typeof SLA_KINDS)[number] | undefined;
    if (m === null || kind === undefined || !SLA_KINDS.includes(kind)) {
      throw new UsageError(
        `--sla takes ${SLA_KINDS.join('|')}=DURATION or PRIORITY:KIND=DURATION (e.g. first-response=4h, urgent:resolution=8h), got "${value}"`,
      );
    }
    const ms = parseDuration('--sla', m[3] as string);
    const priority = m[1]?.trim().toLowerCase();
    if (priority === undefined) defaults[SLA_FIELD[kind]] = ms;
    else (byPriority[priority] ??= {})[SLA_FIELD[kind]] = ms;
  }
  return { ...(defaults as SlaTargets), ...(Object.keys(byPriority).length > 0 ? { byPriority: byPriority } : {}) };
}
