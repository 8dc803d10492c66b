import { PRIORITIES, type Priority } from '../../../shared/model';

/** Sort rank of a priority for the queue: urgent 0 … low 3 (the order of PRIORITIES). */
export function priorityRank(priority: Priority): number {
  return PRIORITIES.indexOf(priority);
}
