import { describe, expect, it } from 'vitest';
import { MAX_KEPT_DAYS, MAX_KEPT_VERSIONS, Retention } from '@sheaf/shared/drive/retention';
import { describeRetention, retentionForm, ruleFromForm, sameRetention } from './retention-form.js';

describe('retentionForm', () => {
  it('shows the stored rule and offers defaults for the numbers not chosen', () => {
    expect(retentionForm({ keep: 'all' })).toEqual({ keep: 'all', versions: '10', days: '30' });
    expect(retentionForm({ keep: 'count', versions: 3 })).toEqual({ keep: 'count', versions: '3', days: '30' });
    expect(retentionForm({ keep: 'days', days: 90 })).toEqual({ keep: 'days', versions: '10', days: '90' });
  });

  it('reads back every rule it shows', () => {
    const rules: Retention[] = [
      { keep: 'all' },
      { keep: 'count', versions: 1 },
      { keep: 'count', versions: MAX_KEPT_VERSIONS },
      { keep: 'days', days: 1 },
      { keep: 'days', days: MAX_KEPT_DAYS },
    ];
    for (const rule of rules) expect(ruleFromForm(retentionForm(rule))).toEqual({ ok: true, value: rule });
  });
});

describe('ruleFromForm', () => {
  const form = { keep: 'count', versions: '5', days: '30' } as const;

  it('reads only the number of the chosen rule', () => {
    expect(ruleFromForm({ ...form, keep: 'all', versions: 'nonsense' })).toEqual({ ok: true, value: { keep: 'all' } });
    expect(ruleFromForm({ ...form, days: '' })).toEqual({ ok: true, value: { keep: 'count', versions: 5 } });
    expect(ruleFromForm({ ...form, keep: 'days', versions: '' })).toEqual({
      ok: true,
      value: { keep: 'days', days: 30 },
    });
  });

  it('takes spaces around a number', () => {
    expect(ruleFromForm({ ...form, versions: ' 1000 ' })).toEqual({
      ok: true,
      value: { keep: 'count', versions: 1000 },
    });
  });

  it('refuses what the schema refuses, naming the field and the bounds', () => {
    for (const versions of [
      '',
      '0',
      '-1',
      '1.5',
      '1.5',
      '1,5',
      '2e3',
      'ten',
      String(MAX_KEPT_VERSIONS + 1),
      '99999999999',
    ]) {
      expect(ruleFromForm({ ...form, versions })).toEqual({
        ok: false,
        error: { field: 'versions', message: 'Enter a whole number of versions from 1 to 10,000.' },
      });
    }
    expect(ruleFromForm({ ...form, keep: 'days', days: String(MAX_KEPT_DAYS + 1) })).toEqual({
      ok: false,
      error: { field: 'days', message: 'Enter a whole number of days from 1 to 36,500.' },
    });
  });

  it('only ever makes rules the shared schema accepts', () => {
    for (const versions of ['1', '7', '10000', '0', '10001']) {
      const read = ruleFromForm({ ...form, versions });
      if (read.ok) expect(Retention.safeParse(read.value).success).toBe(true);
    }
  });
});

describe('describeRetention', () => {
  it('says the rule in words', () => {
    expect(describeRetention({ keep: 'all' })).toBe('every version');
    expect(describeRetention({ keep: 'count', versions: 1 })).toBe('only the current version');
    expect(describeRetention({ keep: 'count', versions: 2500 })).toBe('the last 2,500 versions');
    expect(describeRetention({ keep: 'days', days: 1 })).toBe('versions from the last day');
    expect(describeRetention({ keep: 'days', days: 30 })).toBe('versions from the last 30 days');
  });
});

describe('sameRetention', () => {
  it('compares rules by value', () => {
    expect(sameRetention({ keep: 'count', versions: 2 }, { keep: 'count', versions: 2 })).toBe(true);
    expect(sameRetention({ keep: 'count', versions: 2 }, { keep: 'count', versions: 3 })).toBe(false);
    expect(sameRetention({ keep: 'all' }, { keep: 'days', days: 2 })).toBe(false);
  });
});
