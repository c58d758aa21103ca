/**
 * Where the SQL lives: lines of SQL per folder of src/, the files holding SQL that are not their module's named-query
 * file (`src/<module>/queries.ts`, or a `queries/` folder), and the files whose SQL names another module's tables (or
 * sits in src/http and src/runtime, which own no tables). Used to measure the "each module owns its tables" rule
 * (docs/architecture.md, "Who owns which table").
 *
 *   node --import tsx scripts/sql-census.ts          # the figures
 *   node --import tsx scripts/sql-census.ts --files  # also every file with SQL, its lines and the tables it names
 *
 * A string or template literal counts as SQL when it starts (after white space) with a statement keyword; its lines
 * are its source lines. Tables are the names after FROM / JOIN / INTO / UPDATE / TABLE that the migrations create.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { fileURLToPath } from 'node:url';

/** Which module owns each table (the one whose files may name it in SQL); src/db/migrations creates them all. */
export const TABLE_OWNERS: Record<string, string> = Object.fromEntries(
  Object.entries({
    admin: 'workspaces users memberships api_keys line_accounts line_account_workspaces settings line_issued_tokens sessions',
    security: 'auth_throttle',
    // the engine's own bookkeeping (migrations, advisory locks), not a feature's data
    db: 'schema_migrations',
    audience: 'parent_segments parent_segment_workspaces profiles segments',
    campaigns: 'campaigns campaign_revisions campaign_history test_recipients',
    delivery:
      'delivery_recipients delivery_campaigns delivery_requests dispatcher_leases deliveries delivery_counts delivery_send_minutes delivery_archives',
    tracking:
      'tracked_campaigns campaign_links link_tokens clicks click_minutes link_clickers webhook_events follow_events campaign_blocks campaign_line_stats line_api_budget',
    reporting: 'campaign_report_cache',
    media: 'media',
  }).flatMap(([module, tables]) => tables.split(' ').map((t) => [t, module])),
);

const defaultRoot = path.resolve(import.meta.dirname, '..');
// statements, and the clauses that continue one (`${base} WHERE …`, `${base} ORDER BY …`)
const STATEMENT =
  /^\s*\(?\s*(SELECT|INSERT\s+INTO|UPDATE\s+\w+|DELETE\s+FROM|WITH\s+\w+|CREATE\s|ALTER\s|DROP\s|TRUNCATE\s|LOCK\s|COPY\s|SET\s+LOCAL|EXISTS\s*\(\s*SELECT|NOT\s+EXISTS|WHERE\s|ORDER\s+BY\s|GROUP\s+BY\s|(LEFT\s+)?JOIN\s|AND\s+EXISTS\s*\()/;
const TABLE_REF = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+([a-z_][a-z0-9_]*)/gi;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return /\.(ts|tsx|mts)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** A module's named-query place: src/<module>/queries.ts or a file under src/<module>/queries/. */
export function isQueriesFile(rel: string): boolean {
  return /^src\/[^/]+\/(queries\.ts$|queries\/)/.test(rel.split(path.sep).join('/'));
}

/** The module a file belongs to: the first folder under src/ (src/cli*.ts are "cli"). */
function moduleOf(src: string, file: string): string {
  const rel = path.relative(src, file).split(path.sep);
  return rel.length > 1 ? rel[0]! : 'cli';
}

interface FileSql {
  file: string;
  module: string;
  lines: number;
  tables: Set<string>;
}

function scan(root: string, file: string): FileSql {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: FileSql = { file: path.relative(root, file), module: moduleOf(path.join(root, 'src'), file), lines: 0, tables: new Set() };
  const visit = (node: ts.Node): void => {
    let literal: string | null = null;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literal = node.text;
    // a template that starts with a placeholder (`${prefix}EXISTS (SELECT …`) is judged by its first text
    else if (ts.isTemplateExpression(node))
      literal = (node.head.text + node.templateSpans.map((s) => ' x ' + s.literal.text).join('')).replace(/^(\s*x\s)+/, '');
    if (literal !== null && STATEMENT.test(literal)) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      out.lines += end - start + 1;
      for (const m of literal.matchAll(TABLE_REF)) if (TABLE_OWNERS[m[1]!.toLowerCase()]) out.tables.add(m[1]!.toLowerCase());
      return; // nested templates are part of this statement
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

export interface Census {
  files: FileSql[];
  perModule: Map<string, { lines: number; files: number }>;
  /** Files with SQL in a module that owns no tables (http, runtime, cli) or naming another module's tables. */
  outside: { file: string; module: string; foreign: string[] }[];
  /** Files with SQL text that are not their module's queries file. */
  stray: string[];
  campaignsReaders: string[];
}

/** `root`: a checkout (this one by default). */
export function census(root = defaultRoot): Census {
  const all = files(path.join(root, 'src'))
    .map((f) => scan(root, f))
    .filter((f) => f.lines > 0);
  const perModule = new Map<string, { lines: number; files: number }>();
  for (const f of all) {
    const m = perModule.get(f.module) ?? { lines: 0, files: 0 };
    m.lines += f.lines;
    m.files++;
    perModule.set(f.module, m);
  }
  const owns = new Set(Object.values(TABLE_OWNERS));
  const outside = all
    .map((f) => ({ file: f.file, module: f.module, foreign: [...f.tables].filter((t) => TABLE_OWNERS[t] !== f.module) }))
    .filter((f) => f.foreign.length > 0 || !owns.has(f.module));
  const campaignsReaders = [...new Set(all.filter((f) => f.tables.has('campaigns')).map((f) => f.module))].sort();
  const stray = all.filter((f) => !isQueriesFile(f.file)).map((f) => f.file);
  return { files: all, perModule, outside, stray, campaignsReaders };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const c = census();
  console.log(`SQL: ${c.files.reduce((s, f) => s + f.lines, 0)} lines in ${c.files.length} files across ${c.perModule.size} folders`);
  for (const [m, v] of [...c.perModule].sort((a, b) => b[1].lines - a[1].lines))
    console.log(`  ${m.padEnd(10)} ${String(v.lines).padStart(4)} lines in ${v.files} files`);
  console.log(`files with SQL outside their module's queries file: ${c.stray.length}`);
  for (const f of c.stray) console.log(`  ${f}`);
  console.log(`files with SQL naming another module's tables: ${c.outside.length}`);
  for (const f of c.outside) console.log(`  ${f.file}: ${f.foreign.join(', ') || '(' + f.module + ' owns no tables)'}`);
  console.log(`folders querying the campaigns table: ${c.campaignsReaders.length} (${c.campaignsReaders.join(', ')})`);
  if (process.argv.includes('--files')) for (const f of c.files) console.log(`${f.file}\t${f.lines}\t${[...f.tables].join(',')}`);
}
