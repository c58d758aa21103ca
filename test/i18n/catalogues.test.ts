/**
 * The UI's catalogues against each other and against the code: every key the UI uses exists in every language,
 * no key is left unused, plural forms follow each language's rules, placeholders and markup match English, no
 * translation is a leftover English copy, and every issue code the server can emit is translated.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { ISSUE_CODES, ISSUE_TEXT, placeholders } from '../../src/domain/issues.ts';
import { LOCALES, IMPORT_ENCODINGS } from '../../src/domain/locales.ts';
import { CampaignState, Tab } from '../../src/schemas/campaign.ts';
import { Role } from '../../src/schemas/common.ts';
import { ConditionOperator, EngagementCondition } from '../../src/schemas/segment.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const webSrc = path.join(repo, 'web/src');
type Tree = { [k: string]: string | Tree };
const load = (l: string): Tree => JSON.parse(fs.readFileSync(path.join(webSrc, 'i18n/locales', `${l}.json`), 'utf8')) as Tree;
const catalogues = Object.fromEntries(LOCALES.map((l) => [l, load(l)])) as Record<string, Tree>;

function flatten(t: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(t)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
const base = (key: string) => key.replace(PLURAL, '');
/** Keys without the issues section (checked against ISSUE_CODES), plural forms folded onto their base key. */
function keysOf(l: string): { flat: Map<string, string>; bases: Map<string, Set<string>> } {
  const flat = flatten(catalogues[l]!);
  for (const k of [...flat.keys()]) if (k.startsWith('issues.')) flat.delete(k);
  const bases = new Map<string, Set<string>>();
  for (const k of flat.keys()) {
    const b = base(k);
    if (!bases.has(b)) bases.set(b, new Set());
    const m = PLURAL.exec(k);
    if (m) bases.get(b)!.add(m[1]!);
  }
  return { flat, bases };
}

/** Every `t('key')`, `i18n.t('key')`, `<Trans i18nKey="key">` in web/src; template keys (`states.${s}`) as prefixes. */
function usedKeys(): { keys: Map<string, string>; prefixes: Map<string, string> } {
  const keys = new Map<string, string>();
  const prefixes = new Map<string, string>();
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name)) files.push(p);
    }
  };
  walk(webSrc);
  for (const file of files) {
    const src = ts.createSourceFile(
      file,
      fs.readFileSync(file, 'utf8'),
      ts.ScriptTarget.Latest,
      true,
      file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
    );
    const where = (n: ts.Node) => `${path.relative(repo, file)}:${src.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
    const take = (arg: ts.Node | undefined, at: ts.Node) => {
      if (!arg) return;
      if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) keys.set(arg.text, where(at));
      else if (ts.isTemplateExpression(arg)) prefixes.set(arg.head.text, where(at));
    };
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n)) {
        const callee = n.expression;
        const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
        if (name === 't') take(n.arguments[0], n);
      }
      if (ts.isJsxAttribute(n) && n.name.getText(src) === 'i18nKey' && n.initializer) {
        take(ts.isJsxExpression(n.initializer) ? n.initializer.expression : n.initializer, n);
      }
      ts.forEachChild(n, visit);
    };
    visit(src);
  }
  return { keys, prefixes };
}

const en = keysOf('en');
const used = usedKeys();

test('every key the UI uses exists in English (static keys, and at least one key under each template prefix)', () => {
  const missing = [...used.keys].filter(([k]) => !k.startsWith('issues.') && !en.bases.has(k)).map(([k, at]) => `${k} (${at})`);
  assert.deepEqual(missing, []);
  const emptyFamilies = [...used.prefixes]
    .filter(([p]) => p !== 'issues.' && ![...en.bases.keys()].some((k) => k.startsWith(p)))
    .map(([p, at]) => `${p}* (${at})`);
  assert.deepEqual(emptyFamilies, []);
  assert.ok(used.keys.size > 300, `only ${used.keys.size} keys found: is the scanner reading web/src?`);
});

test('no unused key: every English key is used by the code, directly or under a template prefix', () => {
  const unused = [...en.bases.keys()].filter((k) => !used.keys.has(k) && ![...used.prefixes.keys()].some((p) => k.startsWith(p)));
  assert.deepEqual(unused, []);
});

test('the values behind template prefixes are complete: states, tabs, roles, operators, events, encodings', () => {
  const need = (prefix: string, values: readonly string[]) => {
    for (const v of values) assert.ok(en.bases.has(`${prefix}${v}`), `${prefix}${v}`);
    assert.ok(used.prefixes.has(prefix), `the UI reads ${prefix}*`);
  };
  need('states.', CampaignState.options);
  need('tabs.', Tab.options);
  need('roles.', Role.options);
  need('rules.operators.', ConditionOperator.options);
  need('rules.events.', EngagementCondition.shape.event.options);
  need('import.encodings.', IMPORT_ENCODINGS);
  need('sendModes.', ['push', 'multicast']);
});

for (const l of LOCALES.filter((x) => x !== 'en')) {
  test(`${l}: the same keys as English, each plural in the forms ${l} has, placeholders and markup as in English`, () => {
    const c = keysOf(l);
    assert.deepEqual(
      [...c.bases.keys()].filter((k) => !en.bases.has(k)),
      [],
      `${l} has keys English does not`,
    );
    assert.deepEqual(
      [...en.bases.keys()].filter((k) => !c.bases.has(k)),
      [],
      `${l} lacks keys`,
    );
    const forms = new Intl.PluralRules(l).resolvedOptions().pluralCategories;
    for (const [b, enForms] of en.bases) {
      if (!enForms.size) {
        assert.equal(c.bases.get(b)!.size, 0, `${l}: ${b} is not a plural in English`);
        continue;
      }
      assert.deepEqual([...c.bases.get(b)!].sort(), [...forms].sort(), `${l}: ${b} needs the plural forms ${forms.join(', ')}`);
    }
    for (const [k, v] of c.flat) {
      assert.ok(v.trim(), `${l}: ${k} is empty`);
      const enValue = en.flat.get(k) ?? en.flat.get(`${base(k)}_other`)!;
      const extra = placeholders(v).filter((p) => !placeholders(enValue).includes(p) && p !== 'count');
      assert.deepEqual(extra, [], `${l}: ${k} uses placeholders English does not`);
      const tags = (s: string) => [...s.matchAll(/<(\w+)>/g)].map((m) => m[1]).sort();
      assert.deepEqual(tags(v), tags(enValue), `${l}: ${k} keeps the markup of English`);
    }
  });

  test(`${l}: nothing is left in English (a value equal to English must be a name, a symbol or code)`, () => {
    const c = keysOf(l);
    // Names and technical words that stay as they are in every language.
    const same = /^(LINE|UTM|URL|CSV|API|ID|x|y|UTF-8|Shift_JIS|Linecast|profile\.\w+)$/;
    const left = [...c.flat].filter(([k, v]) => {
      const e = en.flat.get(k);
      return e !== undefined && v === e && /\p{L}{2,}/u.test(v.replace(/\{\{[^}]+\}\}|<\/?\w+>/g, '')) && !same.test(v);
    });
    assert.deepEqual(
      left.map(([k, v]) => `${k}: ${v}`),
      [],
    );
  });

  test(`${l}: every issue code the server can emit is translated, with only the template's placeholders`, () => {
    const issues = (catalogues[l]!.issues ?? {}) as Record<string, string>;
    assert.deepEqual(
      ISSUE_CODES.filter((c) => !(c in issues)),
      [],
      `${l}: untranslated issue codes`,
    );
    assert.deepEqual(
      Object.keys(issues).filter((c) => !(c in ISSUE_TEXT)),
      [],
      `${l}: issue codes the server does not have`,
    );
    for (const code of ISSUE_CODES) {
      const allowed = placeholders(ISSUE_TEXT[code]);
      assert.deepEqual(
        placeholders(issues[code]!).filter((p) => !allowed.includes(p)),
        [],
        `${l}: issues.${code}`,
      );
      assert.notEqual(issues[code], ISSUE_TEXT[code], `${l}: issues.${code} is still English`);
    }
  });
}

test("English has no issues section of its own: the server's templates are the English wording", () => {
  assert.equal(catalogues.en!.issues, undefined);
});
