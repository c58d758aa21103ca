import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowedEvents, nextState, type CampaignEvent } from '../../src/domain/campaign-state.ts';
import type { CampaignState } from '../../src/schemas/campaign.ts';

const states: CampaignState[] = ['Draft', 'Planned', 'Active', 'Finished', 'Suspended'];
const events: CampaignEvent[] = ['launch', 'schedule', 'unschedule', 'cancel', 'start', 'suspend', 'resume', 'finish', 'retry'];

// The spec's life cycle, written out independently of the implementation's table.
const legal = new Map<string, CampaignState>([
  ['Draft:launch', 'Active'],
  ['Draft:schedule', 'Planned'],
  ['Planned:start', 'Active'],
  ['Planned:unschedule', 'Draft'],
  ['Planned:cancel', 'Suspended'],
  ['Active:cancel', 'Suspended'],
  ['Active:suspend', 'Suspended'],
  ['Active:finish', 'Finished'],
  ['Suspended:resume', 'Active'],
  ['Finished:retry', 'Active'],
]);

for (const s of states)
  for (const e of events)
    test(`${s} --${e}--> ${legal.get(`${s}:${e}`) ?? 'illegal'}`, () => {
      assert.equal(nextState(s, e), legal.get(`${s}:${e}`) ?? null);
    });

test('Finished only reopens through retry', () => assert.deepEqual(allowedEvents('Finished'), ['retry']));
