// Recording dates. Only ISO yyyy-mm-dd is accepted: 03/04/2023 is 3 April in Leiden and 4 March in
// London, and a wrong recording date can put a clip in the wrong assessment window.

export type DateCheck = { readonly ok: true; readonly date: string } | { readonly ok: false; readonly reason: string };

export function checkIsoDate(value: string): DateCheck {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) {
    const hint = /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$/.test(value)
      ? ' Dates like this are read differently in different countries; write them as yyyy-mm-dd (and format the column as Text so Excel does not change them back).'
      : ' Write dates as yyyy-mm-dd, for example 2024-03-27.';
    return { ok: false, reason: `is not a yyyy-mm-dd date.${hint}` };
  }
  return calendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** yyyymmdd as well as yyyy-mm-dd, as cameras and file names write them; normalised to yyyy-mm-dd. */
export function checkFileNameDate(value: string): DateCheck {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(value);
  if (!m) return { ok: false, reason: 'is not a date written yyyy-mm-dd or yyyymmdd.' };
  return calendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

function calendarDate(year: number, month: number, day: number): DateCheck {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    return { ok: false, reason: 'is not a real calendar date.' };
  }
  return { ok: true, date: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
}
