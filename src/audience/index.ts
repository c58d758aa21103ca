/** The audience module: parent segments, profile import, segments, rule compilation and reach. */
export { compileSegment, checkSegmentRule, parseRule, isIsoDate, InvalidRuleError, type EngagementCompiler } from './compile.ts';
export { segmentReach } from './reach.ts';
export { checkRuleScope, ruleScopeProblems } from './rule-scope.ts';
export { importProfiles, type ImportFormat, type ImportOptions } from './import/importer.ts';
export { discardUnfinishedImports, importBeingApplied } from './import/write.ts';
export { listProfiles, copyProfiles } from './profiles.ts';
export {
  listParentSegments,
  getParentSegment,
  createParentSegment,
  updateParentSegment,
  deleteParentSegment,
  setParentSegmentWorkspaces,
  isParentSegmentAllowed,
  parentSegmentExists,
} from './parent-segments.ts';
export { listSegments, getSegment, createSegment, updateSegment, deleteSegment } from './segments.ts';
