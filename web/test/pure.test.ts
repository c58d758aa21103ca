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
    expect(clampArea({ x: 900, y: -20, width: 300, height: 100 }, { width: 1040, height: 520 })).toEqual({ x: 740, y: 0, width: 300, height: 100 });
    expect(clampArea({ x: 0, y: 0, width: 5000, height: 0 }, { width: 1040, height: 520 })).toEqual({ x: 0, y: 0, width: 1040, height: 1 });
  });
});

describe('Liquid variable picker', () => {
  it('inserts the variable with its default value, quotes escaped', () => {
    expect(liquidExpression('profile.first_name', 'there')).toBe('{{ profile.first_name | default: "there" }}');
    expect(liquidExpression('profile.nick', 'the "best"')).toBe('{{ profile.nick | default: "the \\"best\\"" }}');
    expect(liquidExpression('campaign.name', ' ')).toBe('{{ campaign.name }}');
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
    expect(parseValue('contains', '123')).toBe('123');
    expect(parseValue('exists', 'x')).toBeUndefined();
  });
});
