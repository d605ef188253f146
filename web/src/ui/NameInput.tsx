// Editing a name in place (a new folder, a rename): Enter saves, Escape cancels, leaving the field
// saves too. A refused name keeps the field open with the reason under it.
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { splitExtension } from '@sheaf/shared/drive/names';

type NameInputProps = {
  readonly initial: string;
  readonly label: string;
  /** Saves the name; answers why not, or undefined when it was saved. */
  readonly onCommit: (name: string) => string | undefined;
  readonly onCancel: () => void;
  /** A name refused when the field lost focus: the edit ends and the reason goes here. */
  readonly onBlurError: (message: string) => void;
  /** Select only the part before the extension, as file managers do for files. */
  readonly selectStem?: boolean;
};

export function NameInput({ initial, label, onCommit, onCancel, onBlurError, selectStem }: NameInputProps): ReactNode {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string>();
  const input = useRef<HTMLInputElement>(null);
  const done = useRef(false);

  useEffect(() => {
    const field = input.current;
    if (field === null) return;
    field.focus();
    const end = selectStem === true ? splitExtension(initial).stem.length : initial.length;
    field.setSelectionRange(0, end);
  }, [initial, selectStem]);

  const finish = (): void => {
    done.current = true;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    // The row's own keys (Enter opens, F2 renames, Delete trashes) must not see typing.
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      finish();
      onCancel();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const why = onCommit(value);
      if (why === undefined) finish();
      else setError(why);
    }
  };

  const onBlur = (): void => {
    if (done.current) return;
    finish();
    if (value === initial) {
      onCancel();
      return;
    }
    const why = onCommit(value);
    if (why !== undefined) {
      onCancel();
      onBlurError(why);
    }
  };

  return (
    <span className="name-edit">
      <input
        ref={input}
        className={`name-input${error === undefined ? '' : ' is-invalid'}`}
        aria-label={label}
        aria-invalid={error !== undefined}
        value={value}
        spellCheck={false}
        onChange={(event) => {
          setValue(event.target.value);
          setError(undefined);
        }}
        onKeyDown={onKeyDown}
        onBlur={onBlur}
        onClick={(event) => event.stopPropagation()}
        onDoubleClick={(event) => event.stopPropagation()}
      />
      {error === undefined ? null : (
        <span className="name-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
