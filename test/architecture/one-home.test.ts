/**
 * One home per rule (issue 13): each rule below is written once, in the file named, and everything else (server,
 * emulator, importer, UI) imports it. A copy anywhere else in src/ or web/src fails here, so a new
 * copy of the same rule is caught, not only the ones that were removed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = process.env.LINECAST_ONE_HOME_ROOT ?? path.resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(path.join(root, dir), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return /\.(ts|tsx|mts)$/.test(e.name) ? [rel] : [];
  });
}

interface Rule {
  name: string;
  home: string;
  /** What a copy of the rule looks like in source text. */
  copy: RegExp;
}

export const RULES: Rule[] = [
  { name: 'LINE user-ID format', home: 'src/domain/line-ids.ts', copy: /\{32\}/ },
  { name: 'campaign states', home: 'src/domain/campaign-state.ts', copy: /['"]Draft['"]\s*,\s*['"]Planned['"]/ },
  { name: 'resumable reasons', home: 'src/domain/campaign-state.ts', copy: /\[[^\]]*['"]quota_exhausted['"][^\]]*\]/ },
  {
    name: 'activation defaults',
    home: 'src/domain/activation.ts',
    copy: /\b(maxAttempts|backoffBaseMs|backoffCapMs)\s*:\s*\d|\.default\((6|1_?000|300_?000)\)/,
  },
  { name: 'backoff cap rule', home: 'src/domain/activation.ts', copy: /backoffBaseMs\s*>\s*[\w.]*backoffCapMs/ },
  {
    name: 'campaign tabs',
    home: 'src/domain/campaign-validation.ts',
    copy: /['"]audience['"]\s*\|?,?\s*['"]content['"]\s*\|?,?\s*['"]schedule['"]/,
  },
  { name: 'RevisionContent', home: 'src/schemas/revision.ts', copy: /\b(interface|type)\s+RevisionContent\b|\bRevisionContent\s*=\s*z\./ },
  { name: 'Progress shape', home: 'src/schemas/progress.ts', copy: /\b(interface|type)\s+Progress\b|\bProgress\s*=\s*z\./ },
  {
    name: 'segment compilation',
    home: 'src/audience/compile.ts',
    copy: /\b(function|const|let)\s+(compile\w*Segment\w*|segmentCondition)\b|\bas\s+compile\w*Segment\w*\b/,
  },
];

for (const rule of RULES)
  test(`${rule.name} has one home: ${rule.home}`, () => {
    const files = [...sources('src'), ...sources('web/src')];
    const homes = files.filter((f) => rule.copy.test(readFileSync(path.join(root, f), 'utf8')));
    assert.deepEqual(homes, [rule.home], `${rule.name} is written in ${homes.join(', ')}; import it from ${rule.home}`);
  });
