export { checkTemplates, isPersonalized, profileVariables, variableProblem } from './check.ts';
export {
  compileMessages,
  renderMessages,
  renderForBlankProfile,
  TemplateRenderError,
  type CompiledMessages,
  type RenderContext,
  type TemplateErrorCode,
} from './render.ts';
export { RENDER_BUDGET, SEND_RENDER_BUDGET, type RenderBudget } from './budget.ts';
export { CHEAP_FILTERS, isCheapTemplate, isCheapToRender } from './cheap.ts';
