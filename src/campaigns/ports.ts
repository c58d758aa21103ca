/**
 * The campaign module's seams to its neighbours: LINE message rules (domain), audience reach and the delivery
 * engine. Kept in one file so it is plain which outside calls campaigns make.
 */
export { segmentReach, parseRule, ruleScopeProblems, InvalidRuleError, getSegment, isParentSegmentAllowed } from '../audience/index.ts';
export { beginSnapshot, onCampaignCanceled, onCampaignResumed, checkRenderedContent, wakeDeliveryEngines } from '../delivery/index.ts';

import * as rules from '../domain/index.ts';

/** LINE message rules, Liquid and UTM checks from src/domain. */
export function domain(): typeof rules {
  return rules;
}
