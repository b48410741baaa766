/**
 * Contact-centre metrics and workforce staffing: Erlang B, Erlang C and Erlang A (M/M/n+M) queueing
 * models, the agents a target needs, and staffing plans over interval forecasts.
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
