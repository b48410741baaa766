/**
 * `specsRead`: the CSV columns the command reads — every mapped column except the label and id
 * columns that no planned metric, `--by` or `--events` reads (their cells are text, which always
 * reads as a label or an id, so leaving them unread changes no figure and no error). The report
 * itself is the same either way: test/cli/metrics and the mapTickets property compare it with the
 * library over every column.
 */
import { describe, expect, it } from 'vitest';
import { resolveColumns } from '../../src/cli/columns.js';
import { type ReportSettings, specsRead } from '../../src/cli/report.js';

const HEADER = ['id', 'createdAt', 'firstResponseAt', 'resolvedAt', 'status', 'channel', 'topic', 'agent', 'team', 'priority', 'customerId', 'contactCount'];
const SETTINGS: ReportSettings = { timeZone: 'UTC', csatScale: '1-5', percentiles: [90], top: 10, onInvalid: 'exclude' };

const fieldsRead = (settings: ReportSettings, histories = false): string[] =>
  specsRead(resolveColumns(HEADER, { map: [], unit: [] }, true).specs, settings, histories)
    .map((s) => s.field)
    .sort();

describe('specsRead', () => {
  it('leaves out the label and id columns no planned metric reads (here id, team, priority and customerId)', () => {
    // Read: the timestamps and status (durations, resolution rate), channel (volume), topic (topics),
    // agent (resolution consistency), contactCount (first contact resolution by contact count, which
    // counts contacts per ticket: no customer id).
    expect(fieldsRead(SETTINGS)).toEqual(['agent', 'channel', 'contactCount', 'createdAt', 'firstResponseAt', 'resolvedAt', 'status', 'topic']);
  });

  it('reads a column --by splits on, the id column --events joins on, and priority for SLA targets by priority', () => {
    expect(fieldsRead({ ...SETTINGS, by: 'team' })).toContain('team');
    expect(fieldsRead(SETTINGS, true)).toContain('id');
    const sla = { ...SETTINGS, asOf: Date.UTC(2024, 0, 1), sla: { byPriority: { urgent: { firstResponseMs: 3_600_000 } } } };
    expect(fieldsRead(sla as ReportSettings)).toContain('priority');
  });
});
