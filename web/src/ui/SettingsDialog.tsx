// The drive's settings, opened from the account menu. Version history: how many earlier versions
// of each file the drive keeps; a stricter rule says up front how many versions it expires, since
// their bytes then leave the relay for good. Devices: where the account is signed in, each listed
// with a way to sign it out (DevicesSection, which acts at once rather than on Save). Security
// activity: the account's audit log, newest first (AuditSection). Storage on this device: what the
// browser gives Sheaf and what is kept available offline (DeviceStorageSection).
import { useCallback, useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import type { DriveTree } from '@sheaf/shared/drive/drive-tree';
import { NodeId } from '@sheaf/shared/drive/node-id';
import type { Retention } from '@sheaf/shared/drive/retention';
import type { Result } from '@sheaf/shared/result';
import {
  retentionForm,
  ruleFromForm,
  sameRetention,
  type RetentionChoice,
  type RetentionForm,
  type RetentionFormError,
} from '../app/retention-form.js';
import type { AuditList } from '../app/audit-list.js';
import type { DeviceList } from '../app/device-list.js';
import type { OfflinePins } from '../app/offline-pins.js';
import type { StorageMeter } from '../app/storage-meter.js';
import { expiredCount } from '../app/version-states.js';
import { AuditSection } from './AuditSection.js';
import { DevicesSection } from './DevicesSection.js';
import { DeviceStorageSection } from './DeviceStorageSection.js';
import { Dialog } from './Dialog.js';
import { AlertIcon, HistoryIcon } from './icons.js';

type SettingsDialogProps = {
  /** The drive's rule and tree; undefined while the drive is still loading. */
  readonly drive: { readonly retention: Retention; readonly tree: DriveTree } | undefined;
  /** Saves the rule: nothing, or why not. */
  readonly onSave: (rule: Retention) => Result<void, string>;
  readonly onClose: () => void;
  /** The account's signed-in devices, and whether the relay is reachable to list them. */
  readonly devices: DeviceList;
  readonly online: boolean;
  /** The account's security activity. */
  readonly audit: AuditList;
  /** This device's storage and the files kept available offline. */
  readonly storage: Pick<StorageMeter, 'device' | 'refreshDevice'>;
  readonly offline: Pick<OfflinePins, 'progress'>;
};

type NumberChoiceProps = {
  readonly keep: Exclude<RetentionChoice, 'all'>;
  readonly form: RetentionForm;
  readonly error: RetentionFormError | undefined;
  readonly before: string;
  /** The unit after the number: singular and plural. */
  readonly after: readonly [string, string];
  readonly inputLabel: string;
  readonly choose: (keep: RetentionChoice) => void;
  readonly type: (keep: 'versions' | 'days', value: string) => void;
};

const fieldOf = (keep: Exclude<RetentionChoice, 'all'>): 'versions' | 'days' =>
  keep === 'count' ? 'versions' : 'days';

/** "Keep the last [N] versions": the radio's name takes in the number, as a screen reader reads it. */
function NumberChoice({ keep, form, error, before, after, inputLabel, choose, type }: NumberChoiceProps): ReactNode {
  const field = fieldOf(keep);
  const errorId = useId();
  const invalid = error?.field === field;
  const chosen = form.keep === keep;
  return (
    <div className={`choice${chosen ? ' is-chosen' : ''}`}>
      <label className="choice-row">
        <input type="radio" className="radio" name="keep" value={keep} checked={chosen} onChange={() => choose(keep)} />
        <span className="choice-label">
          {before}
          <input
            type="text"
            inputMode="numeric"
            className={`field-input choice-number${invalid ? ' is-invalid' : ''}`}
            aria-label={inputLabel}
            aria-invalid={invalid}
            aria-describedby={invalid ? errorId : undefined}
            value={form[field]}
            maxLength={6}
            onFocus={() => choose(keep)}
            onChange={(event) => type(field, event.target.value)}
          />
          {form[field].trim() === '1' ? after[0] : after[1]}
        </span>
      </label>
      {invalid ? (
        <p className="choice-error" id={errorId} role="alert">
          <AlertIcon size={14} />
          {error.message}
        </p>
      ) : null}
    </div>
  );
}

export function SettingsDialog({
  drive,
  onSave,
  onClose,
  devices,
  online,
  audit,
  storage,
  offline,
}: SettingsDialogProps): ReactNode {
  const formId = useId();
  // The preview's clock: a rule by days expires a little more each minute, which needs no live count.
  const [now] = useState(() => Date.now());
  const [form, setForm] = useState<RetentionForm>(() => retentionForm(drive?.retention ?? { keep: 'all' }));
  const [error, setError] = useState<RetentionFormError>();
  const [saveError, setSaveError] = useState<string>();
  const read = ruleFromForm(form);
  const current = drive?.retention;
  // Only a valid rule that changes something is previewed; counting walks every file once, so it
  // runs again only when the form or the drive changes.
  const expiring = useMemo(() => {
    const rule = ruleFromForm(form);
    if (!rule.ok || drive === undefined || sameRetention(rule.value, drive.retention)) return 0;
    return expiredCount(drive.tree.nodes.values(), rule.value, now);
  }, [form, drive, now]);

  const tree = drive?.tree;
  // The log names an item by id; an id from the wire is parsed before the tree is asked.
  const nodeName = useCallback(
    (nodeId: string) => {
      const id = NodeId.safeParse(nodeId);
      return id.success ? tree?.nodes.get(id.data)?.name : undefined;
    },
    [tree],
  );

  const choose = (keep: RetentionChoice): void => {
    setForm((was) => ({ ...was, keep }));
    setError(undefined);
  };
  const type = (field: 'versions' | 'days', value: string): void => {
    setForm((was) => ({ ...was, [field]: value }));
    setError(undefined);
  };

  const save = (event: FormEvent): void => {
    event.preventDefault();
    if (current === undefined) return;
    if (!read.ok) {
      setError(read.error);
      return;
    }
    if (sameRetention(read.value, current)) {
      onClose();
      return;
    }
    const saved = onSave(read.value);
    if (saved.ok) onClose();
    else setSaveError(saved.error);
  };

  const choiceProps = { form, error, choose, type };
  return (
    <Dialog
      title="Settings"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={formId} className="button primary" disabled={current === undefined}>
            Save
          </button>
        </>
      }
    >
      <form id={formId} className="settings" onSubmit={save} noValidate>
        <section className="settings-section" aria-labelledby={`${formId}-history`}>
          <div className="settings-heading">
            <span className="settings-icon" aria-hidden="true">
              <HistoryIcon size={18} />
            </span>
            <div>
              <h3 className="settings-title" id={`${formId}-history`}>
                Version history
              </h3>
              <p className="settings-lead">How many earlier versions of each file your drive keeps.</p>
            </div>
          </div>
          {current === undefined ? (
            <p className="dialog-text" role="status">
              Your drive is still loading. Its settings appear once it has opened.
            </p>
          ) : (
            <fieldset className="choices">
              <legend className="visually-hidden">Versions to keep</legend>
              <div className={`choice${form.keep === 'all' ? ' is-chosen' : ''}`}>
                <label className="choice-row">
                  <input
                    type="radio"
                    className="radio"
                    name="keep"
                    value="all"
                    checked={form.keep === 'all'}
                    onChange={() => choose('all')}
                  />
                  <span className="choice-label">Keep every version</span>
                  <span className="choice-tag">Default</span>
                </label>
              </div>
              <NumberChoice
                keep="count"
                before="Keep the last"
                after={['version', 'versions']}
                inputLabel="Number of versions to keep"
                {...choiceProps}
              />
              <NumberChoice
                keep="days"
                before="Keep versions from the last"
                after={['day', 'days']}
                inputLabel="Number of days to keep versions for"
                {...choiceProps}
              />
            </fieldset>
          )}
          <p className="settings-note">
            Older versions’ bytes are removed from your relay’s server, after which they can’t be downloaded or
            restored. The current version of every file, in the trash too, is always kept.
          </p>
          {expiring > 0 ? (
            <p className="settings-warning" role="status">
              <AlertIcon size={16} />
              <span>
                With this setting, {expiring} earlier {expiring === 1 ? 'version' : 'versions'} in your drive will
                expire.
              </span>
            </p>
          ) : null}
          {saveError === undefined ? null : (
            <div className="alert" role="alert">
              <AlertIcon size={18} />
              <span>{saveError}</span>
            </div>
          )}
        </section>
      </form>
      <DeviceStorageSection storage={storage} offline={offline} />
      <DevicesSection devices={devices} online={online} />
      <AuditSection audit={audit} devices={devices} online={online} nodeName={nodeName} />
    </Dialog>
  );
}
