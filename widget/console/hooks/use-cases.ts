import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Case, CaseDetail, CaseListItem, CasePriority, CaseTier } from '../../../shared/cases';
import type { ClientError, ClientResult } from '../../../shared/errors';
import type { CommandName, Connection, DataOf, PayloadOf } from '../connection';
import { DEFAULT_FILTER, LIST_LIMIT, listPayload, matchesFilter, type CaseFilter } from '../state/case-filters';
import { applyCaseToList, applyMessageToDetail, applyMessageToList } from '../state/case-list';

type Request = <E extends CommandName>(event: E, payload: PayloadOf<E>) => Promise<ClientResult<DataOf<E>>>;

export interface EscalateInput {
  tier: Exclude<CaseTier, 'L1'>;
  reason: string;
  department?: string;
}

/** A case the agent opens by hand (`case:open`); blank fields are left out. */
export interface CaseOpenInput {
  text: string;
  subject?: string;
  name?: string;
  email?: string;
  /** The shop's customer id: staff typed it, so the server trusts it (the case joins that customer's others). */
  customerId?: string;
  department?: string;
  priority?: CasePriority;
}

/** What a bulk assignment could not do, by case number. */
export interface AssignFailure {
  number: number | null;
  code: string;
}

export interface CasesState {
  filter: CaseFilter;
  setFilter: (patch: Partial<CaseFilter>) => void;
  /** Server-filtered; the due filter and the order are applied when rendering (they move with the clock). */
  items: CaseListItem[];
  isLoading: boolean;
  reload: () => void;
  selected: ReadonlySet<string>;
  toggleSelected: (caseId: string) => void;
  setSelected: (caseIds: string[]) => void;
  openId: string | null;
  open: (caseId: string | null) => void;
  detail: CaseDetail | null;
  /** Someone else changed the open case (a fact, or a CONFLICT answer): what is shown is out of date. */
  isStale: boolean;
  reloadDetail: () => Promise<void>;
  reply: (text: string, isInternal: boolean) => Promise<boolean>;
  setStatus: (status: 'open' | 'pending' | 'solved') => Promise<boolean>;
  setPriority: (priority: CasePriority) => Promise<boolean>;
  assign: (assigneeId: string | null) => Promise<boolean>;
  escalate: (input: EscalateInput) => Promise<boolean>;
  /** True while case:escalated for this case is the echo of this agent's own escalation, not news. */
  isOwnEscalation: (caseId: string) => boolean;
  /** Merges the open case, as a duplicate, into the case with this number. */
  mergeInto: (primaryNumber: number) => Promise<'ok' | 'not_found' | 'failed'>;
  /** Assigns these cases (the selected ones the list shows); the failed stay selected and the list is read again. */
  assignMany: (caseIds: string[], assigneeId: string | null) => Promise<AssignFailure[] | null>;
  /** Opens a case for a customer who phoned or wrote, and shows it; the new case, or null when refused. */
  openNew: (input: CaseOpenInput) => Promise<Case | null>;
}

interface Options {
  connection: Connection;
  request: Request;
  /** The list loads while the cases view shows; facts keep it current meanwhile. */
  isActive: boolean;
  myId: string | null;
  nameOf: (agentId: string | null) => string | null;
  /** A failed command other than a conflict (which shows in the case as isStale). */
  onError: (error: ClientError) => void;
}

/**
 * The cases view's data: the filtered list kept live by case facts, a selection for bulk assignment, and
 * the open case with its commands. Every change to the open case sends the version the agent saw, so a
 * change someone else made meanwhile comes back as CONFLICT instead of being overwritten.
 */
export function useCases({ connection, request, isActive, myId, nameOf, onError }: Options): CasesState {
  const [filter, setFilterState] = useState<CaseFilter>(DEFAULT_FILTER);
  const [items, setItems] = useState<CaseListItem[]>([]);
  const [isLoading, setLoading] = useState(false);
  const [nonce, setNonce] = useState(0);
  const [selected, setSelectedState] = useState<ReadonlySet<string>>(new Set());
  const [openId, setOpenId] = useState<string | null>(null);
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [isStale, setStale] = useState(false);
  const ref = useRef({ filter, myId, nameOf, detail, openId, onError });
  ref.current = { filter, myId, nameOf, detail, openId, onError };
  /** Own commands in flight: their facts may arrive before their acks and are not someone else's change. */
  const inFlight = useRef(0);
  const ownEscalations = useRef(new Set<string>());

  useEffect(() => {
    if (!isActive) return;
    let isCurrent = true;
    setLoading(true);
    void request('case:list', listPayload(filter)).then((res) => {
      if (!isCurrent) return;
      setLoading(false);
      if (res.ok) setItems(res.data.cases);
      else ref.current.onError(res.error);
    });
    return () => {
      isCurrent = false;
    };
  }, [request, isActive, filter, nonce]);

  const loadDetail = useCallback(
    async (caseId: string): Promise<void> => {
      const res = await request('case:get', { caseId });
      if (ref.current.openId !== caseId) return;
      if (!res.ok) {
        // No longer this agent's to see (moved to another department, or erased): its thread,
        // internal notes included, must not stay on screen.
        if (res.error.code === 'FORBIDDEN' || res.error.code === 'NOT_FOUND') {
          ref.current.openId = null;
          setOpenId(null);
          setDetail(null);
        }
        ref.current.onError(res.error);
        return;
      }
      setDetail(res.data);
      setStale(false);
    },
    [request],
  );

  useEffect(() => {
    const belongs = (c: Case): boolean => matchesFilter(c, { ...ref.current.filter, due: 'any' }, ref.current.myId, Date.now());
    const offs = [
      connection.on('case:updated', (c) => {
        setItems((list) => applyCaseToList(list, c, belongs(c), ref.current.nameOf(c.assigneeId)));
        const shown = ref.current.detail?.case;
        if (shown?.id !== c.id || c.version <= shown.version || inFlight.current > 0) return;
        // A move that may end this agent's access: the server decides, and a refusal drops the case (loadDetail).
        const myId = ref.current.myId;
        if (c.department !== shown.department || (shown.assigneeId === myId && c.assigneeId !== myId)) void loadDetail(c.id);
        else setStale(true);
      }),
      connection.on('case:replied', ({ caseId, message }) => {
        setItems((list) => applyMessageToList(list, caseId, message));
        setDetail((d) => (d !== null && d.case.id === caseId ? applyMessageToDetail(d, message) : d));
      }),
      // After a reconnect facts may have been missed: read the list and the open case again.
      connection.onConnect(() => {
        setNonce((n) => n + 1);
        const id = ref.current.openId;
        if (id !== null) void loadDetail(id);
      }),
    ];
    return () => {
      for (const off of offs) off();
    };
  }, [connection, loadDetail]);

  const open = useCallback(
    (caseId: string | null) => {
      setOpenId(caseId);
      ref.current.openId = caseId;
      setStale(false);
      setDetail((d) => (d?.case.id === caseId ? d : null));
      if (caseId !== null) void loadDetail(caseId);
    },
    [loadDetail],
  );

  /** Runs a command on the open case; on success shows the returned case and reloads its history. */
  const run = async <E extends CommandName>(event: E, payload: PayloadOf<E>, pick: (data: DataOf<E>) => Case): Promise<boolean> => {
    const id = ref.current.openId;
    inFlight.current += 1;
    const res = await request(event, payload);
    inFlight.current -= 1;
    if (!res.ok) {
      if (res.error.code === 'CONFLICT') setStale(true);
      else ref.current.onError(res.error);
      return false;
    }
    const c = pick(res.data);
    setItems((list) => applyCaseToList(list, c, list.some((i) => i.case.id === c.id) || matchesFilter(c, ref.current.filter, ref.current.myId, Date.now()), ref.current.nameOf(c.assigneeId)));
    setDetail((d) => (d !== null && d.case.id === c.id ? { ...d, case: c } : d));
    if (id !== null) await loadDetail(id);
    return true;
  };

  const current = (): Case | null => ref.current.detail?.case ?? null;

  return {
    filter,
    setFilter: (patch) => {
      setFilterState((f) => ({ ...f, ...patch }));
      setSelectedState(new Set());
    },
    items,
    isLoading,
    reload: () => setNonce((n) => n + 1),
    selected,
    toggleSelected: (caseId) =>
      setSelectedState((s) => {
        const next = new Set(s);
        if (!next.delete(caseId)) next.add(caseId);
        return next;
      }),
    setSelected: (caseIds) => setSelectedState(new Set(caseIds)),
    openId,
    open,
    detail,
    isStale,
    reloadDetail: async () => {
      const id = ref.current.openId;
      if (id !== null) await loadDetail(id);
    },
    reply: async (text, isInternal) => {
      const c = current();
      if (c === null) return false;
      inFlight.current += 1;
      const res = await request('case:reply', { caseId: c.id, text, isInternal });
      inFlight.current -= 1;
      if (!res.ok) {
        ref.current.onError(res.error);
        return false;
      }
      const { case: updated, message } = res.data;
      setItems((list) => applyMessageToList(applyCaseToList(list, updated, list.some((i) => i.case.id === updated.id), ref.current.nameOf(updated.assigneeId)), updated.id, message));
      setDetail((d) => (d !== null && d.case.id === updated.id ? applyMessageToDetail({ ...d, case: updated }, message) : d));
      // A first reply opens the case and records it: the history shows that too.
      if (updated.version !== c.version) await loadDetail(updated.id);
      return true;
    },
    setStatus: async (status) => {
      const c = current();
      return c !== null && run('case:set-status', { caseId: c.id, status, version: c.version }, (d) => d.case);
    },
    setPriority: async (priority) => {
      const c = current();
      return c !== null && run('case:set-priority', { caseId: c.id, priority, version: c.version }, (d) => d.case);
    },
    assign: async (assigneeId) => {
      const c = current();
      return c !== null && run('case:assign', { caseId: c.id, assigneeId, version: c.version }, (d) => d.case);
    },
    escalate: async (input) => {
      const c = current();
      if (c === null) return false;
      ownEscalations.current.add(c.id);
      const ok = await run('case:escalate', { caseId: c.id, ...input, version: c.version }, (d) => d.case);
      // The fact may arrive just before or after the ack; forget the id once it surely has.
      setTimeout(() => ownEscalations.current.delete(c.id), ok ? 5000 : 0);
      return ok;
    },
    isOwnEscalation: (caseId) => ownEscalations.current.has(caseId),
    mergeInto: async (primaryNumber) => {
      const c = current();
      if (c === null) return 'failed';
      let primary = items.find((i) => i.case.number === primaryNumber)?.case;
      if (primary === undefined) {
        // Not in the filtered list: look among every case this agent may see.
        const res = await request('case:list', { limit: LIST_LIMIT });
        if (res.ok) primary = res.data.cases.find((i) => i.case.number === primaryNumber)?.case;
      }
      if (primary === undefined || primary.id === c.id) return 'not_found';
      const ok = await run('case:merge', { duplicateId: c.id, primaryId: primary.id }, (d) => d.duplicate);
      return ok ? 'ok' : 'failed';
    },
    openNew: async (input) => {
      const res = await request('case:open', input);
      if (!res.ok) {
        ref.current.onError(res.error);
        return null;
      }
      const c = res.data.case;
      const f = ref.current;
      setItems((list) => applyCaseToList(list, c, matchesFilter(c, { ...f.filter, due: 'any' }, f.myId, Date.now()), null));
      open(c.id);
      return c;
    },
    assignMany: async (caseIds, assigneeId) => {
      if (caseIds.length === 0) return [];
      const res = await request('case:assign-many', { caseIds, assigneeId });
      if (!res.ok) {
        ref.current.onError(res.error);
        return null;
      }
      const f = ref.current;
      let next = items;
      for (const c of res.data.cases) next = applyCaseToList(next, c, matchesFilter(c, { ...f.filter, due: 'any' }, f.myId, Date.now()), f.nameOf(c.assigneeId));
      setItems(next);
      const failedIds = new Set(res.data.failed.map((x) => x.caseId));
      // What failed stays selected, so the agent can look at it and try again.
      setSelectedState(failedIds);
      const numberOf = (id: string): number | null => items.find((i) => i.case.id === id)?.case.number ?? null;
      if (ref.current.openId !== null && res.data.cases.some((c) => c.id === ref.current.openId)) void loadDetail(ref.current.openId);
      // A failure means this list was out of date (closed, changed, moved away): show what is true now.
      if (res.data.failed.length > 0) setNonce((n) => n + 1);
      return res.data.failed.map((x) => ({ number: numberOf(x.caseId), code: x.code }));
    },
  };
}
