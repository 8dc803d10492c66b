/**
 * Staffing rules: which departments exist, whether one is open (business hours) and whether a person can
 * help now. Routing, the queue views and the bot's handoff wording all ask here.
 */
import type { HandoffReason } from '../../shared/model';
import type { DepartmentConfig } from '../config';
import { isOpen } from '../domain/business-hours';
import type { Presence } from './presence';

export interface Staffing {
  departments(): DepartmentConfig[];
  /** The department if configured, else 'general'. */
  known(department: string | null | undefined): string;
  /** Within business hours (a department without hours is always open). */
  isOpen(department: string): boolean;
  isManual(department: string): boolean;
  /** Open now and staffed by at least one available agent: can a person help? */
  canServe(department: string): boolean;
}

export function createStaffing(deps: { departments: DepartmentConfig[]; presence: Presence; now: () => number }): Staffing {
  const byName = new Map(deps.departments.map((d) => [d.name, d]));
  const staffing: Staffing = {
    departments: () => deps.departments,
    known: (department) => (department && byName.has(department) ? department : 'general'),
    isOpen(department) {
      const hours = byName.get(department)?.hours;
      return !hours || isOpen(hours, deps.now());
    },
    isManual: (department) => byName.get(department)?.mode === 'manual',
    canServe: (department) => staffing.isOpen(staffing.known(department)) && deps.presence.availableAgentIds().length > 0,
  };
  return staffing;
}

/**
 * Does the bot's handoff reply say "nobody is here" instead of its own text? "Connecting you with our team"
 * is untrue when nobody can come, so a plain request then gets the offline phrase; intent answers (complaint,
 * damaged item) still say what they ask for, and the offline notice follows them.
 */
export function announcesOffline(reason: HandoffReason | null, canServe: boolean): boolean {
  return !canServe && reason === 'request';
}
