// The stable, snake_case JSON form of a reliability report (`blindfold kappa --json`, exports, the
// fidelity summary's adherence). Its shape, a published interface, is declared with its conventions
// in electron/common/contract/reliability/json.ts: add fields there, never rename or remove them.
import type {
  CutoffJson,
  CutoffKappa,
  IccEstimate,
  IccJson,
  KappaJson,
  KappaResult,
  ReliabilityJson,
  ReliabilityReport,
  Scale,
  Statistic,
  UndefinedStatistic,
  UndefinedStatisticJson,
} from '../../common/contract';

function undefinedJson(s: UndefinedStatistic): UndefinedStatisticJson {
  return { value: null, reason: s.reason, message: s.message };
}

function scalarJson(s: Statistic<number>): number | UndefinedStatisticJson {
  return s.defined ? s.value : undefinedJson(s);
}

export function kappaJson(k: KappaResult): KappaJson {
  if (!k.defined) return { kappa: null, se: null, ci95: null, clipped: null, se0: null, z: null, reason: k.reason, message: k.message };
  const e = k.value;
  const base = { kappa: e.kappa, se: e.se, ci95: e.ci95, clipped: e.clipped, se0: e.se0 };
  return e.z.defined ? { ...base, z: e.z.value } : { ...base, z: null, z_reason: e.z.reason };
}

function iccJson(s: Statistic<IccEstimate>): IccJson | UndefinedStatisticJson {
  if (!s.defined) return undefinedJson(s);
  const { value, ci95 } = s.value;
  return ci95.defined ? { value, ci95: ci95.value } : { value, ci95: null, ci95_reason: ci95.reason };
}

function cutoffJson(c: CutoffKappa): CutoffJson {
  return { cutoff: c.cutoff, table: c.table, ...kappaJson(c.kappa) };
}

export function reportToJson(report: ReliabilityReport, context: { readonly scale: Scale; readonly skipped: number }): ReliabilityJson {
  return {
    n: report.n,
    skipped: context.skipped,
    scale: { min: context.scale.min, max: context.scale.max, step: context.scale.step },
    categories: { mode: report.categories.mode, values: report.categories.values },
    agreement: {
      exact: scalarJson(report.agreement.exact),
      within_half: scalarJson(report.agreement.withinHalf),
      within_one: scalarJson(report.agreement.withinOne),
    },
    unweighted: kappaJson(report.kappa.unweighted),
    linear: kappaJson(report.kappa.linear),
    quadratic: kappaJson(report.kappa.quadratic),
    icc2_1: iccJson(report.icc21),
    icc3_1: iccJson(report.icc31),
    alpha_ordinal: scalarJson(report.alphaOrdinal),
    alpha_interval: scalarJson(report.alphaInterval),
    ac1: scalarJson(report.ac1),
    ac2_linear: scalarJson(report.ac2Linear),
    ac2_quadratic: scalarJson(report.ac2Quadratic),
    cutoffs: report.cutoffs.map(cutoffJson),
  };
}
