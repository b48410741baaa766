/**
 * The confidence option and Wilson interval of the ticket rates (in core, shared with the contact-centre rates).
 *
 * @module
 */
export { type ConfidenceSettings, readConfidence, shareInterval } from '../core/confidence.js';
