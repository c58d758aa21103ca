export { checkTemplates, isPersonalized, profileVariables, variableProblem } from './check.ts';
export { compileMessages, renderMessages, renderForBlankProfile, TemplateRenderError, type CompiledMessages, type RenderContext } from './render.ts';
