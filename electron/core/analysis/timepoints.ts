// The order of a study's timepoints: the first is the baseline that change is measured from. Labels
// are the study's own ("T0", "pre", "baseline", "6 months"), so the order is taken, in turn, from
// an explicit list, from the study's own list of timepoints (its blinding-check settings), or by a
// natural sort that puts the usual names for a baseline first.
import { CoreError } from '../../common/result';

// Usual names of a pre-intervention assessment, then of the assessment right after it; anything
// else follows in natural order (T0 < T1 < T2, "6 months" < "12 months").
const BASELINE_NAMES = /^(baseline|base|pre|pretest|pre-test|pre_test|screening|intake)$/i;
const POST_NAMES = /^(post|posttest|post-test|post_test|post-intervention|postintervention)$/i;

const natural = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Timepoints in study order. `null` (recordings without a timepoint) comes first. */
export function orderTimepoints(
  labels: Iterable<string | null>,
  options: { explicit?: readonly string[] | undefined; studyList?: readonly string[] | undefined } = {},
): (string | null)[] {
  const present = [...new Set(labels)];
  const named = present.filter((l): l is string => l !== null);
  const head = present.includes(null) ? [null] : [];
  if (options.explicit && options.explicit.length > 0) {
    const missing = named.filter((l) => !options.explicit!.includes(l));
    if (missing.length > 0) {
      throw new CoreError('bad_input', `The timepoint order does not name ${missing.map((m) => `"${m}"`).join(', ')}`);
    }
    return [...head, ...options.explicit.filter((l) => named.includes(l))];
  }
  if (options.studyList && named.every((l) => options.studyList!.includes(l))) {
    return [...head, ...options.studyList.filter((l) => named.includes(l))];
  }
  const rank = (l: string) => (BASELINE_NAMES.test(l.trim()) ? 0 : POST_NAMES.test(l.trim()) ? 1 : 2);
  return [...head, ...[...named].sort((a, b) => rank(a) - rank(b) || natural.compare(a, b))];
}

export function timepointLabel(t: string | null): string {
  return t ?? '(no timepoint)';
}
