// The analysis report as the manager's screen and the printed PDF show it (core/analysis/view.ts
// builds it): the report's JSON, the facts of the study's state, and formatted tables and figures.
import { z } from 'zod';
import { list, view } from '../base';
import { analysisReport } from './report';

/** A table of the report, formatted the way trial reports print numbers; the first cell of a row is its header. */
export const reportTableView = view({
  caption: z.string(),
  columns: list(z.string()),
  rows: list(list(z.string())),
  notes: list(z.string()),
});
export type ReportTableView = z.output<typeof reportTableView>;

export const reportFigureView = view({
  file: z.string(),
  title: z.string(),
  /** The core's SVG as `data:image/svg+xml;base64,…`. */
  dataUrl: z.string(),
  /** The figure's content in words: its text alternative. */
  description: list(z.string()),
});
export type ReportFigureView = z.output<typeof reportFigureView>;

export const reportSectionView = view({
  id: z.string(),
  heading: z.string(),
  tables: list(reportTableView),
  figures: list(reportFigureView),
});
export type ReportSectionView = z.output<typeof reportSectionView>;

export const analysisView = view({
  report: analysisReport,
  /** Facts about the study's state: lock, unblinding, commitment, emergency unblindings, arms, scoring rule. */
  facts: list(view({ term: z.string(), detail: z.string() })),
  sections: list(reportSectionView),
  /** The plain-text report (as `blindfold analyse` prints it). */
  text: z.string(),
});
export type AnalysisView = z.output<typeof analysisView>;
