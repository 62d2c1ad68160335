// Reliability reports as files: CSV (long format, stable columns), snake_case JSON, and a
// self-contained printable HTML document with inline SVG charts. Pure: strings in, strings out.
export { PAIRS_CSV_COLUMNS, RELIABILITY_CSV_COLUMNS, reliabilityCsv, reliabilityPairsCsv } from './csv';
export type { PairReportJson } from './json';
export { pairReportJson } from './json';
export type { HtmlReportOptions } from './html';
export { REPORT_CSP, REPORT_STYLE, REPORT_STYLE_CSP_SOURCE, reliabilityHtml } from './html';
export { blandAltmanSvg, driftSvg, heatmapSvg } from './svg';
export { reliabilityText } from './text';
