// Two versions of a file side by side: a line diff when both are text of a readable size (fetched
// from this device or the relay), else their facts in two columns.
import { useEffect, useState, type ReactNode } from 'react';
import type { VersionEntry } from '@sheaf/shared/drive/drive-tree';
import type { Content } from '@sheaf/shared/drive/ops';
import type { Result } from '@sheaf/shared/result';
import { diffText, isTextLike, MAX_DIFF_BYTES, type TextDiff } from '../app/compare.js';
import { formatBytes, formatLongDate } from './format.js';
import { AlertIcon } from './icons.js';

type VersionCompareProps = {
  readonly name: string;
  readonly older: VersionEntry;
  readonly newer: VersionEntry;
  readonly read: (content: Content, signal: AbortSignal) => Promise<Result<Blob, string>>;
  readonly authorName: (userId: string) => string;
};

type Loaded =
  | { readonly status: 'loading' }
  | { readonly status: 'failed'; readonly message: string }
  | { readonly status: 'ready'; readonly diff: TextDiff };

export function canDiff(name: string, a: VersionEntry, b: VersionEntry): boolean {
  return [a, b].every((v) => isTextLike(name, v.content.mediaType) && v.content.size <= MAX_DIFF_BYTES);
}

function TextComparison({ name, older, newer, read }: Omit<VersionCompareProps, 'authorName'>): ReactNode {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  useEffect(() => {
    const abort = new AbortController();
    const load = async (): Promise<void> => {
      const [a, b] = await Promise.all([read(older.content, abort.signal), read(newer.content, abort.signal)]);
      if (abort.signal.aborted) return;
      if (!a.ok || !b.ok) {
        setLoaded({ status: 'failed', message: !a.ok ? a.error : !b.ok ? b.error : '' });
        return;
      }
      const [before, after] = await Promise.all([a.value.text(), b.value.text()]);
      if (!abort.signal.aborted) setLoaded({ status: 'ready', diff: diffText(before, after) });
    };
    void load();
    return () => abort.abort();
  }, [older, newer, read]);

  if (loaded.status === 'loading') {
    return (
      <div className="compare-loading" aria-busy="true">
        <span className="spinner" aria-hidden="true" /> Loading both versions…
      </div>
    );
  }
  if (loaded.status === 'failed') {
    return (
      <div className="alert" role="alert">
        <AlertIcon size={18} />
        <span>{loaded.message}</span>
      </div>
    );
  }
  const { rows, added, removed } = loaded.diff;
  return (
    <div className="diff-wrap">
      <p className="diff-summary">
        <span className="diff-count is-added">+{added}</span> <span className="diff-count is-removed">−{removed}</span>{' '}
        lines in {name}
      </p>
      <pre className="diff" aria-label="Line differences" data-testid="diff">
        {rows.length === 0 || (added === 0 && removed === 0) ? (
          <span className="diff-line is-fold">The two versions have the same text.</span>
        ) : (
          rows.map((row, i) =>
            row.kind === 'fold' ? (
              <span key={i} className="diff-line is-fold">
                ⋯ {row.count} unchanged {row.count === 1 ? 'line' : 'lines'}
              </span>
            ) : (
              <span key={i} className={`diff-line is-${row.kind}`}>
                <span className="diff-sign" aria-label={row.kind === 'same' ? undefined : row.kind}>
                  {row.kind === 'added' ? '+' : row.kind === 'removed' ? '−' : ' '}
                </span>
                {row.text}
              </span>
            ),
          )
        )}
      </pre>
    </div>
  );
}

function Facts({ older, newer, authorName }: Pick<VersionCompareProps, 'older' | 'newer' | 'authorName'>): ReactNode {
  const facts: ReadonlyArray<[string, (v: VersionEntry) => ReactNode]> = [
    ['Saved', (v) => formatLongDate(v.at)],
    ['Size', (v) => formatBytes(v.content.size)],
    ['Type', (v) => v.content.mediaType],
    ['Device', (v) => v.device],
    ['Author', (v) => authorName(v.by)],
    ['Content hash', (v) => <code title={v.content.hash}>{v.content.hash.slice(0, 16)}…</code>],
  ];
  return (
    <table className="facts">
      <thead>
        <tr>
          <th scope="col">
            <span className="visually-hidden">Fact</span>
          </th>
          <th scope="col">Older</th>
          <th scope="col">Newer</th>
        </tr>
      </thead>
      <tbody>
        {facts.map(([label, value]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td>{value(older)}</td>
            <td>{value(newer)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function VersionCompare(props: VersionCompareProps): ReactNode {
  const { name, older, newer } = props;
  return canDiff(name, older, newer) ? (
    <TextComparison name={name} older={older} newer={newer} read={props.read} />
  ) : (
    <>
      <p className="dialog-text">These versions can’t be compared line by line; here is what differs.</p>
      <Facts older={older} newer={newer} authorName={props.authorName} />
    </>
  );
}
