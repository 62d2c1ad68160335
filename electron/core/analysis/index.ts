// The unblinded analysis: public surface. Statistics live in ./stats (pure, cited); this area
// chooses what to compare and renders the report (JSON, text, SVG figures). Running it on a study
// (opening the key, gathering the input) is close-out's: closeout/analyse.ts.
export type { AnalysisInput, AnalysisOptions, GuessObservation, Observation } from './input';
export { resolveArms } from './input';
export { buildAnalysisReport, rate, upperCategory } from './report';
export { renderReportText } from './text';
export { analysisPlots, transitionsPlotSvg, upperCategoryPlotSvg, type Plot } from './plots';
export { orderTimepoints, timepointLabel } from './timepoints';
export { twoSidedT } from './stats';
