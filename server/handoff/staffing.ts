/**
 * Staffing rules: which departments exist, whether one is open (business hours) and whether a person can
 * help now. Routing, the queue views and the bot's handoff wording all ask here.
 */
import type { Agent, HandoffReason, Locale } from '../../shared/model';
import type { DepartmentConfig } from '../config';
import { isOpen } from '../domain/business-hours';
import type { Store } from '../store/store';
import type { Presence } from './presence';

export interface Staffing {
  departments(): DepartmentConfig[];
  /** The department if configured, else 'general'. */
  known(department: string | null | undefined): string;
  /** Within business hours (a department without hours is always open). */
  isOpen(department: string): boolean;
  isManual(department: string): boolean;
  /** The department's display name in `locale` (its id when it has none). */
  label(department: string, locale: Locale): string;
  /**
   * Available agents who may take `department`, as routing picks them: online, with the department (or `*`)
   * and a chat limit above zero. Agents busy up to their limit still count: they free slots as chats close.
   */
  servingAgents(department: string): Promise<Agent[]>;
  /** Open now and staffed by at least one agent who may take the department: can a person help? */
  canServe(department: string): Promise<boolean>;
  /**
   * Why a person can or cannot help now: `serving`, `unstaffed` (inside hours, nobody who may take it signed in)
   * or `closed` (outside hours). The bot's words differ: only `closed` has hours to tell.
   */
  availability(department: string): Promise<Availability>;
}

export type Availability = 'serving' | 'unstaffed' | 'closed';

export function createStaffing(deps: { departments: DepartmentConfig[]; presence: Presence; store: Store; now: () => number }): Staffing {
  const byName = new Map(deps.departments.map((d) => [d.name, d]));
  const staffing: Staffing = {
    departments: () => deps.departments,
    known: (department) => (department && byName.has(department) ? department : 'general'),
    isOpen(department) {
      const hours = byName.get(department)?.hours;
      return !hours || isOpen(hours, deps.now());
    },
    isManual: (department) => byName.get(department)?.mode === 'manual',
    label: (department, locale) => byName.get(department)?.labels[locale] ?? department,
    async servingAgents(department) {
      const name = staffing.known(department);
      const agents = await deps.store.agents.getMany(deps.presence.availableAgentIds());
      return agents.filter(
        (a) => a.maxChats > 0 && (a.departments.includes(name) || a.departments.includes('*')),
      );
    },
    async canServe(department) {
      return (await staffing.availability(department)) === 'serving';
    },
    async availability(department) {
      const name = staffing.known(department);
      if (!staffing.isOpen(name)) return 'closed';
      return (await staffing.servingAgents(name)).length > 0 ? 'serving' : 'unstaffed';
    },
  };
  return staffing;
}

/**
 * Does the bot's handoff reply say "nobody is here" instead of its own text? "Connecting you with our team"
 * is untrue when nobody can come, so a plain request then gets the offline (or unavailable) phrase; intent
 * answers (complaint, damaged item) still say what they ask for, and the notice follows them.
 */
export function announcesOffline(reason: HandoffReason | null, canServe: boolean): boolean {
  return !canServe && reason === 'request';
}

/** The bot's phrase for a handoff nobody can take now: the hours when closed, "no one is available" otherwise. */
export function absencePhrase(availability: Availability): 'offline' | 'unavailable' {
  return availability === 'closed' ? 'offline' : 'unavailable';
}
