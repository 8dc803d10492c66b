/**
 * Handoff: routing (queue, assign, drain, requeue), transfers and hand-backs, queue views and staffing,
 * behind one interface for the services and the realtime edge. Each part lives in its own file.
 */
import type { Logger } from 'pino';
import type { DepartmentConfig } from '../config';
import type { Bus } from '../domain/bus';
import type { PostMessage } from '../domain/post-message';
import type { Store } from '../store/store';
import type { Presence } from './presence';
import { createQueueStatus, type QueueStatus } from './queue-status';
import { createRouting, type Routing } from './routing';
import { createStaffing, type Availability } from './staffing';
import { createTransfers, type Transfers } from './transfer';

export type { HandoffInfo } from './summarise-handoff';

export interface HandoffService extends Routing, Transfers, QueueStatus {
  departments(): DepartmentConfig[];
  /** Open now (business hours) and staffed by at least one available agent who may take it: can a person help? */
  canServe(department: string): Promise<boolean>;
  /** serving, unstaffed (inside hours, nobody signed in who may take it) or closed (outside hours). */
  availability(department: string): Promise<Availability>;
}

export function createHandoffService(deps: {
  store: Store;
  bus: Bus;
  presence: Presence;
  post: PostMessage;
  departments: DepartmentConfig[];
  now: () => number;
  logger: Logger;
}): HandoffService {
  const staffing = createStaffing(deps);
  const queueStatus = createQueueStatus({ ...deps, staffing });
  const routing = createRouting({ ...deps, staffing, queueStatus });
  const transfers = createTransfers({ ...deps, staffing });
  return {
    ...routing,
    ...transfers,
    ...queueStatus,
    departments: staffing.departments,
    canServe: staffing.canServe,
    availability: staffing.availability,
  };
}
