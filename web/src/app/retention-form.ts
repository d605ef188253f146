// The version history setting as a form: the three choices with the number each one takes, read
// into a retention rule with a sentence for what is wrong, and a rule told back in words.
import { MAX_KEPT_DAYS, MAX_KEPT_VERSIONS, type Retention } from '@sheaf/shared/drive/retention';
import { err, ok, type Result } from '@sheaf/shared/result';

export type RetentionChoice = Retention['keep'];

/** What the form holds: the choice, and both numbers as typed (kept while the other choice is picked). */
export type RetentionForm = { readonly keep: RetentionChoice; readonly versions: string; readonly days: string };

export type RetentionFormError = { readonly field: 'versions' | 'days'; readonly message: string };

/** What the form offers for a number not chosen yet: common defaults of other drives. */
const DEFAULT_VERSIONS = 10;
const DEFAULT_DAYS = 30;

const grouped = (n: number): string => n.toLocaleString('en-US');

export function retentionForm(rule: Retention): RetentionForm {
  return {
    keep: rule.keep,
    versions: String(rule.keep === 'count' ? rule.versions : DEFAULT_VERSIONS),
    days: String(rule.keep === 'days' ? rule.days : DEFAULT_DAYS),
  };
}

/** A whole number from 1 to `max` as typed, or undefined. Digits only: "1.5" and "1,5" are not 15. */
function wholeNumber(text: string, max: number): number | undefined {
  const digits = text.trim();
  if (!/^\d{1,9}$/.test(digits)) return undefined;
  const n = Number(digits);
  return n >= 1 && n <= max ? n : undefined;
}

export function ruleFromForm(form: RetentionForm): Result<Retention, RetentionFormError> {
  switch (form.keep) {
    case 'all':
      return ok({ keep: 'all' });
    case 'count': {
      const versions = wholeNumber(form.versions, MAX_KEPT_VERSIONS);
      return versions === undefined
        ? err({
            field: 'versions',
            message: `Enter a whole number of versions from 1 to ${grouped(MAX_KEPT_VERSIONS)}.`,
          })
        : ok({ keep: 'count', versions });
    }
    case 'days': {
      const days = wholeNumber(form.days, MAX_KEPT_DAYS);
      return days === undefined
        ? err({ field: 'days', message: `Enter a whole number of days from 1 to ${grouped(MAX_KEPT_DAYS)}.` })
        : ok({ keep: 'days', days });
    }
  }
}

/** The rule in a few words: "every version", "the last 3 versions", "versions from the last 30 days". */
export function describeRetention(rule: Retention): string {
  switch (rule.keep) {
    case 'all':
      return 'every version';
    case 'count':
      return rule.versions === 1 ? 'only the current version' : `the last ${grouped(rule.versions)} versions`;
    case 'days':
      return `versions from the last ${rule.days === 1 ? 'day' : `${grouped(rule.days)} days`}`;
  }
}

export const sameRetention = (a: Retention, b: Retention): boolean => JSON.stringify(a) === JSON.stringify(b);
