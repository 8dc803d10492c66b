/**
 * Group commit: writes share one transaction, and each write's promise resolves only after its COMMIT.
 * When the loop is quiet a group commits as soon as the promise continuations that made it have run
 * (no I/O between, so a request's chain of writes waits no extra loop turns); once a turn has already
 * committed BUSY_COMMITS_PER_TURN groups, the rest of that turn's writes share one commit at its end
 * (setImmediate): under load one commit covers every message the turn handled.
 *
 * Why: under load one shopper message used to cost five or six separate commits (visitor, conversation,
 * append, the bot's conversation update, its append, analytics), each rewriting the same hot pages
 * (the conversations row, its updated_at indexes, the analytics tail) into the WAL. One commit per turn
 * writes each hot page once for all messages handled in that turn.
 *
 * Guarantees kept: a resolved write is committed (with synchronous=NORMAL in WAL mode a committed
 * transaction survives the process being killed; only an OS crash or power loss can lose the last ones),
 * so nothing is acked or announced on the bus before it is durable, and another process sharing the file
 * never sees less than what this one has announced. Each write runs in its own SAVEPOINT (a one-statement
 * write needs none: SQLite backs out a failed statement itself): a failing write rolls back alone and rejects alone; if SQLite aborts the whole transaction, or COMMIT fails,
 * every write of the group rejects.
 */
import type Database from 'better-sqlite3';

export interface GroupCommit {
  /** Runs `fn` (synchronous statements) in this turn's transaction; resolves with its result once committed. */
  write<T>(fn: () => T): Promise<T>;
  /**
   * The same for an `fn` that writes with exactly one statement (reads besides it are fine), without a savepoint
   * of its own: SQLite backs out a
   * failed statement by itself and keeps the transaction (a constraint error aborts only that statement), so
   * the SAVEPOINT/RELEASE pair around it was two statements for nothing on every such write.
   */
  writeStatement<T>(fn: () => T): Promise<T>;
  /** Commits the open group now, if any (before close, or before another connection of this process writes). */
  flush(): void;
}

interface Pending {
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Open groups of this process. Two connections to one file in the same process (tests, tools) would
 * deadlock if the second waited on the first's write lock while the first waits for this thread to reach
 * its setImmediate: a connection starting a group commits the others' first.
 */
const openGroups = new Set<GroupCommit>();

/** Groups a turn may commit early before the rest of its writes wait for the end of the turn. */
const BUSY_COMMITS_PER_TURN = 8;

export function groupCommit(db: Database.Database): GroupCommit {
  let pending: Pending[] = [];
  let isOpen = false;
  let commitsThisTurn = 0;
  let isTurnWatched = false;
  // Called inside the open transaction, better-sqlite3 runs this as a SAVEPOINT.
  const inSavepoint = db.transaction((fn: () => unknown): unknown => fn());

  const settle = (err: unknown | null) => {
    const settled = pending;
    pending = [];
    isOpen = false;
    openGroups.delete(group);
    for (const p of settled) {
      if (err === null) p.resolve();
      else p.reject(err);
    }
  };

  const commit = () => {
    if (!isOpen) return;
    commitsThisTurn++;
    if (!isTurnWatched) {
      isTurnWatched = true;
      setImmediate(() => {
        commitsThisTurn = 0;
        isTurnWatched = false;
      });
    }
    try {
      db.exec('COMMIT');
      settle(null);
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      settle(err);
    }
  };

  const begin = () => {
    for (const other of openGroups) other.flush();
    db.exec('BEGIN IMMEDIATE');
    isOpen = true;
    openGroups.add(group);
    if (commitsThisTurn < BUSY_COMMITS_PER_TURN) {
      // After the microtasks queued so far: this runs as a microtask, and the tick it queues runs once the
      // microtask queue is empty, i.e. when the continuations of this group's writes have all run.
      queueMicrotask(() => process.nextTick(commit));
    } else {
      setImmediate(commit);
    }
  };

  const run = <T>(fn: () => T, isSavepointed: boolean): Promise<T> => {
    // A closed database throws at once, as the unbatched statements did.
    if (!isOpen) begin();
    let result: T;
    try {
      result = (isSavepointed ? inSavepoint(fn) : fn()) as T;
    } catch (err) {
      // Some errors (I/O, disk full) make SQLite roll back the whole transaction: the group is lost.
      if (!db.inTransaction) settle(err);
      return Promise.reject(err);
    }
    return new Promise<T>((resolve, reject) => pending.push({ resolve: () => resolve(result), reject }));
  };

  const group: GroupCommit = {
    write: (fn) => run(fn, true),
    writeStatement: (fn) => run(fn, false),
    flush: commit,
  };
  return group;
}
