import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type IssueCollector } from '../../src/core/validate.js';
import { type KindMetricSpec, type KindSettings, KIND_OPTIONS, kindAccumulatorFactory, runKindMetric } from '../../src/records/engine.js';
import { RecordGuard, defineRecordKind } from '../../src/records/kind.js';
import { recordSchema } from '../../src/records/schema.js';
import { TimestampReader } from '../../src/time/timestamp.js';
import { CONTACT_KIND, ContactGuard } from '../../src/contact-center/contact.js';
import { TICKET_KIND } from '../../src/support/ticket.js';
import { TicketGuard } from '../../src/support/record-metric.js';
import { firstResponseTime } from '../../src/support/index.js';
import { thrown } from '../helpers.js';

/**
 * A third record kind, declared here and nowhere else: a chat. Everything below (guard, checker,
 * schema, records descriptor, a metric with its accumulator) comes from this declaration.
 */
const CHAT = defineRecordKind({
  record: 'chat',
  collection: 'chats',
  fields: {
    id: 'id',
    startedAt: 'timestamp',
    firstReplyAt: 'timestamp',
    firstReplyMs: 'duration',
    endedAt: 'timestamp',
    agent: 'label',
    messages: 'count',
    botResolved: 'boolean',
    transferredTo: 'label',
  },
  required: ['startedAt'],
  order: [
    ['endedAt', 'startedAt'],
    ['endedAt', 'firstReplyAt'],
  ],
  spans: [{ duration: 'firstReplyMs', from: 'startedAt', to: 'firstReplyAt' }],
  exclusive: [['botResolved', 'transferredTo', 'a chat the bot resolved is not transferred']],
});
type ChatTime = (typeof CHAT.timestamps)[number];

const T0 = Date.UTC(2024, 0, 1);
const reader = new TimestampReader('UTC');
const ALL = [...CHAT.names];

/** Values of every shape: valid ones of each kind, and near misses. */
const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.integer({ min: T0 - 10_000, max: T0 + 10_000 }),
  fc.double({ noNaN: false }),
  fc.constantFrom('2024-01-01T00:00:00Z', '2024-01-01 00:00:05', '2024-02-30', 'soon', '', 'ana'),
  fc.boolean(),
  fc.constantFrom(new Date(T0), new Date(NaN)),
  fc.constantFrom(0, 1, 2, -1, 1.5, 5_000, 10_000, Infinity),
);
const recordArb = fc.dictionary(fc.constantFrom(...ALL, 'extra'), anyValue, { maxKeys: 8 });
/** Mostly valid chats, so that both sides of every rule are exercised. */
const chatArb = fc
  .record({
    start: fc.integer({ min: T0, max: T0 + 86_400_000 }),
    reply: fc.option(fc.integer({ min: -2, max: 60_000 }), { nil: undefined }),
    replyMs: fc.constantFrom('none', 'same', 'off by one', 'other'),
    end: fc.option(fc.integer({ min: -5, max: 120_000 }), { nil: undefined }),
    bot: fc.option(fc.boolean(), { nil: undefined, freq: 2 }),
    to: fc.option(fc.constantFrom('tier2', 'sales'), { nil: undefined, freq: 2 }),
    messages: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
    iso: fc.boolean(),
  })
  .map((c) => {
    const at = (ms: number): string | number => (c.iso ? new Date(ms).toISOString() : ms);
    return {
      startedAt: at(c.start),
      ...(c.reply === undefined ? {} : { firstReplyAt: at(c.start + c.reply) }),
      ...(c.replyMs === 'none' ? {} : { firstReplyMs: c.replyMs === 'other' ? 30_000 : Math.max(0, (c.reply ?? 7) + (c.replyMs === 'same' ? 0 : 1)) }),
      ...(c.end === undefined ? {} : { endedAt: at(c.start + c.end) }),
      ...(c.bot === undefined ? {} : { botResolved: c.bot }),
      ...(c.to === undefined ? {} : { transferredTo: c.to }),
      ...(c.messages === undefined ? {} : { messages: c.messages }),
    };
  });
const nearValid = fc.tuple(chatArb, fc.dictionary(fc.constantFrom(...ALL), anyValue, { maxKeys: 2 })).map(([c, changes]) => ({ ...c, ...changes }));

describe('a declared kind: guard, checker and zod schema agree', () => {
  const lists: [readonly (typeof ALL)[number][], readonly (typeof ALL)[number][]][] = [
    [ALL, ['startedAt']],
    [['startedAt', 'firstReplyAt', 'firstReplyMs'], ['startedAt']],
    [['firstReplyMs', 'endedAt', 'agent', 'messages'], ['agent']],
    [['botResolved', 'transferredTo', 'endedAt', 'firstReplyAt'], []],
  ];
  const compiled = lists.map(([fields, required]) => new RecordGuard<ChatTime>(CHAT, fields, required, reader));
  const interpreted = lists.map(([fields, required]) => new RecordGuard<ChatTime>(CHAT, fields, required, reader, 'interpreted'));
  const schemas = lists.map(([fields, required]) => recordSchema(CHAT, fields, required));

  it('on arbitrary records, for the whole kind and for field subsets; compiled and interpreted guards give the same instants', () => {
    let valid = 0;
    let invalid = 0;
    fc.assert(
      fc.property(fc.oneof(recordArb, anyValue, chatArb, chatArb, nearValid), (record) => {
        lists.forEach(([fields, required], k) => {
          const ok = CHAT.issues(record, reader, ['chats', 0], fields, required).length === 0;
          const label = `${JSON.stringify(record)} over ${fields.join(',')}`;
          expect(compiled[k]!.check(record), label).toBe(ok);
          expect(interpreted[k]!.check(record), label).toBe(ok);
          expect(schemas[k]!.safeParse(record).success, label).toBe(ok);
          if (ok) expect(compiled[k]!.times).toEqual(interpreted[k]!.times);
          if (k === 0) {
            if (ok) valid++;
            else invalid++;
          }
        });
      }),
      { numRuns: 3000 },
    );
    expect(Math.min(valid, invalid)).toBeGreaterThan(250);
  });

  it('tickets and contacts: the interpreted guard (no compiling allowed) agrees with the compiled one', () => {
    const tickets = [
      new TicketGuard(TICKET_KIND.names, ['createdAt'], reader),
      new TicketGuard(['createdAt', 'firstResponseAt', 'resolutionMs', 'status'], ['createdAt'], reader),
    ];
    const ticketsInterpreted = [
      new TicketGuard(TICKET_KIND.names, ['createdAt'], reader, 'interpreted'),
      new TicketGuard(['createdAt', 'firstResponseAt', 'resolutionMs', 'status'], ['createdAt'], reader, 'interpreted'),
    ];
    const contact = new ContactGuard(reader);
    const contactInterpreted = new ContactGuard(reader, 'interpreted');
    const keys = [...new Set([...TICKET_KIND.names, ...CONTACT_KIND.names])];
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys), anyValue, { maxKeys: 6 }), (record) => {
        tickets.forEach((g, k) => {
          expect(ticketsInterpreted[k]!.check(record)).toBe(g.check(record));
          if (g.check(record)) expect(ticketsInterpreted[k]!.times).toEqual(g.times);
        });
        expect(contactInterpreted.check(record)).toBe(contact.check(record));
        if (contact.check(record)) expect(contactInterpreted.times).toEqual(contact.times);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('a declared kind: examples', () => {
  const guard = new RecordGuard<ChatTime>(CHAT, CHAT.names, CHAT.required, reader);
  const issues = (record: unknown): string[] => CHAT.issues(record, reader, ['chats', 3]).map((i) => [i.code, ...i.path].join(' '));

  it('valid chats, with their instants (a duration stands for the missing reply instant)', () => {
    expect(guard.check({ startedAt: T0 })).toBe(true);
    expect(guard.times).toEqual({ startedAt: T0, firstReplyAt: NaN, endedAt: NaN });
    expect(guard.check({ startedAt: '2024-01-01T00:00:00Z', firstReplyMs: 5000, endedAt: T0 + 4000, extra: 'kept' })).toBe(true);
    expect(guard.times).toEqual({ startedAt: T0, firstReplyAt: T0 + 5000, endedAt: T0 + 4000 });
    expect(guard.check({ startedAt: T0, firstReplyAt: T0 + 5000, firstReplyMs: 5001, agent: null, botResolved: true, transferredTo: undefined })).toBe(true);
    expect(CHAT.issues({ startedAt: T0, firstReplyAt: T0 + 5000, firstReplyMs: 5001 }, reader, [])).toEqual([]);
    expect(recordSchema(CHAT).safeParse({ startedAt: T0, messages: 3 }).success).toBe(true);
  });

  it('invalid chats, each problem with its code and path', () => {
    expect(issues({})).toEqual(['missing chats 3 startedAt']);
    expect(issues('chat')).toEqual(['invalid_type chats 3']);
    expect(CHAT.issues('chat', reader, ['chats', 3])[0]!.expected).toBe('a chat object');
    expect(issues({ startedAt: T0, endedAt: T0 - 1 })).toEqual(['inconsistent chats 3 endedAt']);
    expect(issues({ startedAt: T0, firstReplyAt: T0 + 10, endedAt: T0 + 5 })).toEqual(['inconsistent chats 3 endedAt']);
    // The span rule also orders its timestamps: a reply before the start.
    expect(issues({ startedAt: T0, firstReplyAt: T0 - 1 })).toEqual(['inconsistent chats 3 firstReplyAt']);
    expect(issues({ startedAt: T0, firstReplyAt: T0 + 4000, firstReplyMs: 5000 })).toEqual(['inconsistent chats 3 firstReplyMs']);
    expect(issues({ startedAt: T0, botResolved: true, transferredTo: 'tier2' })).toEqual(['inconsistent chats 3 transferredTo']);
    expect(issues({ startedAt: 'soon', agent: 5, messages: 1.5, firstReplyMs: -1, botResolved: 'yes' })).toEqual([
      'invalid_value chats 3 startedAt',
      'out_of_range chats 3 firstReplyMs',
      'invalid_type chats 3 agent',
      'not_integer chats 3 messages',
      'invalid_type chats 3 botResolved',
    ]);
    const [span] = CHAT.issues({ startedAt: T0, firstReplyAt: T0 + 4000, firstReplyMs: 5000 }, reader, ['chats', 3]);
    expect(span!.detail).toBe('chats[3].firstReplyMs (5000) disagrees with firstReplyAt − startedAt (4000 ms)');
    const [both] = CHAT.issues({ startedAt: T0, botResolved: false, transferredTo: 'tier2' }, reader, ['chats', 3]);
    expect(both!.detail).toBe('chats[3] has both botResolved and transferredTo: a chat the bot resolved is not transferred');
    for (const bad of [
      {},
      { startedAt: T0, endedAt: T0 - 1 },
      { startedAt: T0, firstReplyAt: T0 + 4000, firstReplyMs: 5000 },
      { startedAt: T0, botResolved: true, transferredTo: 'x' },
    ]) {
      expect(guard.check(bad)).toBe(false);
      expect(recordSchema(CHAT).safeParse(bad).success).toBe(false);
    }
  });

  it('hostile values: a null-prototype record, a symbol, an object without a prototype, a Date that cannot be printed — issues, never a TypeError', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, {
      startedAt: T0,
      agent: Symbol('agent'),
      id: Object.create(null) as unknown,
      firstReplyAt: Symbol.iterator,
    });
    expect(issues(bare)).toEqual(['invalid_type chats 3 id', 'invalid_type chats 3 firstReplyAt', 'invalid_type chats 3 agent']);
    expect(guard.check(bare)).toBe(false);
    // A Date whose String() throws (its primitive is a symbol): a valid instant, shown by describeValue in the order message.
    const unprintable = Object.defineProperty(new Date(T0 - 1000), Symbol.toPrimitive, { value: () => Symbol('x') });
    expect(() => String(unprintable)).toThrow(TypeError);
    const order = CHAT.issues(Object.assign(Object.create(null) as object, { startedAt: T0, endedAt: unprintable }), reader, ['chats', 3]);
    expect(order.map((i) => [i.code, ...i.path].join(' '))).toEqual(['inconsistent chats 3 endedAt']);
    expect(order[0]!.detail).toBe('chats[3].endedAt (2023-12-31T23:59:59.000Z) is before chats[3].startedAt (1704067200000)');
    // Through a public metric: a KpiInputError whose message shows the Date.
    const e = thrown(() => firstResponseTime({ tickets: [Object.assign(Object.create(null) as object, { createdAt: T0, firstResponseAt: unprintable })] }));
    expect([e.code, e.path]).toEqual(['inconsistent', ['tickets', 0, 'firstResponseAt']]);
    expect(e.message).toContain('(2023-12-31T23:59:59.000Z) is before');
  });

  it('the records descriptor that byPeriod and bySegment read', () => {
    expect(CHAT.records).toEqual({ record: 'chat', collection: 'chats', timestampFields: ['startedAt', 'firstReplyAt', 'endedAt'], required: 'startedAt' });
  });
});

describe('a declared kind: a metric from the shared engine, with nothing but the declaration', () => {
  interface State {
    replied: number;
    total: number;
  }
  const repliedShare: KindMetricSpec<
    ChatTime,
    KindSettings,
    KindSettings,
    State,
    { value: number | null; replied: number; total: number; excluded: Record<string, unknown> }
  > = {
    metric: 'repliedShare',
    optionKeys: [],
    settings: (_fn, _o, base) => base,
    init: () => ({ replied: 0, total: 0 }),
    add(state, _chat, times) {
      state.total++;
      if (times.firstReplyAt === times.firstReplyAt) state.replied++;
    },
    merge(into, from) {
      into.replied += from.replied;
      into.total += from.total;
    },
    result: (s) => ({ value: s.total === 0 ? null : s.replied / s.total, replied: s.replied, total: s.total, excluded: {} }),
    toJSON: (s) => ({ replied: s.replied, total: s.total }),
    restore: (json: unknown, _s: KindSettings, _issues: IssueCollector) => json as State,
    options: () => ({}),
    counted: (s) => s.total,
  };
  const chats = [{ startedAt: T0, firstReplyMs: 2000 }, { startedAt: T0, endedAt: T0 - 1 }, { startedAt: T0 }, { startedAt: T0, firstReplyAt: T0 + 1 }];

  it('runs over { chats }, lists invalid chats by path and index, and merges', () => {
    const e = thrown(() => runKindMetric(CHAT, repliedShare, KIND_OPTIONS, chats, {}));
    expect([e.code, e.path]).toEqual(['inconsistent', ['chats', 1, 'endedAt']]);
    const r = runKindMetric(CHAT, repliedShare, KIND_OPTIONS, chats, { onInvalid: 'exclude' });
    expect([r.value, r.replied, r.total]).toEqual([2 / 3, 2, 3]);
    expect(r.excluded).toMatchObject({ invalid: 1, invalidIndices: [1], invalidChats: [{ index: 1 }] });
    const factory = kindAccumulatorFactory(CHAT, repliedShare, KIND_OPTIONS);
    expect(factory.records).toBe(CHAT.records);
    const a = factory.create({ onInvalid: 'exclude' }).addAll(chats.slice(0, 2));
    const b = factory.create({ onInvalid: 'exclude' }).addAll(chats.slice(2), 2);
    expect(a.merge(b).result()).toEqual(r);
  });
});
