/**
 * kpi-kit: typed, pure, exact functions for the KPIs of customer service, contact centres and
 * customer growth. Every family is also offered as a subpath (`kpi-kit/survey`, ...).
 *
 * @packageDocumentation
 */
export * from './core/index.js';
export * from './survey/index.js';
export * from './contact-center/index.js';
export * from './finance/index.js';
export * from './growth/index.js';
export * from './support/index.js';
export * from './time/index.js';
export * from './report/index.js';
