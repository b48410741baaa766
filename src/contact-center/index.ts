/**
 * Contact-centre metrics and workforce staffing: abandonment, service level, average speed of answer
 * and occupancy (from counts or per-contact records); Erlang B, Erlang C and Erlang A (M/M/n+M)
 * queueing models (whole or fractional agents), the agents a target needs, the lines a grade of
 * service needs, staffing plans over interval forecasts, what a schedule delivers, and shift plans
 * (the cheapest agents per shift covering a plan, solved by HiGHS).
 *
 * @module contact-center
 */
export { KpiInputError } from '../core/errors.js';
export {
  erlangA,
  erlangB,
  erlangC,
  type ErlangAContactsInput,
  type ErlangAInput,
  type ErlangAResult,
  type ErlangATrafficInput,
  type ErlangBInput,
  type ErlangBResult,
  type ErlangCContactsInput,
  type ErlangCInput,
  type ErlangCResult,
  type ErlangCTrafficInput,
  type ErlangContactsInput,
  type ErlangTrafficInput,
} from './erlang.js';
export {
  MAX_INTERVAL_MS,
  MAX_OCCUPANCY_AGENTS,
  requiredAgents,
  staffingPlan,
  type AgentsByConstraint,
  type RequiredAgentsInput,
  type RequiredAgentsOptions,
  type RequiredAgentsResult,
  type StaffingConstraint,
  type StaffingFigures,
  type StaffingInterval,
  type StaffingModel,
  type StaffingPlanInterval,
  type StaffingPlanResult,
  type StaffingTargets,
} from './staffing.js';
export { evaluateStaffing, type StaffingEvaluationInterval, type StaffingEvaluationResult, type StaffingRoster } from './evaluate-staffing.js';
export {
  requiredLines,
  type RequiredLinesContactsInput,
  type RequiredLinesInput,
  type RequiredLinesResult,
  type RequiredLinesTrafficInput,
} from './required-lines.js';
export {
  shiftPlan,
  type HighsModelLike,
  type HighsSolverLike,
  type ShiftBreak,
  type ShiftPlanInput,
  type ShiftPlanInterval,
  type ShiftPlanOptions,
  type ShiftPlanRequiredInput,
  type ShiftPlanRequirementRow,
  type ShiftPlanResult,
  type ShiftPlanShift,
  type ShiftPlanStaffingInput,
  type ShiftPlanStatus,
  type ShiftType,
} from './shifts.js';
export { mapContacts, type MapContactsOptions, type MapContactsResult } from './map-contacts.js';
export {
  CONTACT_FIELDS,
  type Contact,
  type ContactColumns,
  type ContactExcluded,
  type ContactField,
  type ContactFieldKind,
  type ContactOptions,
  type ContactTimestampField,
  type InvalidContact,
} from './contact.js';
export {
  abandonmentRate,
  abandonmentRateAccumulator,
  type AbandonmentRateCounts,
  type AbandonmentRateInput,
  type AbandonmentRateOptions,
  type AbandonmentRateResult,
} from './abandonment-rate.js';
export {
  serviceLevel,
  serviceLevelAccumulator,
  SERVICE_LEVEL_METHODS,
  type ServiceLevelCounts,
  type ServiceLevelInput,
  type ServiceLevelMethod,
  type ServiceLevelOptions,
  type ServiceLevelResult,
} from './service-level.js';
export {
  averageSpeedOfAnswer,
  averageSpeedOfAnswerAccumulator,
  type AverageSpeedOfAnswerInput,
  type AverageSpeedOfAnswerOptions,
  type AverageSpeedOfAnswerResult,
  type AverageSpeedOfAnswerTotals,
} from './average-speed-of-answer.js';
export {
  occupancy,
  type AgentOccupancy,
  type OccupancyAgentInput,
  type OccupancyBand,
  type OccupancyInput,
  type OccupancyOptions,
  type OccupancyResult,
} from './occupancy.js';
// Handle time is one implementation, shared with the support family (per-contact or per-ticket
// `handleTimeMs`, or totals).
export {
  averageHandleTime,
  averageHandleTimeAccumulator,
  type AverageHandleTimeInput,
  type HandledContact,
  type AverageHandleTimeOptions,
  type AverageHandleTimeResult,
} from '../support/average-handle-time.js';
// byPeriod, bySegment and their accumulators, for every record metric (src/grouping).
export * from '../grouping/index.js';
