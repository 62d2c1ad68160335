// The unblinded analysis: public surface. Statistics live in ./stats (pure, cited); this area
// chooses what to compare, renders the report (JSON, text, SVG figures) and runs it on a study.
export type { AnalysisInput, AnalysisOptions, GuessObservation, Observation } from './input';
export { gatherAnalysisInput, resolveArms } from './input';
export { buildAnalysisReport, rate, upperCategory } from './report';
export { renderReportText } from './text';
export { analysisPlots, transitionsPlotSvg, upperCategoryPlotSvg, type Plot } from './plots';
export { orderTimepoints, timepointLabel } from './timepoints';
export { twoSidedT } from './studentT';
export { analyseStudy, writeAnalysisPlots } from './analyse';
