import { describe, expect, it } from 'vitest';
import { clampArea, rectFrom } from '../src/content/drafts.ts';
import { liquidExpression } from '../src/content/LiquidPicker.tsx';
import { parseBlock } from '../src/api/sse.ts';
import { estimateSeconds } from '../src/campaigns/sendSpeed.ts';
import { parseValue } from '../src/config/RuleBuilder.tsx';

describe('imagemap geometry (1040-wide base space)', () => {
  it('makes a rectangle from a drag in any direction', () => {
    expect(rectFrom({ x: 300, y: 200 }, { x: 100, y: 50 })).toEqual({ x: 100, y: 50, width: 200, height: 150 });
  });
  it('keeps a moved area inside the image', () => {
    expect(clampArea({ x: 900, y: -20, width: 300, height: 100 }, { width: 1040, height: 520 })).toEqual({
      x: 740,
      y: 0,
      width: 300,
      height: 100,
    });
    expect(clampArea({ x: 0, y: 0, width: 5000, height: 0 }, { width: 1040, height: 520 })).toEqual({ x: 0, y: 0, width: 1040, height: 1 });
  });
});

describe('Liquid variable picker', () => {
  it('inserts the variable with its default value, quotes escaped', () => {
    expect(liquidExpression('profile.first_name', 'there')).toBe('{{ profile.first_name | default: "there" }}');
    expect(liquidExpression('profile.nick', 'the "best"')).toBe('{{ profile.nick | default: "the \\"best\\"" }}');
    expect(liquidExpression('campaign.name', ' ')).toBe('{{ campaign.name }}');
  });
  it('reads attributes named in any script, and brackets names Liquid would misread', async () => {
    expect(liquidExpression('profile.姓', 'お客')).toBe('{{ profile.姓 | default: "お客" }}');
    expect(liquidExpression('profile.会員 ランク', '')).toBe('{{ profile["会員 ランク"] }}');
    expect(liquidExpression('profile.2nd-city', '')).toBe('{{ profile["2nd-city"] }}');
    // And what it inserts renders with the engine the delivery runs.
    const { renderForBlankProfile, renderMessages, compileMessages } = await import('../../src/domain/index.ts');
    const text = `${liquidExpression('profile.会員 ランク', '一般')}会員の${liquidExpression('profile.姓', 'お客')}様`;
    expect(renderForBlankProfile([{ type: 'text', text }], { id: 'c', name: 'n' })[0]).toMatchObject({ text: '一般会員のお客様' });
    const rendered = renderMessages(compileMessages([{ type: 'text', text }] as never), {
      profile: { 姓: '髙橋', '会員 ランク': 'ゴールド' },
      campaign: { id: 'c', name: 'n' },
    });
    expect(rendered[0]).toMatchObject({ text: 'ゴールド会員の髙橋様' });
  });
});

describe('progress stream parsing', () => {
  it('reads event and multi-line data, skipping comments', () => {
    const seen: [unknown, string][] = [];
    parseBlock(': keep-alive\nevent: progress\ndata: {"a":\ndata: 1}', (d, e) => seen.push([d, e]));
    expect(seen).toEqual([[{ a: 1 }, 'progress']]);
  });
});

describe('send speed estimate', () => {
  it('multicast carries 500 recipients a request; push one', () => {
    const limits = { pushPerSecond: 2000, multicastPerSecond: 200 };
    expect(estimateSeconds(100_000, 'multicast', limits)).toBe(1);
    expect(estimateSeconds(100_000, 'push', limits)).toBe(50);
  });
});

describe('segment rule values', () => {
  it('keeps numbers numeric, splits lists, drops the value for exists', () => {
    expect(parseValue('greater_than', '100')).toBe(100);
    expect(parseValue('in', 'gold, platinum')).toEqual(['gold', 'platinum']);
    // Japanese and Chinese IMEs type 、 and ，
    expect(parseValue('in', 'ゴールド、プラチナ，シルバー')).toEqual(['ゴールド', 'プラチナ', 'シルバー']);
    expect(parseValue('contains', '123')).toBe('123');
    expect(parseValue('exists', 'x')).toBeUndefined();
  });
});

describe('progress lines of an import answer', () => {
  it('returns each complete line once, as the response grows, and waits for a line cut in the middle', async () => {
    const { progressLines } = await import('../src/api/client.ts');
    const r = progressLines();
    let text = '{"type":"progress","rows":0,"bytes":0}\n{"type":"progr';
    expect(r.read(text)).toEqual([{ type: 'progress', rows: 0, bytes: 0 }]);
    text += 'ess","rows":2000,"bytes":51234}\n';
    expect(r.read(text)).toEqual([{ type: 'progress', rows: 2000, bytes: 51234 }]);
    text += '{"type":"result","inserted":3,"rejected":[]}\n';
    expect(r.read(text)).toEqual([{ type: 'result', inserted: 3, rejected: [] }]);
    expect(r.read(text)).toEqual([]);
  });
});
