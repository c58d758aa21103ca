/** The narrow database surface the rest of Linecast uses: one SQL dialect (PostgreSQL 15) on two engines. */
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

/** Engine handle behind a Queryable (a PGlite transaction or a pg client), for COPY inside a transaction. */
export const RAW = Symbol('raw');
export function rawOf<T>(q: Queryable): T | undefined {
  return (q as { [RAW]?: T })[RAW];
}

export interface Queryable {
  [RAW]?: unknown;
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

export type Engine = 'pglite' | 'postgres';

export interface Db extends Queryable {
  readonly engine: Engine;
  /** Runs fn inside one transaction; rolls back when it throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** Runs several statements separated by semicolons, without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Bulk-loads rows with COPY: PGlite through its /dev/blob device, PostgreSQL through COPY FROM STDIN.
   * Values are written in COPY text format; null becomes \N.
   */
  copyRows(table: string, columns: readonly string[], rows: Iterable<readonly unknown[]>, q?: Queryable): Promise<number>;
  close(): Promise<void>;
}

/** Escapes one value for PostgreSQL's COPY text format. */
export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

export function copyText(rows: Iterable<readonly unknown[]>): { text: string; count: number } {
  const lines: string[] = [];
  for (const r of rows) lines.push(r.map(copyValue).join('\t'));
  return { text: lines.length ? lines.join('\n') + '\n' : '', count: lines.length };
}
